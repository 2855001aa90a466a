import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import AuditEvent, Message
from niangjia.core.spreadsheets import ImportRejected
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim, Enrolment, EnrolmentBatch, LedgerEntry, PersonYearTotal

TODAY = dt.date(2020, 12, 31)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def claim_kwargs(**over):
    kw = {"kind": "inpatient", "hospital": "商洛市中心医院", "admitted_on": dt.date(2020, 5, 1),
              "discharged_on": dt.date(2020, 5, 10), "invoice_no": "INV-0001", "total_cost": "50000",
              "insurance_paid": "20000", "self_paid": "30000", "diagnosis": "肺炎", "today": TODAY,
          "photos": [SimpleUploadedFile("invoice.png", PNG, content_type="image/png")]}
    kw.update(over)
    return kw


def submit(member, plan, **over):
    return services.submit_claim(actor=member.user, plan_id=plan.pk, **claim_kwargs(**over))


def xlsx(rows, header=("姓名", "身份证号")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("enrol.xlsx", buf.getvalue())


# --- enrolment -------------------------------------------------------------------------------------


def test_batch_enrolment_premium_and_audit(tree, plan, staff, make_member):
    members = [make_member(tree.union_a, name=f"会员{i}") for i in range(3)]
    batch = services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.street_a.pk,
                                   member_ids=[m.pk for m in members], on=dt.date(2020, 1, 1))
    assert batch.count == 3
    assert batch.premium_total == D("90.00")
    e = Enrolment.objects.get(member=members[0])
    assert e.first_time
    assert e.waiting_until == dt.date(2020, 3, 31)
    assert AuditEvent.objects.filter(action="mutual_aid.enrol_batch", object_id=str(batch.pk)).exists()
    with pytest.raises(Invalid, match="缴费金额应为 90.00"):
        services.record_premium_payment(actor=staff, batch_id=batch.pk, amount="80", paid_on=dt.date(2020, 1, 2))
    services.record_premium_payment(actor=staff, batch_id=batch.pk, amount="90.00", paid_on=dt.date(2020, 1, 2),
                                    payment_ref="工会经费凭证001")
    batch.refresh_from_db()
    assert batch.paid_amount == D("90.00")


def test_batch_renewals_do_not_wait_and_inactive_members_refuse_the_batch(tree, plan, staff, make_member):
    from niangjia.core.models import Member
    from niangjia.mutual_aid.models import Plan

    previous = Plan.objects.create(code="ZYHZ-2019", name="2019", org=tree.city, year=2019, premium=D("30"),
                                   coverage_start=dt.date(2019, 1, 1), coverage_end=dt.date(2019, 12, 31),
                                   waiting_days=90, rules=plan.rules)
    renewing, new = make_member(tree.union_a, name="续保"), make_member(tree.union_a, name="新保")
    services.enrol_members(actor=staff, plan_id=previous.pk, org_id=tree.union_a.pk, member_ids=[renewing.pk],
                           on=dt.date(2019, 1, 1))
    gone = make_member(tree.union_a, name="离会")
    Member.objects.filter(pk=gone.pk).update(status="left")
    with pytest.raises(NotFound):
        services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk,
                               member_ids=[renewing.pk, new.pk, gone.pk], on=dt.date(2020, 2, 1))
    assert not Enrolment.objects.filter(plan=plan).exists()
    assert EnrolmentBatch.objects.filter(plan=plan).count() == 0
    batch = services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk,
                                   member_ids=[renewing.pk, new.pk, new.pk], on=dt.date(2020, 2, 1))
    assert batch.count == 2 and batch.premium_total == D("60.00")
    rows = {e.member_id: e for e in Enrolment.objects.filter(plan=plan)}
    assert not rows[renewing.pk].first_time and rows[renewing.pk].waiting_until == dt.date(2020, 1, 1)
    assert rows[new.pk].first_time and rows[new.pk].waiting_until == dt.date(2020, 5, 1)
    assert {e.batch_id for e in rows.values()} == {batch.pk}
    assert {e.premium for e in rows.values()} == {D("30.00")}


def test_batch_refused_whole_if_one_already_enrolled(tree, plan, staff, enrolled, make_member):
    other = make_member(tree.union_a, name="新会员")
    with pytest.raises(Conflict, match="李护士"):
        services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk,
                               member_ids=[other.pk, enrolled.pk], on=dt.date(2020, 1, 1))
    assert not Enrolment.objects.filter(member=other).exists()
    assert EnrolmentBatch.objects.count() == 1


