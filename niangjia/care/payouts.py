"""Care's payout source: cash greetings (慰问金) on a campaign's list are paid through core's payout
batches. Until the bank pays a row, reports call the money 拟慰问 (planned); paid rows count as 已拨付."""

from niangjia.care.models import Campaign, Recipient
from niangjia.core.payouts.sources import PayoutItem, PayoutSource


def payable(*, actor, org, exclude, lock: bool):
    qs = (Recipient.objects.filter(org.subtree_q(prefix="funding_org__"), paid_at__isnull=True, amount__gt=0,
                                   campaign__form__in=[Campaign.Form.CASH, Campaign.Form.BOTH])
          .exclude(pk__in=exclude).order_by("pk"))
    if lock:
        qs = qs.select_for_update(of=("self",))
    rows = qs.values_list("pk", "org_id", "person_index", "member__name", "member__user_id", "amount",
                          "campaign__name", "created_by_id")
    for pk, org_id, person, name, user_id, amount, campaign, maker in rows.iterator(chunk_size=2000):
        yield PayoutItem(source_id=pk, org_id=org_id, person_index=person, name=name, amount=amount,
                         purpose="慰问金", note=campaign, user_id=user_id, prepared_by_id=maker)


def on_paid(*, actor, source_ids: list[int], when) -> None:
    Recipient.objects.filter(pk__in=source_ids, paid_at__isnull=True).update(paid_at=when)


SOURCE = PayoutSource(key="care", label="慰问金", budget="慰问活动预算（按出资工会）", payable=payable, on_paid=on_paid)
