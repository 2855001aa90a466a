"""Concurrent allocations from one budget never hand down more than it holds (PostgreSQL)."""

import datetime as dt
import threading
from decimal import Decimal as D

import pytest
from django.db import connection

from niangjia.care import services
from niangjia.care.models import Allocation, Campaign
from niangjia.conftest import requires_postgres


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_allocations_stay_within_budget(tree, city_staff):
    campaign = services.create_campaign(actor=city_staff, org_id=tree.city.pk, name="并发测试", kind="visit",
                                        form="cash", start=dt.date(2020, 1, 1), end=dt.date(2020, 2, 1),
                                        total_budget="1000", per_person="100")
    targets = [tree.district_a, tree.district_b, tree.street_a, tree.street_b]
    barrier = threading.Barrier(len(targets))
    errors: list[Exception] = []

    def run(org):
        try:
            barrier.wait()
            services.allocate(actor=city_staff, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                              to_org_id=org.pk, amount="400")
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(o,)) for o in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert Allocation.objects.count() == 2
    assert campaign.allocated_out == D("800.00")
    assert len(errors) == 2 and all(getattr(e, "code", "") == "care.over_budget" for e in errors)
