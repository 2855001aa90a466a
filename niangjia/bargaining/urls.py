from django.urls import path

from niangjia.bargaining import views

app_name = "bargaining"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:negotiation_id>/", views.member_detail, name="member_detail"),
    path("<int:negotiation_id>/opinion/", views.opinion, name="opinion"),
    path("<int:negotiation_id>/ballot/", views.ballot, name="ballot"),
    path("ask/", views.ask, name="ask"),
    path("<int:negotiation_id>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("employer/", views.employer_home, name="employer_home"),
    path("employer/<int:negotiation_id>/", views.employer_detail, name="employer_detail"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/new/", views.new, name="new"),
    path("workbench/stats/", views.stats, name="stats"),
    path("workbench/export/", views.export, name="export"),
    path("workbench/region-params/", views.region_params, name="region_params"),
    path("workbench/asks/", views.asks, name="asks"),
    path("workbench/<int:negotiation_id>/", views.detail, name="detail"),
    path("workbench/<int:negotiation_id>/<str:name>/", views.action, name="action"),
]
