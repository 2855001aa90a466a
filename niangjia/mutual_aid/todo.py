"""Mutual aid's entries in the core to-do centre and dashboard strip (registered in MutualAidConfig.ready)."""

import datetime as dt

from django.db.models import Sum
from django.urls import reverse

from niangjia.core import scoping, todo
from niangjia.mutual_aid.models import Claim

REVIEW_DAYS = 10  # colour target for a claim waiting for review


def claims_to_review(actor, limit: int):
    statuses = ["submitted"] + (["first_approved"] if scoping.has_role(actor, scoping.APPROVER_ROLES) else [])
    qs = (Claim.objects.filter(scoping.queue_scope_q(actor), status__in=statuses).select_related("member", "org")
          .order_by("created_at", "id"))
    return todo.count_and_take(qs, limit, lambda c: todo.Item(
        kind="mutual_aid.claim", who=c.member.name, title=f"{c.get_kind_display()} · {c.get_status_display()}",
        created=c.created_at, deadline=c.created_at.date() + dt.timedelta(days=REVIEW_DAYS),
        url=f"{reverse('mutual_aid:review')}?q={c.pk}&status=all#claim-{c.pk}", org_name=c.org.name,
        amount=c.computed_amount))


def claims_paid(actor, year: int):
    total = Claim.objects.filter(scoping.count_scope_q(actor, model=Claim), status="paid",
                                 paid_at__year=year).aggregate(s=Sum("approved_amount"))["s"]
    return total or 0


def register() -> None:
    todo.register(todo.Provider(kind="mutual_aid.claim", label="互助理赔待审核", module="医疗互助",
                                fetch=claims_to_review, list_url_name="mutual_aid:review", order=30))
    todo.register_figure(todo.Figure(key="mutual_aid.claims_paid", label="互助金已赔付", value=claims_paid,
                                     money=True, url_name="mutual_aid:stats", order=50))
