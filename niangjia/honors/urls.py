from django.urls import path

from niangjia.honors import views

app_name = "honors"

urlpatterns = [
    path("panels/", views.home, name="home"),
    path("panels/<int:panel_id>/", views.panel, name="panel"),
    path("panels/<int:panel_id>/entries/<int:entry_id>/", views.score, name="score"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/<int:panel_id>/", views.staff_panel, name="staff_panel"),
    path("workbench/<int:panel_id>/close/", views.close, name="close"),
    path("workbench/<int:panel_id>/export/", views.export_results, name="export"),
    path("workbench/<int:panel_id>/judges/<int:judge_id>/sheet/", views.judge_sheet, name="judge_sheet"),
]
