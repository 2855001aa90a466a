from django.urls import path

from niangjia.news import views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:notice_id>/", views.detail, name="detail"),
    path("<int:notice_id>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/new/", views.new, name="new"),
    path("workbench/<int:notice_id>/", views.staff_detail, name="staff_detail"),
    path("workbench/<int:notice_id>/export/", views.export_rates, name="export"),
    path("workbench/<int:notice_id>/publish/", views.publish, name="publish"),
    path("workbench/<int:notice_id>/withdraw/", views.withdraw, name="withdraw"),
    path("workbench/<int:notice_id>/remind/", views.remind, name="remind"),
]
