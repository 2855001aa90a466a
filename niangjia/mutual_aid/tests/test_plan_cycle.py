"""The plan year cycle (issue 11) from policies.md §8: copy, structured rules with validation, what-if,
publish, enrolment window and the 90-day waiting period, batch renewal, admins of the owning union only."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import AuditEvent
from niangjia.mutual_aid import rules, services
from niangjia.mutual_aid.models import Claim, Enrolment, EnrolmentBatch, Plan

DEC_2020 = dt.date(2020, 12, 15)


@pytest.fixture
def admin(make_user, tree):
    return make_user(roles=[(tree.city, "admin")], name="市总管理员")


def editor_fields(plan, **over):
    f = rules.rules_form(plan.rules)
    data = {"name": plan.name, "premium": str(plan.premium), "coverage_start": plan.coverage_start.isoformat(),
            "coverage_end": plan.coverage_end.isoformat(), "enrol_start": plan.enrol_start.isoformat(),
            "enrol_end": plan.enrol_end.isoformat(), "waiting_days": str(plan.waiting_days),
            "two_step_above": str(plan.two_step_above), "rules_fields": f}
    for key, value in over.items():
        if key in data:
            data[key] = value
        else:
            f[key] = value
    return data


def snapshot(plan_id):
    p = Plan.objects.get(pk=plan_id)
    return (p.name, p.premium, p.rules, p.coverage_start, p.coverage_end, p.enrol_start, p.enrol_end, p.waiting_days,
            p.status, p.whatif_at)


def photo():
    return SimpleUploadedFile("invoice.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def approved_claim(member, plan, approver, approver2, invoice, kind="inpatient", self_paid="30000"):
    c = services.submit_claim(actor=member.user, plan_id=plan.pk, kind=kind, hospital="医院",
                              admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=invoice,
                              total_cost=self_paid, insurance_paid="0", self_paid=self_paid,
                              today=dt.date(2020, 12, 31), photos=[photo()])
    services.approve_claim(actor=approver, claim_id=c.pk)
    c.refresh_from_db()
    if c.status == "first_approved":
        services.approve_claim(actor=approver2, claim_id=c.pk)
    return Claim.objects.get(pk=c.pk)


# --- copy to next year ------------------------------------------------------------------------------


def test_copy_makes_next_years_draft(plan, admin, client):
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    assert (draft.code, draft.year, draft.version, draft.status) == ("ZYHZ-2021", 2021, 1, "draft")
    assert (draft.coverage_start, draft.coverage_end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert (draft.enrol_start, draft.enrol_end) == (dt.date(2020, 12, 1), dt.date(2021, 12, 31))
    assert (draft.premium, draft.waiting_days, draft.rules) == (D("30.00"), 90, plan.rules)
    assert draft.name == "职工住院医疗互助（2021年度）" and draft.copied_from == plan
    assert AuditEvent.objects.filter(action="mutual_aid.plan_copy", actor=admin).count() == 1
    # a draft is not a plan anyone can quote, join or claim under
    r = client.post("/api/v1/mutual-aid/quote", json.dumps({"plan": "ZYHZ-2021", "kind": "serious_illness"}),
                    content_type="application/json")
    assert r.status_code == 404


def test_copy_twice_refused(plan, admin):
    services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    with pytest.raises(Conflict, match="已经存在"):
        services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    assert Plan.objects.filter(code="ZYHZ-2021").count() == 1


@pytest.mark.parametrize("who", ["staff", "approver", "district_admin"])
def test_only_admins_of_the_owning_union(plan, admin, staff, approver, make_user, tree, who):
    actor = {"staff": staff, "approver": approver,
             "district_admin": make_user(roles=[(tree.district_a, "admin")])}[who]
    with pytest.raises((Forbidden, NotFound)):
        services.copy_plan_to_year(actor=actor, plan_id=plan.pk)
    assert not Plan.objects.filter(code="ZYHZ-2021").exists()
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    before = snapshot(draft.pk)
    for call in (lambda: services.update_draft(actor=actor, plan_id=draft.pk, **editor_fields(draft, premium="40")),
                 lambda: services.run_what_if(actor=actor, plan_id=draft.pk),
                 lambda: services.publish_plan(actor=actor, plan_id=draft.pk, today=DEC_2020)):
        with pytest.raises((Forbidden, NotFound)):
            call()
    assert snapshot(draft.pk) == before


# --- the structured rule editor ---------------------------------------------------------------------

BANDS = [["500", "5000", "50"], ["5000", "20000", "60"], ["20000", "", "70"]]


@pytest.mark.parametrize(("change", "reason"), [
    ({"bands": [["500", "5000", "50"], ["6000", "20000", "60"], ["20000", "", "70"]]}, "首尾相接：第 2 段应从 5,000.00 元开始"),
    ({"bands": [["500", "5000", "50"], ["5000", "4000", "60"], ["4000", "", "70"]]}, "第 2 段的终点必须大于起点"),
    ({"bands": [["600", "5000", "50"], ["5000", "", "60"]]}, "第 1 段应从起付线 500.00 元开始"),
    ({"bands": [["500", "5000", "50"], ["5000", "", "60"], ["20000", "", "70"]]}, "第 2 段终点"),
    ({"bands": [["500", "5000", "120"], ["5000", "", "60"]]}, "第 1 段比例必须在 0% 到 100% 之间"),
    ({"bands": [["500", "5000", "-5"], ["5000", "", "60"]]}, "第 1 段比例必须是 0 到 100 之间的数字"),
    ({"bands": []}, "至少需要一个分段"),
    ({"annual_cap": "0"}, "住院年度封顶额必须大于 0"),
    ({"annual_cap": "-20000"}, "住院年度封顶额不能是负数"),
    ({"annual_cap": "1e309"}, "住院年度封顶额必须是数字"),
    ({"deductible": "1,000"}, "千位分隔符"),
    ({"serious_lump_sum": "0"}, "重大疾病定额必须大于 0"),
    ({"accident_on": True, "accident_lump_sum": "2000", "accident_cap": "1000"}, "不能低于每次定额"),
    ({"inpatient_on": False, "serious_on": False, "frontline_on": False}, "至少开启一项"),
    ({"premium": "NaN"}, "每人保费必须是数字"),
    ({"premium": "0"}, "每人保费必须大于 0"),
    ({"waiting_days": "-1"}, "等待期必须是 0 到 365"),
    ({"coverage_end": "2020-12-31"}, "保障结束日期不能早于开始日期"),
    ({"enrol_end": "2022-01-31"}, "参保截止日期不能晚于保障结束日期"),
    ({"coverage_start": "2022-01-01", "coverage_end": "2022-12-31", "enrol_end": "2022-12-31"}, "保障期应从 2021 年开始"),
])
def test_editor_refuses_in_chinese_and_changes_nothing(plan, admin, change, reason):
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    services.run_what_if(actor=admin, plan_id=draft.pk)
    before = snapshot(draft.pk)
    with pytest.raises(Invalid, match=reason):
        services.update_draft(actor=admin, plan_id=draft.pk, **editor_fields(draft, **change))
    assert snapshot(draft.pk) == before


def test_editor_saves_structured_rules_and_needs_a_new_what_if(plan, admin):
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    services.run_what_if(actor=admin, plan_id=draft.pk)
    draft = services.update_draft(actor=admin, plan_id=draft.pk, **editor_fields(
        draft, bands=[["500", "5000", "55"], ["5000", "", "62.5"]], annual_cap="25000", accident_on=True,
        accident_lump_sum="2000", accident_cap="6000", serious_per="lifetime"))
    assert draft.rules["inpatient"] == {"deductible": "500.00", "annual_cap": "25000.00",
                                        "bands": [["500.00", "5000.00", "0.55"], ["5000.00", None, "0.625"]]}
    assert draft.rules["accidental_injury"] == {"lump_sum": "2000.00", "per": "event", "annual_cap": "6000.00"}
    assert draft.rules["serious_illness"]["per"] == "lifetime"
    assert draft.whatif_at is None
    with pytest.raises(Conflict, match="先运行测算"):
        services.publish_plan(actor=admin, plan_id=draft.pk, today=DEC_2020)
    # 30,000 self-paid: 4,500 × 55% + 25,000 × 62.5% = 2,475 + 15,625 = 18,100
    assert rules.compute(draft.rules, "inpatient", D("30000")).amount == D("18100.00")


# --- what-if ----------------------------------------------------------------------------------------


def test_what_if_replays_last_years_approved_claims(plan, admin, enrolled, approver, approver2):
    approved_claim(enrolled, plan, approver, approver2, "W-1")  # 18,250
    approved_claim(enrolled, plan, approver, approver2, "W-2", kind="serious_illness", self_paid="0")  # 5,000
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    draft = services.update_draft(actor=admin, plan_id=draft.pk, **editor_fields(
        draft, bands=[["500", "5000", "50"], ["5000", "20000", "50"], ["20000", "", "70"]]))
    out = services.run_what_if(actor=admin, plan_id=draft.pk)
    r = out["result"]
    assert (r.count, r.old_total, r.new_total) == (2, D("23250.00"), D("21750.00"))  # 18,250 → 16,750
    assert [(old, new) for _pk, old, new in r.changed] == [(D("18250.00"), D("16750.00"))]
    assert r.premium == D("30.00")  # one enrolee × 30 yuan
    assert (out["old_ratio"], out["new_ratio"]) == (D("77500.0"), D("72500.0"))
    assert Plan.objects.get(pk=draft.pk).whatif_at is not None


# --- publish, enrolment window, waiting period, renewal --------------------------------------------


def test_publish_opens_enrolment_for_the_window(plan, admin, enrolled, make_member, tree, client):
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    services.run_what_if(actor=admin, plan_id=draft.pk)
    newcomer = make_member(tree.union_a, name="新会员")
    with pytest.raises(NotFound):  # a draft cannot be joined
        services.self_enrol(actor=newcomer.user, plan_id=draft.pk, on=DEC_2020)
    live = services.publish_plan(actor=admin, plan_id=draft.pk, today=DEC_2020)
    assert (live.status, live.is_active) == ("published", True)
    assert rules.plan_phase(live.status, live.enrol_start, live.enrol_end, live.coverage_start, live.coverage_end,
                            DEC_2020) == "enrolling"
    with pytest.raises(Invalid, match="参保期为 2020-12-01 至 2021-12-31"):
        services.self_enrol(actor=newcomer.user, plan_id=live.pk, on=dt.date(2020, 11, 30))
    assert not Enrolment.objects.filter(plan=live).exists()
    e = services.self_enrol(actor=newcomer.user, plan_id=live.pk, on=DEC_2020)
    # §8: a first-time enrolee waits 90 days, counted from the start of coverage when enrolled before it
    assert e.first_time and e.waiting_until == dt.date(2021, 4, 1)
    r = client.post("/api/v1/mutual-aid/quote", json.dumps({"plan": "ZYHZ-2021", "kind": "inpatient",
                                                           "total_cost": "30000", "self_paid": "30000"}),
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["amount"] == "18250.00"
    with pytest.raises(Conflict, match="已发布"):
        services.update_draft(actor=admin, plan_id=live.pk, **editor_fields(live, premium="40"))


def test_renewal_is_one_confirmed_batch(plan, admin, enrolled, make_member, tree, staff):
    other = make_member(tree.union_a, name="续保会员")
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[other.pk],
                           on=dt.date(2020, 2, 1))
    make_member(tree.union_a, name="去年未参保")
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    services.run_what_if(actor=admin, plan_id=draft.pk)
    with pytest.raises(Conflict, match="先发布"):
        services.renew_enrolments(actor=admin, plan_id=draft.pk, expected_count=2, expected_total="60", on=DEC_2020)
    services.publish_plan(actor=admin, plan_id=draft.pk, today=DEC_2020)
    preview = services.renewal_preview(actor=admin, plan_id=draft.pk)
    assert (preview["count"], preview["total"]) == (2, D("60.00"))
    batches = EnrolmentBatch.objects.count()
    with pytest.raises(Conflict, match="续保名单已变化"):
        services.renew_enrolments(actor=admin, plan_id=draft.pk, expected_count=3, expected_total="90", on=DEC_2020)
    with pytest.raises((Forbidden, NotFound)):
        services.renew_enrolments(actor=staff, plan_id=draft.pk, expected_count=2, expected_total="60", on=DEC_2020)
    assert EnrolmentBatch.objects.count() == batches and not Enrolment.objects.filter(plan=draft).exists()
    batch = services.renew_enrolments(actor=admin, plan_id=draft.pk, expected_count=2, expected_total="60.00",
                                      on=DEC_2020)
    assert (batch.count, batch.premium_total) == (2, D("60.00"))
    rows = list(Enrolment.objects.filter(plan=draft))
    # renewals (enrolled the year before) do not wait: covered from the first day
    assert {(e.first_time, e.waiting_until) for e in rows} == {(False, dt.date(2021, 1, 1))}
    assert services.renewal_preview(actor=admin, plan_id=draft.pk)["count"] == 0
    assert AuditEvent.objects.filter(action="mutual_aid.plan_renew").count() == 1


def test_renewal_from_an_older_plan_does_not_wait_either(plan, admin, enrolled):
    """Issue 11's year: ZYHZ-2020 copied straight to the current year. Its renewed enrolees continue the plan they
    renew (the copy source), so §8's 90-day wait for first-time enrolees does not apply to them, even though they
    have no enrolment in the calendar year before (they used to get one: a renewed member's claim was refused)."""
    today = dt.date(2026, 3, 1)
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk, year=2026)
    services.run_what_if(actor=admin, plan_id=draft.pk)
    services.publish_plan(actor=admin, plan_id=draft.pk, today=today)
    services.renew_enrolments(actor=admin, plan_id=draft.pk, expected_count=1, expected_total="30.00", on=today)
    e = Enrolment.objects.get(plan=draft)
    assert (e.first_time, e.waiting_until) == (False, dt.date(2026, 1, 1))


