from django.urls import path

from niangjia.congress import views

app_name = "congress"
urlpatterns = [
    path("", views.home, name="home"),
    path("sittings/<int:sitting_id>/check-in/", views.check_in, name="check_in"),
    path("motions/<int:motion_id>/vote/", views.vote, name="vote"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/sittings/<int:sitting_id>/", views.sitting, name="sitting"),
    path("workbench/sittings/<int:sitting_id>/start/", views.sitting_start, name="sitting_start"),
    path("workbench/sittings/<int:sitting_id>/motions/", views.motion_create, name="motion_create"),
    path("workbench/sittings/<int:sitting_id>/roll-call/", views.roll_call, name="roll_call"),
    path("workbench/motions/<int:motion_id>/<str:action>/", views.motion_action, name="motion_action"),
]
