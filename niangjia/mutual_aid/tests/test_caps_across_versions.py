"""Issue 9: annual caps and once-per-year benefits belong to the plan's code and year, not to one version row.

Policies.md §8: at most 20,000 yuan of inpatient aid per person per plan year across all claims; the
serious-illness lump sum of 5,000 once per person per plan year. A second version of ZYHZ-2020 is the
same plan year, so what the first version paid counts against it.
"""

import datetime as dt
import threading
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from niangjia.conftest import requires_postgres
from niangjia.core.errors import Conflict
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim, LedgerEntry, PersonYearTotal, Plan


def photo():
    return SimpleUploadedFile("invoice.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def second_version(plan: Plan) -> Plan:
    """ZYHZ-2020 version 2, same rules (e.g. a corrected name), enrolled alongside version 1."""
    return Plan.objects.create(code=plan.code, version=2, name=plan.name + "（修订）", org=plan.org, year=plan.year,
                               premium=plan.premium, coverage_start=plan.coverage_start,
                               coverage_end=plan.coverage_end, waiting_days=plan.waiting_days, rules=plan.rules,
                               two_step_above=plan.two_step_above)


def claim(member, plan, invoice, kind="inpatient", self_paid="30000"):
    return services.submit_claim(actor=member.user, plan_id=plan.pk, kind=kind, hospital="医院",
                                 admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=invoice,
                                 total_cost=self_paid, insurance_paid="0", self_paid=self_paid,
                                 today=dt.date(2020, 12, 31), photos=[photo()])


@pytest.fixture
def v2(plan, enrolled, staff, tree):
    v2 = second_version(plan)
    services.enrol_members(actor=staff, plan_id=v2.pk, org_id=tree.union_a.pk, member_ids=[enrolled.pk],
                           on=dt.date(2020, 1, 1))
    return v2


def approve(c, first, final):
    services.approve_claim(actor=first, claim_id=c.pk)
    c.refresh_from_db()
    if c.status == "first_approved":
        services.approve_claim(actor=final, claim_id=c.pk)
        c.refresh_from_db()
    return c


def test_inpatient_cap_shared_by_versions(plan, v2, enrolled, approver, approver2):
    c1 = approve(claim(enrolled, plan, "V1-A"), approver, approver2)
    assert c1.approved_amount == D("18250.00")  # 4,500×50% + 15,000×60% + 10,000×70%
    c2 = claim(enrolled, v2, "V2-A")
    assert c2.computed_amount == D("1750.00")  # the quote already sees version 1's payment
    c2 = approve(c2, approver, approver2)
    assert c2.approved_amount == D("1750.00")
    c3 = claim(enrolled, v2, "V2-B")
    assert c3.computed_amount == D("0.00")
    with pytest.raises(Conflict, match="上限"):
        services.approve_claim(actor=approver, claim_id=c3.pk)
    (total,) = PersonYearTotal.objects.all()
    assert (total.plan_code, total.plan_year, total.inpatient_paid) == ("ZYHZ-2020", 2020, D("20000.00"))
    assert sum(e.amount for e in LedgerEntry.objects.all()) == D("20000.00")


def test_serious_illness_once_across_versions(plan, v2, enrolled, approver):
    approve(claim(enrolled, plan, "S-V1", kind="serious_illness", self_paid="0"), approver, approver)
    c2 = claim(enrolled, v2, "S-V2", kind="serious_illness", self_paid="0")
    assert c2.computed_amount == D("0.00")
    with pytest.raises(Conflict, match="上限"):
        services.approve_claim(actor=approver, claim_id=c2.pk)
    c2.refresh_from_db()
    assert c2.status == "submitted" and c2.approved_amount is None
    assert PersonYearTotal.objects.get().serious_count == 1
    assert LedgerEntry.objects.count() == 1


def test_batch_approval_sees_other_versions(plan, v2, enrolled, approver, approver2, tree):
    approve(claim(enrolled, plan, "B-V1"), approver, approver2)  # 18,250 under version 1
    c = claim(enrolled, v2, "B-V2", self_paid="5000")  # 2,250 computed; only 1,750 left
    result = services.approve_inpatient_batch(actor=approver, plan_id=v2.pk, org_id=tree.district_a.pk)
    c.refresh_from_db()
    assert (result.approved, c.approved_amount) == (1, D("1750.00"))
    assert PersonYearTotal.objects.get().inpatient_paid == D("20000.00")


def test_other_plan_year_has_its_own_cap(plan, enrolled, approver, approver2, staff, tree):
    other = Plan.objects.create(code="ZYHZ-2021", version=1, name="2021", org=plan.org, year=2021,
                                premium=plan.premium, coverage_start=dt.date(2020, 1, 1),
                                coverage_end=dt.date(2020, 12, 31), waiting_days=0, rules=plan.rules)
    services.enrol_members(actor=staff, plan_id=other.pk, org_id=tree.union_a.pk, member_ids=[enrolled.pk],
                           on=dt.date(2020, 1, 1))
    approve(claim(enrolled, plan, "Y-1"), approver, approver2)
    assert claim(enrolled, other, "Y-2").computed_amount == D("18250.00")


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_across_versions_stay_within_cap(plan, enrolled, approver, approver2, staff, tree):
    v2 = second_version(plan)
    services.enrol_members(actor=staff, plan_id=v2.pk, org_id=tree.union_a.pk, member_ids=[enrolled.pk],
                           on=dt.date(2020, 1, 1))
    claims = [claim(enrolled, p, f"R{i}") for i, p in enumerate([plan, v2, plan, v2])]
    for c in claims:
        services.approve_claim(actor=approver, claim_id=c.pk)  # first step (each 18,250 > 5,000)
    barrier = threading.Barrier(len(claims))
    errors: list[Exception] = []

    def run(claim_id):
        try:
            barrier.wait()
            services.approve_claim(actor=approver2, claim_id=claim_id)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c.pk,)) for c in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (total,) = PersonYearTotal.objects.all()
    approved = sum((c.approved_amount for c in Claim.objects.filter(status="approved")), D(0))
    assert total.inpatient_paid == approved == D("20000.00")
    assert len(errors) == 2 and all(getattr(e, "code", "") == "mutual_aid.cap_reached" for e in errors)
