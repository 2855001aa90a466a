from django.urls import path

from niangjia.training import views_contests as views

urlpatterns: list = [
    path("contests/", views.contests, name="contests"),
    path("contests/<int:contest_id>/", views.contest, name="contest"),
    path("contests/<int:contest_id>/start/", views.contest_start, name="contest_start"),
    path("contests/<int:contest_id>/certificate.pdf", views.contest_certificate, name="contest_certificate"),
    path("contests/attempts/<int:attempt_id>/", views.attempt, name="attempt"),
    path("contests/attempts/<int:attempt_id>/submit/", views.attempt_submit, name="attempt_submit"),
    path("workbench/contests/", views.contest_workbench, name="contest_workbench"),
    path("workbench/contests/new/", views.contest_create, name="contest_create"),
    path("workbench/contests/<int:contest_id>/", views.contest_staff, name="contest_staff"),
    path("workbench/contests/<int:contest_id>/action/", views.contest_action, name="contest_action"),
    path("workbench/contests/<int:contest_id>/results.xlsx", views.contest_results_export, name="contest_results_export"),
    path("workbench/contests/banks/", views.contest_banks, name="contest_banks"),
    path("workbench/contests/banks/template.xlsx", views.contest_bank_template, name="contest_bank_template"),
]
