"""Parallel approvals against the yearly cap, on PostgreSQL with one connection per thread."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from niangjia.conftest import requires_postgres
from niangjia.core.errors import Conflict
from niangjia.relief import services
from niangjia.relief.models import Application, Disbursement, HouseholdYearTotal

YEAR = timezone.localdate().year


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_never_exceed_the_cap(tree, staff_a, district_a, city_approver, make_household):
    hh = make_household(staff_a, tree.union_a)  # 60,000 a year; self-paid 60,000 -> tier 4, 20,000 each
    ids = []
    for i in range(5):
        app = services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=YEAR,
                                          total_cost="60000", self_paid="60000",
                                          invoices=[{"number": f"PAR-{i}", "amount": "60000",
                                                     "issued_on": f"{YEAR}-01-01"}])
        services.decide(actor=staff_a, application_id=app.pk, approve=True)
        services.decide(actor=district_a, application_id=app.pk, approve=True)
        ids.append(app.pk)
    barrier = threading.Barrier(len(ids))
    outcomes: list = []

    def approve(app_id):
        try:
            barrier.wait()
            services.decide(actor=city_approver, application_id=app_id, approve=True)
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = HouseholdYearTotal.objects.get(household=hh, year=YEAR, cap_key="hospitalization")
    ledger = sum(Disbursement.objects.filter(household=hh).values_list("amount", flat=True))
    assert total.total == Decimal("50000.00")
    assert ledger == total.total
    assert sorted(outcomes) == ["ok", "ok", "ok", "relief.cap_exceeded", "relief.cap_exceeded"]
    granted = sorted(Application.objects.filter(status="approved").values_list("granted_amount", flat=True))
    assert granted == [Decimal("10000.00"), Decimal("20000.00"), Decimal("20000.00")]


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_households_for_one_head_make_only_one(tree, staff_a, make_member, ref):
    """One household per head holds under concurrency: the unique index on the head's ID blind index."""
    from niangjia.core.errors import Conflict as HeadConflict
    from niangjia.relief.models import Household

    member = make_member(tree.union_a)
    barrier = threading.Barrier(2)
    outcomes = []

    def create():
        try:
            barrier.wait()
            services.create_household(actor=staff_a, org_id=tree.union_a.pk, head_name=member.name,
                                      region_code="330102", head_member_id=member.pk,
                                      members=[{"name": member.name, "relation": "self", "age": 40,
                                                "monthly_income": "1000"}])
            outcomes.append("ok")
        except HeadConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Household.objects.filter(head=member).count() == 1
