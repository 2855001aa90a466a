from django.urls import path

from niangjia.honors import views, views_awards, views_forms, views_mentorship, views_registry

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
    path("workbench/rounds/", views_awards.rounds, name="rounds"),
    path("workbench/rounds/<int:round_id>/", views_awards.round_detail, name="round"),
    path("workbench/rounds/<int:round_id>/nominate/", views_awards.nominate, name="nominate"),
    path("workbench/rounds/<int:round_id>/stage/", views_awards.stage, name="round_stage"),
    path("workbench/rounds/<int:round_id>/objections/<int:objection_id>/", views_awards.decide, name="decide"),
    path("rounds/<int:round_id>/publicity/", views_awards.publicity, name="publicity"),
    path("rounds/<int:round_id>/publicity/<int:nomination_id>/object/", views_awards.object_to, name="object"),
    path("mentorship/", views_mentorship.mine, name="mentorship"),
    path("mentorship/act/", views_mentorship.act, name="mentorship_act"),
    path("workbench/mentorship/", views_mentorship.staff, name="mentorship_staff"),
    path("workbench/mentorship/<int:pair_id>/close/", views_mentorship.close, name="mentorship_close"),
    path("workbench/model-workers/", views_registry.registry, name="registry"),
    path("workbench/model-workers/export/", views_registry.registry_export, name="registry_export"),
    path("workbench/model-workers/<int:worker_id>/", views_registry.worker, name="model_worker"),
    path("workbench/model-workers/<int:worker_id>/act/", views_registry.worker_act, name="model_worker_act"),
    path("workbench/new/", views_forms.new_panel, name="new_panel"),
    path("workbench/<int:panel_id>/add/", views_forms.panel_add, name="panel_add"),
    path("panels/<int:panel_id>/declare/", views_forms.declare, name="declare"),
    path("workbench/rounds/new/", views_forms.new_round, name="new_round"),
    path("workbench/mentorship/new/", views_forms.new_pair, name="new_pair"),
    path("workbench/model-workers/new/", views_forms.new_model_worker, name="new_model_worker"),
]
