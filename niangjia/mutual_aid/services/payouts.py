"""Payout batches: approved claims of an org's subtree go into one bank file; marking it paid notifies members."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.notifications import notify
from niangjia.mutual_aid.models import Claim, LedgerEntry, PayoutBatch


@transaction.atomic
def create_payout_batch(*, actor, org_id: int) -> PayoutBatch:
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    if not scoping.covers(actor, org, roles=scoping.APPROVER_ROLES):
        raise NotFound("未找到该工会，或您无权发放。")
    claims = Claim.objects.select_for_update().filter(org.subtree_q(prefix="org__"), status=Claim.Status.APPROVED,
                                                     payout_batch__isnull=True)
    ids = list(claims.values_list("pk", flat=True))
    if not ids:
        raise Invalid("没有待发放的已审批申请。", code="mutual_aid.nothing_to_pay")
    total = Claim.objects.filter(pk__in=ids).aggregate(s=Sum("approved_amount"))["s"]
    batch = PayoutBatch.objects.create(org=org, count=len(ids), total=total, created_by=actor)
    Claim.objects.filter(pk__in=ids).update(payout_batch=batch)
    audit.record(actor, "mutual_aid.payout_batch", batch, org=org, summary={"count": len(ids), "total": str(total)})
    return batch


@transaction.atomic
def mark_batch_paid(*, actor, batch_id: int) -> PayoutBatch:
    batch = PayoutBatch.objects.select_for_update().select_related("org").filter(pk=batch_id).first()
    if batch is None or not scoping.covers(actor, batch.org, roles=scoping.APPROVER_ROLES):
        raise NotFound("未找到该发放批次，或您无权处理。")
    if batch.status == PayoutBatch.Status.PAID:
        raise Conflict("该批次已标记为已发放。", code="mutual_aid.batch_paid")
    now = timezone.now()
    claims = list(batch.claims.select_related("member__user"))
    for claim in claims:
        LedgerEntry.objects.create(claim=claim, org_id=claim.org_id, kind=LedgerEntry.Kind.PAID,
                                   amount=claim.approved_amount, actor=actor)
        notify(claim.member.user, "mutual_aid.paid", "医疗互助金已发放",
               f"发票 {claim.invoice_no} 的互助金 {claim.approved_amount} 元已发放到您的银行账户。",
               link=f"/mutual-aid/claims/{claim.pk}/")
    batch.claims.update(status=Claim.Status.PAID, paid_at=now)
    batch.status, batch.paid_at = PayoutBatch.Status.PAID, now
    batch.save(update_fields=["status", "paid_at"])
    audit.record(actor, "mutual_aid.payout_paid", batch, org=batch.org,
                 summary={"count": len(claims), "total": str(batch.total)})
    return batch
