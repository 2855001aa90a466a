from django.urls import path

from niangjia.events import views, views_staff

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:event_id>/", views.detail, name="detail"),
    path("<int:event_id>/register/", views.register, name="register"),
    path("<int:event_id>/cancel/", views.cancel, name="cancel"),
    path("<int:event_id>/offer/", views.answer_offer, name="offer"),
    path("<int:event_id>/match/profile/", views.match_profile, name="match_profile"),
    path("<int:event_id>/match/choose/", views.match_choose, name="match_choose"),
    path("<int:event_id>/hours/", views.report_hours, name="report_hours"),
    path("volunteering/", views.volunteer_hours, name="volunteer_hours"),
    path("volunteering/<int:year>/certificate/", views.volunteer_certificate, name="volunteer_certificate"),
    path("workbench/", views_staff.workbench, name="workbench"),
    path("workbench/new/", views_staff.new, name="new"),
    path("workbench/<int:event_id>/", views_staff.staff_detail, name="staff_detail"),
    path("workbench/<int:event_id>/export/", views_staff.export_registrations, name="export"),
    path("workbench/<int:event_id>/quota/", views_staff.set_quota, name="quota"),
    path("workbench/<int:event_id>/hours/<int:registration_id>/", views_staff.confirm_hours, name="confirm_hours"),
    path("workbench/<int:event_id>/scan/", views_staff.scan, name="scan"),
    path("workbench/<int:event_id>/draw/", views_staff.draw, name="draw"),
    path("workbench/<int:event_id>/congress-quota/", views_staff.congress_quota, name="congress_quota"),
]
