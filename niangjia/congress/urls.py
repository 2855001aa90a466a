from django.urls import path

from niangjia.congress import views, views_live, views_proposals, views_results

app_name = "congress"
urlpatterns = [
    path("", views.home, name="home"),
    path("sittings/<int:sitting_id>/check-in/", views.check_in, name="check_in"),
    path("motions/<int:motion_id>/vote/", views.vote, name="vote"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/sittings/<int:sitting_id>/", views.sitting, name="sitting"),
    path("workbench/congresses/<int:congress_id>/delegates/", views.delegates, name="delegates"),
    path("workbench/congresses/<int:congress_id>/delegates/template.xlsx", views.delegates_template,
         name="delegates_template"),
    path("workbench/congresses/<int:congress_id>/election-rules/", views.election_rules, name="election_rules"),
    path("workbench/sittings/<int:sitting_id>/start/", views.sitting_start, name="sitting_start"),
    path("workbench/sittings/<int:sitting_id>/motions/", views.motion_create, name="motion_create"),
    path("workbench/sittings/<int:sitting_id>/roll-call/", views.roll_call, name="roll_call"),
    path("workbench/motions/<int:motion_id>/resolution.pdf", views_results.resolution_pdf, name="resolution_pdf"),
    path("workbench/motions/<int:motion_id>/tallies.xlsx", views_results.tally_xlsx, name="tally_xlsx"),
    path("workbench/motions/<int:motion_id>/elected-delegates/", views_results.elected_delegates,
         name="elected_delegates"),
    path("workbench/motions/<int:motion_id>/paper-ballot/", views.paper_ballot, name="paper_ballot"),
    path("workbench/sittings/<int:sitting_id>/proxies/<str:action>/", views.proxies, name="proxies"),
    path("workbench/motions/<int:motion_id>/<str:action>/", views.motion_action, name="motion_action"),
    path("live/<int:sitting_id>/", views_live.live, name="live"),
    path("live/<int:sitting_id>/snapshot.json", views_live.live_snapshot, name="live_snapshot"),
    path("proposals/", views_proposals.proposals, name="proposals"),
    path("proposals/new/", views_proposals.proposal_new, name="proposal_new"),
    path("proposals/<int:proposal_id>/", views_proposals.proposal, name="proposal"),
    path("proposals/<int:proposal_id>/<str:action>/", views_proposals.proposal_action, name="proposal_action"),
    path("workbench/proposals/", views_proposals.proposals_workbench, name="proposals_workbench"),
    path("workbench/proposals/departments/", views_proposals.department_add, name="department_add"),
    path("workbench/proposals/<int:proposal_id>/<str:action>/", views_proposals.proposal_handle,
         name="proposal_handle"),
]
