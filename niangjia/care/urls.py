from django.urls import path

from niangjia.care import views

app_name = "care"

urlpatterns = [
    path("", views.home, name="home"),
    path("deliveries/<int:recipient_id>/confirm/", views.confirm, name="confirm"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/campaigns/<int:campaign_id>/", views.campaign, name="campaign"),
]
