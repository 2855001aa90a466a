"""Pages of the plan cycle, the worker's plan year, the quote page and the review queue's batch approval."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from niangjia.core.models import AuditEvent
from niangjia.core.tests.evidence import RECEIPT
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim, Enrolment, LedgerEntry, PersonYearTotal, Plan


@pytest.fixture
def admin(make_user, tree):
    return make_user(roles=[(tree.city, "admin")], name="市总管理员")


def photo():
    return SimpleUploadedFile("invoice.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def current_plan(admin, source, today):
    plan = services.copy_plan_to_year(actor=admin, plan_id=source.pk, year=today.year)
    services.run_what_if(actor=admin, plan_id=plan.pk)
    return services.publish_plan(actor=admin, plan_id=plan.pk, today=today)


def test_plans_page_lists_by_year_and_status_with_fixed_queries(client, plan, admin):
    client.force_login(admin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(reverse("mutual_aid:plans"))
        assert r.status_code == 200
        return len(ctx), r.content.decode()

    for year in (2021, 2022):
        services.copy_plan_to_year(actor=admin, plan_id=plan.pk, year=year)
    three, html = count()
    assert html.count('data-testid="plan-row"') == 3
    assert "草稿" in html and "已结束" in html and "复制为新年度计划" in html
    for year in (2023, 2024, 2025):
        services.copy_plan_to_year(actor=admin, plan_id=plan.pk, year=year)
    six, html = count()
    assert html.count('data-testid="plan-row"') == 6
    assert three == six
    r = client.get(reverse("mutual_aid:plans"), {"year": 2021})
    assert r.content.decode().count('data-testid="plan-row"') == 1
    r = client.get(reverse("mutual_aid:plans"), {"phase": "closed"})
    assert r.content.decode().count('data-testid="plan-row"') == 1


def test_copy_needs_an_admin_of_the_owning_union(client, plan, staff):
    client.force_login(staff)
    page = client.get(reverse("mutual_aid:plans")).content.decode()
    assert "复制为新年度计划" not in page
    r = client.post(reverse("mutual_aid:plans"), {"plan": plan.pk, "year": 2021}, follow=True)
    assert "只有计划所属工会的管理员" in r.content.decode() or "未找到" in r.content.decode()
    assert Plan.objects.count() == 1 and not AuditEvent.objects.filter(action="mutual_aid.plan_copy").exists()


def test_draft_editor_whatif_and_publish_pages(client, plan, admin, enrolled):
    from django.utils import timezone

    y = timezone.localdate().year
    client.force_login(admin)
    r = client.post(reverse("mutual_aid:plans"), {"plan": plan.pk, "year": y})
    draft = Plan.objects.get(code=f"ZYHZ-{y}")
    assert r.status_code == 302 and r["Location"] == reverse("mutual_aid:plan", args=[draft.pk])
    url = reverse("mutual_aid:plan", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="band_rate_2" value="60"' in page and "起付线（元）" in page
    form = {"action": "save", "name": draft.name, "premium": "36", "two_step_above": "5000",
            "coverage_start": f"{y}-01-01", "coverage_end": f"{y}-12-31", "enrol_start": f"{y - 1}-12-01",
            "enrol_end": f"{y}-12-31", "waiting_days": "90", "inpatient_on": "on", "deductible": "500",
            "annual_cap": "20000", "band_low_1": "500", "band_high_1": "5000", "band_rate_1": "50",
            "band_low_2": "6000", "band_high_2": "", "band_rate_2": "60", "serious_on": "on",
            "serious_lump_sum": "5000", "serious_per": "plan_year"}
    r = client.post(url, form)
    assert r.status_code == 422
    assert "分段必须首尾相接" in r.content.decode()
    assert 'name="band_low_2" value="6000"' in r.content.decode()  # what was typed is kept
    assert Plan.objects.get(pk=draft.pk).premium == D("30.00")
    r = client.post(url, form | {"band_low_2": "5000"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.premium == D("36.00") and draft.rules["inpatient"]["bands"][1] == ["5000.00", None, "0.6"]
    assert "frontline_infection" not in draft.rules
    r = client.post(url, {"action": "publish"})
    assert "发布前请先运行测算" in r.content.decode()
    r = client.post(url, {"action": "whatif"})
    assert 'data-testid="whatif"' in r.content.decode() and "赔付率" in r.content.decode()
    r = client.post(url, {"action": "publish"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_renewal_page_preview_then_confirm(client, plan, admin, enrolled, monkeypatch):
    from django.utils import timezone

    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    services.run_what_if(actor=admin, plan_id=draft.pk)
    services.publish_plan(actor=admin, plan_id=draft.pk, today=dt.date(2020, 12, 15))
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2020, 12, 15))
    client.force_login(admin)
    url = reverse("mutual_aid:plan", args=[draft.pk])
    r = client.post(url, {"action": "renew_preview"})
    html = r.content.decode()
    assert "可续保的会员 1 人，保费合计 30.00 元" in html
    r = client.post(url, {"action": "renew", "count": "2", "total": "60.00"})
    assert r.status_code == 422 and "续保名单已变化" in r.content.decode()
    assert not Enrolment.objects.filter(plan=draft).exists()
    r = client.post(url, {"action": "renew", "count": "1", "total": "30.00"})
    assert r.status_code == 302
    assert Enrolment.objects.filter(plan=draft, member=enrolled, first_time=False).count() == 1


def test_worker_sees_this_years_plan_waiting_end_and_paid_vs_cap(client, plan, admin, make_member, tree,
                                                                 approver, monkeypatch):
    from django.utils import timezone

    today = dt.date(2026, 12, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *a: today)
    current = current_plan(admin, plan, today)
    m = make_member(tree.union_a, name="王建国")
    client.force_login(m.user)
    html = client.get(reverse("mutual_aid:home")).content.decode()
    assert "职工住院医疗互助（2026年度）" in html and "我要参保" in html
    assert "2020年度" not in html  # the expired plan is not offered
    e = services.self_enrol(actor=m.user, plan_id=current.pk, on=dt.date(2026, 3, 1))
    assert e.waiting_until == dt.date(2026, 5, 30)
    c = services.submit_claim(actor=m.user, plan_id=current.pk, kind="inpatient", hospital="医院",
                              admitted_on=dt.date(2026, 6, 1), discharged_on=None, invoice_no="H-1",
                              total_cost="3000", insurance_paid="0", self_paid="3000", today=today, photos=[photo()])
    services.approve_claim(actor=approver, claim_id=c.pk)  # 1,250 ≤ 5,000: one step
    html = client.get(reverse("mutual_aid:home")).content.decode()
    assert "我要参保" not in html
    assert "等待期至 2026-05-29" in html
    assert "本计划年度住院互助已获 1250.00 元，年度封顶 20000.00 元，剩余 18750.00 元" in html


def test_expired_plan_never_offers_enrolment(client, plan, make_member, tree):
    client.force_login(make_member(tree.union_a).user)
    html = client.get(reverse("mutual_aid:home")).content.decode()
    assert "我要参保" not in html and "目前没有开放参保的互助计划" in html


def test_quote_page_reuses_the_calculator(client, plan, enrolled, approver, approver2):
    r = client.post(reverse("mutual_aid:quote"), {"plan": "ZYHZ-2020", "kind": "inpatient", "total_cost": "30000",
                                                  "insurance_paid": "0", "self_paid": "30000"})
    assert r.status_code == 200 and "预计互助金：18250.00 元" in r.content.decode()
    r = client.post(reverse("mutual_aid:quote"), {"plan": "ZYHZ-2020", "kind": "inpatient", "total_cost": "1e309",
                                                  "self_paid": "1"})
    assert r.status_code == 422 and "必须是数字" in r.content.decode()
    c = services.submit_claim(actor=enrolled.user, plan_id=plan.pk, kind="inpatient", hospital="医院",
                              admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no="Q-1",
                              total_cost="30000", insurance_paid="0", self_paid="30000",
                              today=dt.date(2020, 12, 31), photos=[photo()])
    services.approve_claim(actor=approver, claim_id=c.pk)
    services.approve_claim(actor=approver2, claim_id=c.pk)
    client.force_login(enrolled.user)  # the member's own paid total is used: 20,000 − 18,250 left
    r = client.post(reverse("mutual_aid:quote"), {"plan": "ZYHZ-2020", "kind": "inpatient", "total_cost": "30000",
                                                  "insurance_paid": "0", "self_paid": "30000",
                                                  "already_paid_this_year": "0"})
    assert "预计互助金：1750.00 元" in r.content.decode()


def test_batch_approval_preview_then_confirm(client, plan, make_member, tree, staff, approver, make_user):
    """The set-based batch approval is a bulk action on the review queue: the selected claims are shown one by one
    with their evidence and the totals; the approval is recorded only with the receipt of that page."""
    members = [make_member(tree.union_a, name=f"会员{i}") for i in range(3)]
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk,
                           member_ids=[m.pk for m in members], on=dt.date(2020, 1, 1))
    claims = [services.submit_claim(actor=m.user, plan_id=plan.pk, kind="inpatient", hospital="医院",
                                    admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=f"B-{i}",
                                    total_cost="3000", insurance_paid="0", self_paid="3000",
                                    today=dt.date(2020, 12, 31), photos=[photo()])
              for i, m in enumerate(members)]
    ids = [c.pk for c in claims]
    client.force_login(approver)
    queue = client.get(reverse("mutual_aid:review")).content.decode()
    assert reverse("mutual_aid:review_batch") in queue and 'name="ids"' in queue
    url = reverse("mutual_aid:review_batch")
    r = client.post(url, {"ids": ids})
    html = r.content.decode()
    assert "将审批通过 3 件" in html and "合计 3750.00 元" in html  # 3 × (2,500 × 50%)
    assert html.count('data-testid="bulk-evidence"') == 3 and html.count('data-testid="evidence-photo"') == 3
    assert "B-0" in html and "起付线" in html  # the invoice and the calculation lines of each claim
    assert "职工医疗互助保障金" in html  # the source budget, before the confirmation
    assert not LedgerEntry.objects.exists()
    receipt = RECEIPT.search(html).group(1)
    r = client.post(url, {"ids": ids, "confirm": "1", "count": "3", "total": "3750.00"})  # no receipt
    assert r.status_code == 422 and "查看证明材料" in r.content.decode()
    assert Claim.objects.filter(status="submitted").count() == 3 and not PersonYearTotal.objects.exists()
    r = client.post(url, {"ids": ids + [10**6], "confirm": "1", "count": "3", "total": "3750.00", "evidence": receipt})
    assert r.status_code == 302  # a guessed id is dropped silently; the receipt covers the rest
    Claim.objects.filter(pk__in=ids).update(status="submitted")  # undo, to check the other refusals
    LedgerEntry.objects.all().delete()
    PersonYearTotal.objects.all().delete()
    r = client.post(url, {"ids": ids, "confirm": "1", "count": "3", "total": "3000", "evidence": receipt})
    assert r.status_code == 422 and "已变化" in r.content.decode()
    assert Claim.objects.filter(status="submitted").count() == 3 and not PersonYearTotal.objects.exists()
    other = make_user(roles=[(tree.district_a, "approver")], name="另一审批人")
    client.force_login(other)  # someone else's receipt is not theirs
    r = client.post(url, {"ids": ids, "confirm": "1", "count": "3", "total": "3750.00", "evidence": receipt})
    assert r.status_code == 422 and Claim.objects.filter(status="submitted").count() == 3
    client.force_login(approver)
    r = client.post(url, {"ids": ids, "confirm": "1", "count": "3", "total": "3750.00", "evidence": receipt})
    assert r.status_code == 302
    assert Claim.objects.filter(status="approved").count() == 3
    assert sum(e.amount for e in LedgerEntry.objects.all()) == D("3750.00")
    client.force_login(staff)  # staff without the approver role: refused, nothing changes
    r = client.post(url, {"ids": ids})
    assert r.status_code == 422 and "审批人权限" in r.content.decode()
