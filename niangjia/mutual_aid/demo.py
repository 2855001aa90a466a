"""Demo data: plan ZYHZ-2020 (policies.md §8) issued by the top org, and a few enrolments."""

import datetime as dt
from decimal import Decimal

from niangjia.core.models import Member, Org
from niangjia.mutual_aid.rules import ZYHZ_2020


def ensure_plan(org: Org):
    from niangjia.mutual_aid.models import Plan

    plan, _ = Plan.objects.get_or_create(
        code="ZYHZ-2020", version=1,
        defaults={"name": "职工住院医疗互助（2020年度）", "org": org, "year": 2020, "premium": Decimal("30.00"),
                  "coverage_start": dt.date(2020, 1, 1), "coverage_end": dt.date(2020, 12, 31),
                  "waiting_days": 90, "rules": ZYHZ_2020, "two_step_above": Decimal("5000.00")},
    )
    return plan


def seed(stdout) -> None:
    from niangjia.mutual_aid.models import Enrolment

    top = Org.objects.filter(parent__isnull=True).order_by("path").first()
    if top is None:
        stdout.write("mutual_aid: no org tree, skipped")
        return
    plan = ensure_plan(top)
    members = list(Member.objects.filter(status="active").order_by("id")[:20])
    taken = set(Enrolment.objects.filter(plan=plan, status="active").values_list("person_index", flat=True))
    new = [
        Enrolment(plan=plan, member=m, person_index=m.id_index, org_id=m.org_id, enrolled_on=dt.date(2020, 1, 1),
                  waiting_until=dt.date(2020, 3, 31), first_time=True, premium=plan.premium)
        for m in members if m.id_index not in taken
    ]
    Enrolment.objects.bulk_create(new)
    stdout.write(f"mutual_aid: plan {plan.code}, {len(new)} new enrolments")
