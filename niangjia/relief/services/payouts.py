"""Relief's payout source: approved ledger rows (applications and campaign rows) are paid through
core's payout batches (core.payouts); when the bank pays a row the ledger row becomes `paid`."""

from django.db.models import Sum

from niangjia.core.models import User
from niangjia.core.notifications import notify
from niangjia.core.payouts.sources import PayoutItem, PayoutSource
from niangjia.relief import rules
from niangjia.relief.models import Disbursement
from niangjia.relief.services.campaigns import BUDGET


def payable(*, actor, org, exclude, lock: bool):
    # rows in a pre-core relief batch (Disbursement.batch) were paid that way and are never offered again
    qs = (Disbursement.objects.filter(org.subtree_q("org__"), status="approved", amount__gt=0,
                                      reversal__isnull=True, batch__isnull=True)
          .exclude(pk__in=exclude).order_by("pk"))
    if lock:
        qs = qs.select_for_update(of=("self",))
    rows = qs.values_list("pk", "org_id", "household__head__id_index", "household__head_name",
                          "household__head__user_id", "amount", "purpose", "application_id", "campaign_id",
                          "campaign__created_by_id")
    for pk, org_id, person, name, user_id, amount, purpose, app_id, campaign_id, campaign_maker in rows.iterator(
            chunk_size=2000):
        note = f"帮扶申请{app_id}" if app_id else (f"专项救助{campaign_id}" if campaign_id else "")
        yield PayoutItem(source_id=pk, org_id=org_id, person_index=person or "", name=name, amount=amount,
                         purpose=(purpose or "困难帮扶")[:60], note=note, user_id=user_id,
                         prepared_by_id=campaign_maker)


def on_paid(*, actor, source_ids: list[int], when) -> None:
    Disbursement.objects.filter(pk__in=source_ids, status="approved").update(status="paid", paid_at=when)
    heads = (Disbursement.objects.filter(pk__in=source_ids).values("household__head__user", "purpose")
             .annotate(s=Sum("amount")))
    users = {u.pk: u for u in User.objects.filter(pk__in={h["household__head__user"] for h in heads})}
    for h in heads:
        notify(users.get(h["household__head__user"]), "relief.paid", "帮扶资金已发放",
               f"{h['purpose']} {rules.yuan(h['s'])} 元已打入您登记的银行账户。", link="/relief/my/")


SOURCE = PayoutSource(key="relief", label="困难帮扶", budget=BUDGET, payable=payable, on_paid=on_paid)
