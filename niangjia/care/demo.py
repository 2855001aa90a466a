"""Demo data: a 送温暖 campaign by the top org, allocated to its first child, with front-line recipients."""

import datetime as dt
from decimal import Decimal

from niangjia.core.models import Member, Org


def seed(stdout) -> None:
    from niangjia.care.models import Allocation, Campaign, Recipient

    top = Org.objects.filter(parent__isnull=True).order_by("path").first()
    if top is None:
        stdout.write("care: no org tree, skipped")
        return
    campaign, created = Campaign.objects.get_or_create(
        name="2020年元旦春节送温暖", org=top,
        defaults={"kind": "warmth", "form": "both", "start": dt.date(2020, 12, 20), "end": dt.date(2021, 2, 10),
                  "total_budget": Decimal("300000.00"), "per_person": Decimal("500.00"), "goods": "米、油"},
    )
    child = Org.objects.filter(parent=top).order_by("path").first()
    if child is None:
        stdout.write("care: demo campaign created")
        return
    alloc = Allocation.objects.filter(campaign=campaign, org=child).first()
    if alloc is None:
        alloc = Allocation.objects.create(campaign=campaign, org=child, amount=Decimal("100000.00"))
        Campaign.objects.filter(pk=campaign.pk).update(allocated_out=Decimal("100000.00"))
    members = list(Member.objects.filter(child.subtree_q(prefix="org__"), status="active").order_by("id")[:10])
    taken = set(Recipient.objects.filter(campaign=campaign).values_list("person_index", flat=True))
    new = [Recipient(campaign=campaign, allocation=alloc, org_id=m.org_id, funding_org=child, member=m,
                     person_index=m.id_index, amount=campaign.per_person, source="manual")
           for m in members if m.id_index not in taken]
    spent = campaign.per_person * len(new)
    if spent > alloc.amount - alloc.allocated_out - alloc.spent:
        new, spent = [], Decimal(0)
    Recipient.objects.bulk_create(new)
    Allocation.objects.filter(pk=alloc.pk).update(spent=alloc.spent + spent)
    stdout.write(f"care: campaign {campaign.name}, {len(new)} new recipients")
