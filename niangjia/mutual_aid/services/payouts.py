"""Mutual aid's payout source: approved claims are paid through core's payout batches (core.payouts);
when the bank pays a row the claim becomes `paid`, the ledger gets its `paid` entry and the member is told."""


from niangjia.core.notifications import notify
from niangjia.core.payouts.sources import PayoutItem, PayoutSource
from niangjia.mutual_aid.models import Claim, LedgerEntry


def payable(*, actor, org, exclude, lock: bool):
    # claims in a pre-core mutual-aid batch (Claim.payout_batch) were paid that way
    qs = (Claim.objects.filter(org.subtree_q(prefix="org__"), status=Claim.Status.APPROVED,
                               payout_batch__isnull=True, approved_amount__gt=0)
          .exclude(pk__in=exclude).order_by("pk"))
    if lock:
        qs = qs.select_for_update(of=("self",))
    rows = qs.values_list("pk", "org_id", "person_index", "member__name", "member__user_id", "approved_amount",
                          "invoice_no")
    for pk, org_id, person, name, user_id, amount, invoice in rows.iterator(chunk_size=2000):
        yield PayoutItem(source_id=pk, org_id=org_id, person_index=person, name=name, amount=amount,
                         purpose="职工医疗互助金", note=invoice, user_id=user_id)


def on_paid(*, actor, source_ids: list[int], when) -> None:
    claims = list(Claim.objects.filter(pk__in=source_ids, status=Claim.Status.APPROVED)
                  .select_related("member__user"))
    LedgerEntry.objects.bulk_create([LedgerEntry(claim=c, org_id=c.org_id, kind=LedgerEntry.Kind.PAID,
                                                 amount=c.approved_amount, actor=actor) for c in claims])
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(status=Claim.Status.PAID, paid_at=when)
    for claim in claims:
        notify(claim.member.user, "mutual_aid.paid", "医疗互助金已发放",
               f"发票 {claim.invoice_no} 的互助金 {claim.approved_amount} 元已发放到您的银行账户。",
               link=f"/mutual-aid/claims/{claim.pk}/")


SOURCE = PayoutSource(key="mutual_aid", label="职工医疗互助", budget="职工医疗互助保障金（参保保费）",
                      payable=payable, on_paid=on_paid)