def test_out_of_scope_enrolment_is_404(tree, plan, staff, make_member):
    outsider = make_member(tree.union_b)
    with pytest.raises(NotFound):
        services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_b.pk, member_ids=[outsider.pk])
    with pytest.raises(NotFound):
        services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[outsider.pk],
                               on=dt.date(2020, 1, 1))
    assert Enrolment.objects.count() == 0


def test_one_active_enrolment_per_person_in_db(tree, plan, enrolled):
    from django.db import IntegrityError, transaction

    e = Enrolment.objects.get(member=enrolled)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(plan=plan, member=enrolled, person_index=enrolled.id_index, org=tree.union_a,
                                 enrolled_on=e.enrolled_on, waiting_until=e.waiting_until, premium=30)


def test_excel_import_all_or_nothing(tree, plan, staff, make_member):
    a = make_member(tree.union_a, name="张三")
    b = make_member(tree.union_a, name="李四")
    outsider = make_member(tree.union_b, name="王五")
    bad = xlsx([("张三", a.id_number), ("", b.id_number), ("张三", a.id_number), ("王五", outsider.id_number),
                ("赵六", "123")])
    with pytest.raises(ImportRejected) as exc:
        services.import_enrolments(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, upload=bad,
                                   on=dt.date(2020, 1, 1))
    lines = [e["line"] for e in exc.value.details["errors"]]
    assert lines == [3, 4, 5, 6]
    assert Enrolment.objects.count() == 0
    with pytest.raises(Invalid, match="表头"):
        services.import_enrolments(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk,
                                   upload=xlsx([("张三", a.id_number)], header=("名字", "证件")),
                                   on=dt.date(2020, 1, 1))
    good = xlsx([("张三", a.id_number), ("李四", b.id_number)])
    batch = services.import_enrolments(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, upload=good,
                                       on=dt.date(2020, 1, 1))
    assert batch.count == 2
    assert Enrolment.objects.count() == 2


def test_self_enrol_once(tree, plan, make_member):
    m = make_member(tree.union_a)
    e = services.self_enrol(actor=m.user, plan_id=plan.pk, on=dt.date(2020, 2, 1))
    assert e.self_enrolled
    assert e.waiting_until == dt.date(2020, 5, 1)
    with pytest.raises(Conflict):
        services.self_enrol(actor=m.user, plan_id=plan.pk, on=dt.date(2020, 2, 1))
    with pytest.raises(Invalid, match="已于 2020-12-31 结束"):
        services.self_enrol(actor=make_member(tree.union_a).user, plan_id=plan.pk, on=dt.date(2021, 1, 1))


# --- claims ----------------------------------------------------------------------------------------


def test_submit_claim_computes_and_encrypts(plan, enrolled):
    photo = SimpleUploadedFile("invoice.png", PNG, content_type="image/png")
    claim = submit(enrolled, plan, invoice_no=" inv 0001 ", photos=[photo])
    assert claim.invoice_no == "INV0001"
    assert claim.computed_amount == D("18250.00")
    assert claim.explanation[-1] == "本次应付互助金 18,250.00 元。"
    assert [p.purpose for p in claim.photos.all()] == ["mutual_aid.invoice"]
    from django.db import connection
    with connection.cursor() as c:
        c.execute("select diagnosis from mutual_aid_claim where id = %s", [claim.pk])
        assert "肺炎" not in c.fetchone()[0]
    assert Claim.objects.get(pk=claim.pk).diagnosis == "肺炎"
    assert AuditEvent.objects.filter(action="mutual_aid.claim_submit").count() == 1


@pytest.mark.parametrize(("over", "code"), [
    ({"admitted_on": dt.date(2020, 3, 30)}, "mutual_aid.waiting_period"),
    ({"admitted_on": dt.date(2021, 1, 2)}, "mutual_aid.future_date"),
    ({"admitted_on": dt.date(2019, 12, 30)}, "mutual_aid.outside_coverage"),
    ({"self_paid": "60000"}, "mutual_aid.invalid"),
    ({"total_cost": "-1"}, "mutual_aid.invalid"),
    ({"self_paid": "abc"}, "mutual_aid.invalid"),
    ({"discharged_on": dt.date(2020, 4, 1)}, "mutual_aid.bad_dates"),
])
def test_refused_claims_write_nothing(plan, enrolled, over, code):
    before = AuditEvent.objects.count()
    with pytest.raises(Invalid) as exc:
        submit(enrolled, plan, **over)
    assert exc.value.code == code
    assert Claim.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_waiting_period_boundary(plan, enrolled):
    assert submit(enrolled, plan, admitted_on=dt.date(2020, 3, 31), discharged_on=None).pk


