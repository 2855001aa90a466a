"""Seeding of the reference data (policies and dibao) shared by demo.py, tests and benchmarks."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from niangjia.relief.models import DibaoStandard, Policy
from niangjia.relief.policy_data import CATEGORY_STANDARDS, CHONGQING_2020, DIBAO


@transaction.atomic
def seed_reference() -> tuple[Policy, Policy]:
    """Idempotent: the Chongqing 2020 temporary-relief policy, the category standards and dibao rows."""
    out = []
    for data in (CHONGQING_2020, CATEGORY_STANDARDS):
        policy, _ = Policy.objects.get_or_create(
            code=data["code"], version=1,
            defaults={"name": data["name"], "kind": data["kind"], "region_code": data["region_code"],
                      "effective_from": dt.date.fromisoformat(data["effective_from"]), "params": data["params"],
                      "status": "active", "is_example": True})
        out.append(policy)
    for region, year, amount, demo, note in DIBAO:
        DibaoStandard.objects.get_or_create(region_code=region, year=year,
                                            defaults={"monthly_amount": Decimal(amount), "is_demo": demo, "note": note})
    return out[0], out[1]
