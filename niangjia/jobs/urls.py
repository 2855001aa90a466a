from django.urls import path

from niangjia.jobs import views, views_workbench

app_name = "jobs"

urlpatterns = [
    path("", views.home, name="home"),
    path("posts/<int:position_id>/", views.post_detail, name="post"),
    path("posts/<int:position_id>/apply/", views.apply, name="apply"),
    path("applications/<int:application_id>/", views.application, name="application"),
    path("applications/<int:application_id>/share/", views.share, name="share"),
    path("applications/<int:application_id>/move/", views.move, name="move"),
    path("applications/<int:application_id>/withdraw/", views.withdraw, name="withdraw"),
    path("packets/<int:packet_id>/", views.packet, name="packet"),
    path("fairs/<int:fair_id>/", views.fair, name="fair"),
    path("employer/", views.employer, name="employer"),
    path("employer/register/", views.employer_register, name="employer_register"),
    path("employer/<int:employer_id>/posts/new/", views.position_create, name="position_create"),
    path("employer/posts/<int:position_id>/applicants/", views.applicants, name="applicants"),
    path("workbench/", views_workbench.workbench, name="workbench"),
    path("workbench/employers/<int:employer_id>/verify/", views_workbench.verify, name="verify"),
    path("workbench/fairs/new/", views_workbench.fair_create, name="fair_create"),
    path("workbench/import/", views_workbench.imports, name="imports"),
    path("workbench/help/", views_workbench.help_list, name="help"),
    path("workbench/help/<int:household_id>/", views_workbench.help_household, name="help_household"),
    path("workbench/help/<int:household_id>/intent/", views_workbench.intent_record, name="intent_record"),
    path("workbench/intents/<int:intent_id>/packet/", views_workbench.packet_send, name="packet_send"),
    path("workbench/packets/<int:packet_id>/outcome/", views_workbench.outcome, name="outcome"),
]