def test_invoice_number_unique_across_plans(tree, plan, enrolled, make_member, staff):
    submit(enrolled, plan)
    other = make_member(tree.union_a, name="另一人")
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[other.pk],
                           on=dt.date(2020, 1, 1))
    with pytest.raises(Conflict, match="INV-0001"):
        submit(other, plan)
    assert Claim.objects.count() == 1


def test_not_enrolled_refused(tree, plan, make_member):
    m = make_member(tree.union_a)
    with pytest.raises(Invalid, match="没有参加"):
        submit(m, plan)


# --- approval --------------------------------------------------------------------------------------


def test_two_step_approval_above_threshold(plan, enrolled, staff, approver, approver2):
    claim = submit(enrolled, plan)
    with pytest.raises(Invalid, match="理由"):
        services.approve_claim(actor=staff, claim_id=claim.pk, amount="18000")
    claim = services.approve_claim(actor=staff, claim_id=claim.pk, amount="18000", reason="部分药品不在目录内")
    assert claim.status == "first_approved"
    assert claim.approved_amount == D("18000.00")
    assert not PersonYearTotal.objects.exists()
    with pytest.raises(Forbidden):
        services.approve_claim(actor=staff, claim_id=claim.pk)
    claim = services.approve_claim(actor=approver, claim_id=claim.pk)
    assert claim.status == "approved"
    assert claim.approved_amount == D("18000.00")
    assert "部分药品不在目录内" in claim.explanation[-1]
    total = PersonYearTotal.objects.get()
    assert total.inpatient_paid == D("18000.00")
    assert LedgerEntry.objects.filter(claim=claim, kind="approved", amount=D("18000")).count() == 1
    assert Message.objects.filter(recipient=enrolled.user, kind="mutual_aid.approved").exists()


def test_same_person_cannot_do_both_steps(plan, enrolled, approver):
    claim = submit(enrolled, plan)
    services.approve_claim(actor=approver, claim_id=claim.pk)
    with pytest.raises(Forbidden, match="两人审批"):
        services.approve_claim(actor=approver, claim_id=claim.pk)
    assert Claim.objects.get(pk=claim.pk).status == "first_approved"


def test_adjust_above_rules_refused(plan, enrolled, approver):
    claim = submit(enrolled, plan, self_paid="1000", total_cost="1000", insurance_paid="0")
    with pytest.raises(Invalid, match="不能高于"):
        services.approve_claim(actor=approver, claim_id=claim.pk, amount="300", reason="x")
    claim = services.approve_claim(actor=approver, claim_id=claim.pk)  # 250 ≤ threshold: one step
    assert claim.status == "approved"
    assert claim.approved_amount == D("250.00")


def test_annual_cap_across_claims(plan, enrolled, approver, approver2):
    c1 = submit(enrolled, plan)
    c2 = submit(enrolled, plan, invoice_no="INV-0002")
    assert c2.computed_amount == D("18250.00")  # nothing paid yet when submitted
    for c in (c1, c2):
        services.approve_claim(actor=approver, claim_id=c.pk)
        services.approve_claim(actor=approver2, claim_id=c.pk)
    c2.refresh_from_db()
    assert c2.approved_amount == D("1750.00")
    assert PersonYearTotal.objects.get().inpatient_paid == D("20000.00")
    c3 = submit(enrolled, plan, invoice_no="INV-0003")
    assert c3.computed_amount == D("0.00")


def test_serious_illness_once_per_year(plan, enrolled, approver):
    c1 = submit(enrolled, plan, kind="serious_illness", invoice_no="S1")
    services.approve_claim(actor=approver, claim_id=c1.pk)
    c2 = submit(enrolled, plan, kind="serious_illness", invoice_no="S2")
    assert c2.computed_amount == D("0.00")
    with pytest.raises(Conflict, match="上限"):
        services.approve_claim(actor=approver, claim_id=c2.pk)
    assert PersonYearTotal.objects.get().serious_count == 1


def test_frontline_once(plan, enrolled):
    submit(enrolled, plan, kind="frontline_infection", invoice_no="F1")
    with pytest.raises(Conflict, match="限领一次"):
        submit(enrolled, plan, kind="frontline_infection", invoice_no="F2")


