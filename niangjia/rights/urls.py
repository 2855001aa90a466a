from django.urls import path

from niangjia.rights import views, views_casework, views_settings

app_name = "rights"

urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.ask, name="ask"),
    path("suggest/", views.suggest, name="suggest"),
    path("kb/", views.kb, name="kb"),
    path("kb/<int:pk>/", views.article, name="article"),
    path("cases/", views.my_cases, name="my_cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/rate/", views.case_rate, name="case_rate"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("appointments/", views.appointment_list, name="appointments"),
    path("appointments/<int:pk>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path("appointments/<int:pk>/note/", views.session_note, name="session_note"),
    path("slots/<int:pk>/book/", views.slot_book, name="slot_book"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/screen-pop/", views.screen_pop, name="screen_pop"),
    path("workbench/cases/<int:pk>/", views.staff_case, name="staff_case"),
    path("workbench/duty/", views.duty, name="duty"),
    path("workbench/hotline/new/", views.hotline_case, name="hotline_case"),
    path("workbench/counselling/", views.counselling, name="counselling"),
    path("workbench/stats/", views.stats, name="stats"),
    path("workbench/letters/", views_casework.letter_list, name="letters"),
    path("workbench/letters/<int:pk>/", views_casework.letter_detail, name="letter"),
    path("workbench/letters/<int:pk>/pdf/", views_casework.letter_pdf, name="letter_pdf"),
    path("workbench/mediation/", views_casework.mediation_list, name="mediations"),
    path("mediation/<int:pk>/", views_casework.mediation_detail, name="mediation"),
    path("mediation/<int:pk>/pdf/", views_casework.mediation_pdf, name="mediation_pdf"),
    path("workbench/risk/", views_casework.risk_list, name="risk"),
    path("workbench/casework-stats/", views_casework.casework_stats, name="casework_stats"),
    path("workbench/settings/holidays/", views_settings.holidays, name="holidays"),
    path("workbench/settings/sla/", views_settings.sla, name="sla"),
    path("workbench/settings/synonyms/", views_settings.synonyms, name="synonyms"),
    path("workbench/settings/supervisors/", views_settings.supervisors, name="supervisors"),
    path("workbench/settings/volunteers/", views_settings.volunteers, name="volunteers"),
    path("workbench/kb/", views_settings.kb_admin, name="kb_admin"),
    path("workbench/kb/new/", views_settings.kb_edit, name="kb_new"),
    path("workbench/kb/<int:pk>/edit/", views_settings.kb_edit, name="kb_edit"),
]
