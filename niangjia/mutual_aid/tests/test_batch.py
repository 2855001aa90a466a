"""The set-based batch approval gives the same amounts, caps, ledger and totals as one-by-one approval."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from niangjia.core.errors import Forbidden, NotFound
from niangjia.core.models import AuditEvent
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim, LedgerEntry, PersonYearTotal

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def claim(member, plan, invoice, self_paid, kind="inpatient"):
    return services.submit_claim(actor=member.user, plan_id=plan.pk, kind=kind, hospital="医院",
                                 admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=invoice,
                                 total_cost=self_paid, insurance_paid="0", self_paid=self_paid,
                                 today=dt.date(2020, 12, 31),
                                 photos=[SimpleUploadedFile("i.png", PNG, content_type="image/png")])


@pytest.fixture
def people(plan, staff, make_member, tree):
    ms = [make_member(tree.union_a, name=f"会员{i}") for i in range(3)]
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[m.pk for m in ms],
                           on=dt.date(2020, 1, 1))
    return ms


def test_batch_matches_one_by_one_and_holds_the_cap(plan, people, approver, make_user, tree):
    plan.two_step_above = D("100000")
    plan.save(update_fields=["two_step_above"])
    a, b, c = people[:3]
    earlier = claim(a, plan, "A0", "3000")  # 1,250 approved one by one: a totals row already exists
    services.approve_claim(actor=approver, claim_id=earlier.pk)
    a1, a2, a3 = claim(a, plan, "A1", "30000"), claim(a, plan, "A2", "30000"), claim(a, plan, "A3", "9000")
    b1 = claim(b, plan, "B1", "1000")
    c1 = claim(c, plan, "C1", "400")  # under the deductible: 0, left for a reasoned rejection
    serious = claim(b, plan, "S1", "0", kind="serious_illness")  # not an inpatient claim: not in the batch

    result = services.approve_inpatient_batch(actor=approver, plan_id=plan.pk, org_id=tree.district_a.pk)

    assert (result.approved, result.left_for_review) == (3, 2)
    amounts = {x.invoice_no: (x.status, x.approved_amount) for x in Claim.objects.all()}
    assert amounts["A1"] == ("approved", D("18250.00"))
    assert amounts["A2"] == ("approved", D("500.00"))  # 20,000 − 1,250 − 18,250
    assert amounts["A3"][0] == "submitted" and amounts["C1"][0] == "submitted"  # cap reached / nothing payable
    assert amounts["B1"] == ("approved", D("250.00"))
    assert Claim.objects.get(pk=serious.pk).status == "submitted"
    assert result.total == D("19000.00")
    a2.refresh_from_db()
    assert a2.approver_id == approver.pk and a2.approved_at is not None
    assert "超过剩余额度，按封顶核减为 500.00 元。" in a2.explanation
    assert a2.explanation[-1] == "本次应付互助金 500.00 元。"
    totals = {t.person_index: t for t in PersonYearTotal.objects.all()}
    assert totals[a.id_index].inpatient_paid == D("20000.00") == totals[a.id_index].inpatient_cap
    assert totals[b.id_index].inpatient_paid == D("250.00")
    assert c.id_index not in totals
    ledger = {e.claim_id: e.amount for e in LedgerEntry.objects.filter(kind="approved")}
    assert ledger == {earlier.pk: D("1250.00"), a1.pk: D("18250.00"), a2.pk: D("500.00"), b1.pk: D("250.00")}
    event = AuditEvent.objects.get(action="mutual_aid.claim_batch_approve")
    assert event.summary == {"approved": 3, "total": "19000.00", "left_for_review": 2}
    # A second run finds nothing new to pay.
    again = services.approve_inpatient_batch(actor=approver, plan_id=plan.pk, org_id=tree.district_a.pk)
    assert again.approved == 0
    assert PersonYearTotal.objects.get(person_index=a.id_index).inpatient_paid == D("20000.00")
    assert c1.pk and a3.pk


def test_batch_leaves_two_step_claims_and_needs_an_approver_in_scope(plan, people, staff, approver, make_user,
                                                                     tree):
    a = people[0]
    big = claim(a, plan, "BIG", "30000")  # 18,250 > the plan's 5,000 two-step threshold
    small = claim(people[1], plan, "SMALL", "1000")
    with pytest.raises(Forbidden):
        services.approve_inpatient_batch(actor=staff, plan_id=plan.pk, org_id=tree.district_a.pk)
    other = make_user(roles=[(tree.district_b, "approver")])
    with pytest.raises(NotFound):
        services.approve_inpatient_batch(actor=other, plan_id=plan.pk, org_id=tree.district_a.pk)
    assert not LedgerEntry.objects.exists()
    result = services.approve_inpatient_batch(actor=approver, plan_id=plan.pk, org_id=tree.district_a.pk)
    assert result.approved == 1
    assert Claim.objects.get(pk=big.pk).status == "submitted"
    assert Claim.objects.get(pk=small.pk).status == "approved"
