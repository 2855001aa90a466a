from django.urls import path

from niangjia.mutual_aid import views, views_enrolments, views_plans, views_review

app_name = "mutual_aid"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:plan_id>/enrol/", views.enrol, name="enrol"),
    path("quote/", views.quote, name="quote"),
    path("workbench/plans/", views_plans.plans, name="plans"),
    path("workbench/plans/<int:plan_id>/", views_plans.plan_detail, name="plan"),
    path("workbench/review/batch/", views_plans.review_batch, name="review_batch"),
    path("certificates/<int:enrolment_id>/", views.certificate, name="certificate"),
    path("certificates/check/<str:token>/", views.certificate_check, name="certificate_check"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/enrol/", views.enrol_batch, name="enrol_batch"),
    path("workbench/enrolments/", views_enrolments.enrolments, name="enrolments"),
    path("workbench/batches/", views.batches, name="batches"),
    path("workbench/review/", views.review, name="review"),
    path("workbench/review/<int:claim_id>/", views.decide, name="decide"),
    path("workbench/claims/<int:claim_id>/", views_review.claim_review, name="claim_review"),
    path("workbench/claims/bulk/", views_review.claims_bulk, name="claims_bulk"),
    path("workbench/claims/<int:claim_id>/sheet.pdf", views_review.claim_sheet, name="claim_sheet"),
    path("workbench/payouts/", views.payouts, name="payouts"),
    path("workbench/stats/", views.stats, name="stats"),
]
