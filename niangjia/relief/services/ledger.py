"""Ledger: year totals, reversals and payment batches."""

from decimal import Decimal

from django.db import transaction

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.relief.models import (
    Disbursement,
    Household,
    HouseholdYearTotal,
)


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