def test_out_of_scope_approver_gets_404(plan, enrolled, make_user, tree):
    other = make_user(roles=[(tree.district_b, "approver")])
    claim = submit(enrolled, plan)
    with pytest.raises(NotFound):
        services.approve_claim(actor=other, claim_id=claim.pk)
    with pytest.raises(NotFound):
        services.reject_claim(actor=other, claim_id=claim.pk, reason="x")
    assert Claim.objects.get(pk=claim.pk).status == "submitted"


def test_reject_needs_reason(plan, enrolled, staff):
    claim = submit(enrolled, plan)
    with pytest.raises(Invalid):
        services.reject_claim(actor=staff, claim_id=claim.pk, reason=" ")
    services.reject_claim(actor=staff, claim_id=claim.pk, reason="发票信息不清")
    assert Claim.objects.get(pk=claim.pk).status == "rejected"


def test_payout_batch_and_mark_paid_notifies(plan, enrolled, approver, tree, pay_through_bank):
    claim = submit(enrolled, plan, self_paid="1000", total_cost="1000", insurance_paid="0")
    services.approve_claim(actor=approver, claim_id=claim.pk)
    batch = pay_through_bank(source="mutual_aid", org=tree.district_a, people=[enrolled])
    assert (batch.count, batch.total, batch.status) == (1, D("250.00"), "settled")
    claim.refresh_from_db()
    from django.utils import translation
    with translation.override("zh-hans"):
        assert claim.status == "paid"
        assert claim.get_status_display() == "已发放"
    assert Message.objects.filter(recipient=enrolled.user, kind="mutual_aid.paid").exists()
    assert LedgerEntry.objects.filter(kind="paid").count() == 1
    with pytest.raises(PermissionError):
        LedgerEntry.objects.first().delete()
    with pytest.raises(Invalid):  # nothing left to pay
        pay_through_bank(source="mutual_aid", org=tree.district_a)


def test_totals_check_constraint_backs_the_cap(plan, enrolled):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonYearTotal.objects.create(plan=plan, plan_code=plan.code, plan_year=plan.year, person_index=enrolled.id_index,
                                       inpatient_paid=D("20000.01"),
                                       inpatient_cap=D("20000"))


def test_demo_seed_idempotent(tree, make_member):
    from niangjia.mutual_aid import demo
    from niangjia.mutual_aid.models import Plan

    make_member(tree.union_a)
    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)
    assert Plan.objects.get().code == "ZYHZ-2020"
    assert Enrolment.objects.count() == 1


def test_accidental_injury_per_event_within_cap(plan, enrolled, approver):
    plan.rules = {**plan.rules, "accidental_injury": {"lump_sum": "2000", "per": "event", "annual_cap": "5000"}}
    plan.save(update_fields=["rules"])
    amounts = []
    for i in range(4):
        c = submit(enrolled, plan, kind="accidental_injury", invoice_no=f"A{i}")
        if i < 3:
            amounts.append(services.approve_claim(actor=approver, claim_id=c.pk).approved_amount)
    assert amounts == [D("2000.00"), D("2000.00"), D("1000.00")]
    assert PersonYearTotal.objects.get().accident_paid == D("5000.00")
    with pytest.raises(Conflict, match="上限"):
        services.approve_claim(actor=approver, claim_id=c.pk)


def test_kind_not_in_plan_refused(plan, enrolled):
    with pytest.raises(Invalid, match="本计划不含"):
        submit(enrolled, plan, kind="accidental_injury")
    assert Claim.objects.count() == 0


@pytest.mark.parametrize("photos", [None, [], [None], [SimpleUploadedFile("empty.png", b"", content_type="image/png")]])
def test_claim_without_invoice_photo_is_refused_and_writes_nothing(plan, enrolled, photos):
    from niangjia.core.models import Attachment

    with pytest.raises(Invalid, match="请上传发票照片") as exc:
        submit(enrolled, plan, photos=photos)
    assert exc.value.code == "mutual_aid.photo_required"
    assert not Claim.objects.exists()
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="mutual_aid.claim_submit").exists()


def test_database_still_refuses_a_second_frontline_claim_and_a_reused_invoice(plan, enrolled):
    """The claim table lost its redundant indexes (migration 0003); the two uniqueness rules stay."""
    from django.db import IntegrityError, transaction

    first = submit(enrolled, plan, kind="frontline_infection", invoice_no="F1")
    fields = {f.attname: getattr(first, f.attname) for f in Claim._meta.concrete_fields if f.attname != "id"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(**{**fields, "invoice_no": "F2"})
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(**{**fields, "kind": "inpatient"})
    assert Claim.objects.count() == 1
