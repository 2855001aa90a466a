"""Ledger: year totals, reversals and payment batches."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import User
from niangjia.core.notifications import notify
from niangjia.relief import rules
from niangjia.relief.models import (
    Disbursement,
    Household,
    HouseholdYearTotal,
    PaymentBatch,
)
from niangjia.relief.services.common import _staff_org


def _lock_total(household: Household, year: int, cap_key: str, cap: Decimal) -> HouseholdYearTotal:
    """The per-household-year totals row, created if missing and locked FOR UPDATE."""
    HouseholdYearTotal.objects.bulk_create(
        [HouseholdYearTotal(household=household, year=year, cap_key=cap_key, total=0, cap=cap)],
        ignore_conflicts=True)
    return HouseholdYearTotal.objects.select_for_update().get(household=household, year=year, cap_key=cap_key)


@transaction.atomic
def reverse_disbursement(*, actor, disbursement_id: int, reason: str) -> Disbursement:
    row = Disbursement.objects.select_related("household", "org").filter(pk=disbursement_id).first()
    if row is None or not scoping.covers(actor, row.org, roles=scoping.APPROVER_ROLES):
        raise NotFound("未找到该发放记录，或您无权操作。")
    if not reason.strip():
        raise Invalid("冲销必须填写原因。", code="relief.reason_required")
    if row.status == "reversed" or Disbursement.objects.filter(reverses=row).exists():
        raise Conflict("这笔发放已经冲销过了。", code="relief.reversed")
    total = _lock_total(row.household, row.year, row.cap_key, row.amount)
    back = Disbursement.objects.create(household=row.household, org=row.org, kind=row.kind, cap_key=row.cap_key,
                                       year=row.year, amount=-row.amount, purpose=f"冲销：{reason[:100]}",
                                       policy=row.policy, application=row.application, status="reversed", reverses=row)
    total.total = max(Decimal("0"), total.total - row.amount)
    total.save(update_fields=["total"])
    audit.record(actor, "relief.reverse", back, org=row.org, summary={"reverses": row.pk, "reason": reason})
    return back


@transaction.atomic
def create_payment_batch(*, actor, org_id: int) -> PaymentBatch:
    org = _staff_org(actor, org_id)
    if not scoping.covers(actor, org, roles=scoping.APPROVER_ROLES):
        raise Forbidden("生成发放批次需要审批权限。", code="relief.approver_only")
    rows = (Disbursement.objects.select_for_update(of=("self",)).filter(org.subtree_q("org__"), status="approved",
                                                             batch__isnull=True, reversal__isnull=True))
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        raise Invalid("没有待发放的记录。", code="relief.nothing_to_pay")
    agg = Disbursement.objects.filter(pk__in=ids).aggregate(s=Sum("amount"))
    batch = PaymentBatch.objects.create(org=org, created_by=actor, total=agg["s"], count=len(ids))
    Disbursement.objects.filter(pk__in=ids).update(batch=batch)
    audit.record(actor, "relief.batch_create", batch, org=org, summary={"count": len(ids), "total": str(agg["s"])})
    return batch


@transaction.atomic
def mark_batch_paid(*, actor, batch_id: int) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update(of=("self",)).select_related("org").filter(pk=batch_id).first()
    if batch is None or not scoping.covers(actor, batch.org, roles=scoping.APPROVER_ROLES):
        raise NotFound("未找到该发放批次，或您无权操作。")
    if batch.paid_at:
        raise Conflict("该批次已标记为已发放。", code="relief.batch_paid")
    now = timezone.now()
    batch.paid_at = now
    batch.save(update_fields=["paid_at"])
    Disbursement.objects.filter(batch=batch, status="approved").update(status="paid", paid_at=now)
    heads = (Disbursement.objects.filter(batch=batch).values("household__head__user", "purpose")
             .annotate(s=Sum("amount")))
    users = {u.pk: u for u in User.objects.filter(pk__in=[h["household__head__user"] for h in heads if
                                                        h["household__head__user"]])}
    for h in heads:
        user = users.get(h["household__head__user"])
        notify(user, "relief.paid", "帮扶资金已发放", f"{h['purpose']} {rules.yuan(h['s'])} 元已打入您登记的银行账户。")
    audit.record(actor, "relief.batch_paid", batch, org=batch.org, summary={"count": batch.count})
    return batch
