from django.urls import path

from niangjia.relief import views, views_lists, views_payments

app_name = "relief"

urlpatterns = [
    path("", views.home, name="home"),
    path("calculator/", views.calculator, name="calculator"),
    path("self-test/", views.self_test, name="self_test"),
    path("apply/", views.apply, name="apply"),
    path("my/", views.my_applications, name="my_applications"),
    path("my/<int:pk>/", views.my_application, name="my_application"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/applications/bulk/", views.applications_bulk, name="applications_bulk"),
    path("workbench/applications/<int:pk>/", views.application_review, name="application_review"),
    path("workbench/applications/<int:pk>/sheet.pdf", views.application_sheet, name="application_sheet"),
    path("workbench/files/", views.files, name="files"),
    path("workbench/campaigns/", views_payments.campaigns, name="campaigns"),
    path("workbench/monitoring/", views.monitoring, name="monitoring"),
    path("workbench/reports/", views.reports, name="reports"),
    path("workbench/batches/", views_payments.batches, name="batches"),
    path("workbench/households/", views.households, name="households"),
    path("workbench/households/<int:pk>/", views.household, name="household"),
    path("workbench/households/duplicates/", views_lists.duplicates, name="duplicates"),
    path("workbench/income/", views_lists.income, name="income"),
    path("workbench/policies/", views_lists.policies, name="policies"),
    path("workbench/dibao/", views_lists.dibao, name="dibao"),
]
