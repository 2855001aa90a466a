"""Seeding of the reference data (policies and dibao) shared by demo.py, tests and benchmarks."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from niangjia.relief.models import DibaoStandard, Policy
from niangjia.relief.policy_data import CATEGORY_STANDARDS, CHONGQING_2020, DIBAO, demo_city_policy

DEMO_CITY_REGION = "330100"


@transaction.atomic
def seed_reference(today: dt.date | None = None) -> tuple[Policy, Policy]:  # (demo city temporary, category)
    """Idempotent: the Chongqing 2020 temporary-relief policy, the demo city's own policy for the current
    year, the category standards and dibao rows (the demo city's for the current year included)."""
    year = (today or timezone.localdate()).year
    out = []
    for data in (CHONGQING_2020, CATEGORY_STANDARDS, demo_city_policy(year)):
        policy, _ = Policy.objects.get_or_create(
            code=data["code"], version=1,
            defaults={"name": data["name"], "kind": data["kind"], "region_code": data["region_code"],
                      "effective_from": dt.date.fromisoformat(data["effective_from"]), "params": data["params"],
                      "status": "active", "is_example": True})
        out.append(policy)
    for region, row_year, amount, demo, note in DIBAO:
        DibaoStandard.objects.get_or_create(region_code=region, year=row_year,
                                            defaults={"monthly_amount": Decimal(amount), "is_demo": demo, "note": note})
    # the demo city has a (demo) dibao for the current year, so its calculators answer for today
    latest = DibaoStandard.objects.filter(region_code=DEMO_CITY_REGION, year__lte=year).order_by("-year").first()
    if latest is not None and latest.year != year:
        DibaoStandard.objects.get_or_create(
            region_code=DEMO_CITY_REGION, year=year,
            defaults={"monthly_amount": latest.monthly_amount, "is_demo": True,
                      "note": f"演示城市低保（示例值，沿用 {latest.year} 年，请按民政部门公布标准维护）"})
    return out[2], out[1]  # the demo city's temporary policy and the category standards