# --- phases -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "today", "phase"), [
    ("draft", dt.date(2021, 6, 1), "draft"),
    ("published", dt.date(2020, 11, 30), "scheduled"),
    ("published", dt.date(2020, 12, 1), "enrolling"),
    ("published", dt.date(2021, 1, 31), "enrolling"),
    ("published", dt.date(2021, 2, 1), "in_force"),
    ("published", dt.date(2021, 12, 31), "in_force"),
    ("published", dt.date(2022, 1, 1), "closed"),
])
def test_phases(status, today, phase):
    assert rules.plan_phase(status, dt.date(2020, 12, 1), dt.date(2021, 1, 31), dt.date(2021, 1, 1),
                            dt.date(2021, 12, 31), today) == phase


def test_expired_plan_cannot_be_joined(plan, make_member, tree):
    m = make_member(tree.union_a)
    with pytest.raises(Invalid, match="已于 2020-12-31 结束"):
        services.self_enrol(actor=m.user, plan_id=plan.pk, on=dt.date(2021, 1, 1))
    assert not Enrolment.objects.exists()


# --- the demo's current-year plan -------------------------------------------------------------------


def test_demo_ships_the_current_year_plan(tree, admin, make_member, client):
    import io

    from niangjia.core import pii
    from niangjia.mutual_aid import demo

    worker = make_member(tree.union_a, name="王建国", phone=demo.DEMO_MEMBER_PHONE)
    assert worker.user.phone_index == pii.blind_index(demo.DEMO_MEMBER_PHONE, purpose="phone")
    today = dt.date(2026, 12, 1)
    demo.seed(io.StringIO(), today=today)
    demo.seed(io.StringIO(), today=today)  # idempotent
    plan = Plan.objects.get(code="ZYHZ-2026")
    assert (plan.status, plan.coverage_start, plan.coverage_end) == ("published", dt.date(2026, 1, 1),
                                                                    dt.date(2026, 12, 31))
    assert plan.rules == rules.ZYHZ_2020 and plan.copied_from.code == "ZYHZ-2020"
    assert AuditEvent.objects.filter(action="mutual_aid.plan_copy").count() == 1
    e = Enrolment.objects.get(plan=plan, member=worker, status="active")
    assert (e.enrolled_on, e.waiting_until) == (dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    for code in ("ZYHZ-2020", "ZYHZ-2026"):
        r = client.post("/api/v1/mutual-aid/quote", json.dumps({"plan": code, "kind": "inpatient",
                                                               "total_cost": "30000", "self_paid": "30000"}),
                        content_type="application/json")
        assert r.status_code == 200 and r.json()["amount"] == "18250.00"
