"""Browser: a member enrols, submits a claim with a photo, sees payout + explanation; staff approve and
pay; the member sees 已发放. Care: a delivery is confirmed on the phone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim, Plan
from niangjia.mutual_aid.rules import ZYHZ_2020

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(page, live_server, phone):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", "Test-pass-2020")
    page.click("button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_member_enrols_claims_and_sees_paid(phone_page, live_server, tree, make_member, approver, tmp_path,
                                            pay_through_bank):
    today = timezone.localdate()
    plan = Plan.objects.create(code=f"ZYHZ-{today.year}", name=f"职工住院医疗互助（{today.year}年度）", org=tree.city,
                               year=today.year, premium=Decimal("30"), coverage_start=dt.date(today.year, 1, 1),
                               coverage_end=dt.date(today.year, 12, 31), waiting_days=0, rules=ZYHZ_2020)
    member = make_member(tree.union_a, name="赵护士", phone="13800000001")
    page = phone_page
    login(page, live_server, "13800000001")
    page.goto(f"{live_server.url}/mutual-aid/")
    page.get_by_role("button", name="我要参保").click()
    page.get_by_role("link", name="申请互助金").click()
    page.fill("#hospital", "商洛市中心医院")
    page.fill("#admitted_on", today.isoformat())
    page.fill("#invoice_no", "B-0001")
    page.fill("#total_cost", "1200")
    page.fill("#insurance_paid", "0")
    page.fill("#self_paid", "1000")
    photos = [tmp_path / "invoice-1.png", tmp_path / "invoice-2.png"]  # two photos picked at once
    for i, photo in enumerate(photos):
        photo.write_bytes(PNG + bytes([i]))
    page.set_input_files("#photos", [str(p) for p in photos])
    page.get_by_role("button", name="提交").click()
    page.wait_for_selector("[data-testid=payout]")
    assert page.inner_text("[data-testid=payout]") == "¥250.00"
    assert "起付线" in page.inner_text("[data-testid=explanation]")
    claim = Claim.objects.get(invoice_no="B-0001")
    assert claim.plan == plan and claim.member == member
    assert sorted(p.original_name for p in claim.photos.all()) == ["invoice-1.png", "invoice-2.png"]
    services.approve_claim(actor=approver, claim_id=claim.pk)
    pay_through_bank(source="mutual_aid", org=tree.district_a, people=[member])
    page.reload()
    assert page.inner_text("[data-testid=claim-status]") == "已发放"


@pytest.mark.django_db(transaction=True)
def test_admin_runs_the_plan_year_and_member_sees_it(desktop_page, live_server, tree, make_member, make_user, staff):
    """Copy ZYHZ-2020 to this year, run the what-if, publish, renew last year's enrolee (issue 11)."""
    from niangjia.mutual_aid.demo import ensure_plan

    year = timezone.localdate().year
    old = ensure_plan(tree.city)
    member = make_member(tree.union_a, name="钱师傅", phone="13800000021")
    services.enrol_members(actor=staff, plan_id=old.pk, org_id=tree.union_a.pk, member_ids=[member.pk],
                           on=dt.date(2020, 1, 1))
    make_user(phone="13800000020", roles=[(tree.city, "admin")], name="市总管理员")
    page = desktop_page
    login(page, live_server, "13800000020")
    page.goto(f"{live_server.url}/mutual-aid/workbench/plans/")
    page.get_by_role("button", name="复制为新年度计划").click()
    page.wait_for_selector("[data-testid=plan-editor]")
    assert page.inner_text("[data-testid=plan-phase]") == "草稿"
    page.get_by_role("button", name="用上一年度申请运行测算").click()
    page.wait_for_selector("[data-testid=whatif]")
    page.get_by_role("button", name="发布并开放参保").click()
    page.wait_for_selector("[data-testid=renew-preview]")
    assert page.inner_text("[data-testid=plan-phase]") == "开放参保"
    page.get_by_role("button", name="为上一年度参保会员续保").click()
    page.get_by_role("button", name="确认：为 1 人续保，保费合计 30.00 元").click()
    page.wait_for_selector(".alert-success")
    plan = Plan.objects.get(code=f"ZYHZ-{year}")
    assert plan.status == "published" and plan.enrolments.filter(member=member).count() == 1
    page.context.clear_cookies()
    login(page, live_server, "13800000021")
    page.goto(f"{live_server.url}/mutual-aid/")
    assert f"职工住院医疗互助（{year}年度）" in page.inner_text("[data-testid=my-plan]")
    assert page.get_by_role("button", name="我要参保").count() == 0
