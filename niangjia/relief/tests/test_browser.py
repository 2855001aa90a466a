"""A worker applies from the phone with a photo, two levels approve, the worker sees amount and why."""

import pytest
from django.utils import timezone

from niangjia.relief.models import Application
from niangjia.relief.reference import seed_reference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(page, url, phone, password):
    page.goto(url + "/login/")
    page.fill("#id_phone", phone)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()


def test_worker_applies_two_levels_approve(live_server, tree, make_user, make_member, phone_page, desktop_page,
                                            tmp_path):
    seed_reference()
    make_user(phone="13700000011", password="Staff-pass-2020", roles=[(tree.union_a, "staff")], name="基层干事")
    make_user(phone="13700000012", password="Staff-pass-2020", roles=[(tree.district_a, "approver")], name="区审批")
    member = make_member(tree.union_a, name="李小梅")
    photo = tmp_path / "invoice.png"
    photo.write_bytes(PNG)

    page = phone_page
    login(page, live_server.url, member.phone, "Test-pass-2020")
    page.goto(live_server.url + "/relief/apply/")
    page.select_option("#kind", "hospitalization")
    page.fill("#total_cost", "50000")
    page.fill("#self_paid", "38000")
    page.fill("#invoice_number", "BROWSER-001")
    page.fill("#invoice_date", f"{timezone.localdate().year}-01-01")
    page.fill("#own_income", "3000")
    page.fill("#others", "1")
    page.fill("#others_income", "2000")
    page.set_input_files("#photos", str(photo))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/relief/my/*/")
    assert "已提交" in page.locator("[data-testid=app-status]").inner_text()
    app = Application.objects.get()
    assert app.evidence.count() == 1

    for phone in ("13700000011", "13700000012"):
        staff = desktop_page
        staff.context.clear_cookies()
        login(staff, live_server.url, phone, "Staff-pass-2020")
        staff.goto(live_server.url + "/relief/workbench/")
        staff.locator(f"[data-testid=review-{app.pk}]").click()
        staff.locator("[data-testid=evidence-photo]").first.wait_for()
        staff.locator("[data-testid=approve]").click()
        staff.wait_for_selector(".nj-alert")

    page.goto(live_server.url + f"/relief/my/{app.pk}/")
    granted = page.locator("[data-testid=granted]").inner_text()
    assert "5,000.00" in granted
    assert "第 2 档" in granted
    assert "区总审批" in page.locator("[data-testid=timeline]").inner_text()
    page.screenshot(path="var/screenshot-relief-granted.png", full_page=True)


def test_campaign_is_previewed_and_run(live_server, tree, district_a, city_approver, make_household, desktop_page):
    """Staff preview "1,000 yuan to every active file" in their district, then approve and generate it."""
    from niangjia.relief import services
    from niangjia.relief.models import Disbursement

    seed_reference()
    for org in (tree.union_a, tree.union_a, tree.union_a2, tree.union_b):  # the last one is another district
        hh = make_household(city_approver, org, incomes=("600",))
        services.open_file(actor=city_approver, household_id=hh.pk, category="deep", causes=["illness"],
                           disposable="7200", rigid="0", year=2020)
    page = desktop_page
    login(page, live_server.url, district_a.phone, "Test-pass-2020")
    page.goto(live_server.url + "/relief/workbench/campaigns/")
    page.fill("#c-name", "抗疫专项生活补助")
    page.fill("#c-amount", "1000")
    page.fill("#c-year", "2020")
    page.select_option("#c-org", str(tree.district_a.pk))
    page.get_by_role("button", name="预览").click()
    alert = page.locator(".nj-alert").first
    alert.wait_for()
    assert "预览：共 3 户" in alert.inner_text(), alert.inner_text()
    assert "3,000" in alert.inner_text() or "3000" in alert.inner_text()
    assert Disbursement.objects.count() == 0
    assert "须由另一位审批人批准" in page.content()  # 双人复核: the creator has no approve button
    page.context.clear_cookies()
    login(page, live_server.url, city_approver.phone, "Test-pass-2020")
    page.goto(live_server.url + "/relief/workbench/campaigns/")
    page.get_by_label("我已核对：共 3 户").check()
    page.get_by_role("button", name="批准并生成").click()
    page.wait_for_selector("text=已批准，生成 3 笔发放记录。")
    assert Disbursement.objects.filter(campaign__name="抗疫专项生活补助").count() == 3


def test_monitoring_alert_reaches_helper_who_records_a_visit(live_server, tree, staff_a, make_household,
                                                             desktop_page, tmp_path):
    from niangjia.relief import services
    from niangjia.relief.models import Visit

    seed_reference()
    hh = make_household(staff_a, tree.union_a, incomes=("1000", "0"), illness=True)
    hardship_file = services.open_file(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                                       disposable="7200", rigid="0", year=2020)
    hardship_file.helper = staff_a
    hardship_file.save()
    services.recompute_flags()  # what the nightly huey task runs
    photo = tmp_path / "visit.png"
    photo.write_bytes(PNG)

    page = desktop_page
    login(page, live_server.url, staff_a.phone, "Test-pass-2020")
    page.goto(live_server.url + "/me/messages/")
    assert "出现新的监测预警" in page.content()
    page.get_by_role("link", name="查看").first.click()
    page.wait_for_url("**/relief/workbench/monitoring/")
    page.get_by_role("link", name=hh.head_name).first.click()
    page.fill("#visit-on", "2020-03-20")
    page.fill("#visit-notes", "入户走访：患者在家休养，已送去慰问品，约定下月再访。")
    page.set_input_files("#visit-photos", str(photo))
    page.get_by_role("button", name="记录走访").click()
    page.wait_for_selector("text=约定下月再访")
    visit = Visit.objects.get(household=hh)
    assert visit.on.isoformat() == "2020-03-20"


def test_admin_drafts_category_standards_in_the_form(live_server, tree, make_user, desktop_page, settings):
    from niangjia.relief.models import Policy

    _, category = seed_reference()
    make_user(phone="13700000031", password="Admin-pass-2020", roles=[(tree.city, "admin")], name="市总管理员")
    page = desktop_page
    login(page, live_server.url, "13700000031", "Admin-pass-2020")
    page.goto(live_server.url + "/relief/workbench/policies/")
    form = page.locator("[data-testid=standards-form]")
    form.locator("summary").click()
    form.locator("[name=relative-medical-pct]").fill("-5")
    form.get_by_role("button", name="保存草稿").click()
    form = page.locator("[data-testid=standards-form]")
    assert "相对困难的医疗救助比例不能为负数" in form.inner_text()
    page.screenshot(path=str(settings.BASE_DIR / "var" / "relief_standards_form_error.png"), full_page=True)
    assert Policy.objects.filter(code=category.code).count() == 1
    form.locator("[name=relative-medical-pct]").fill("85")
    form.locator("[name=relative-living]").fill("9")
    form.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "影响测算" in page.content() or "what-if" in page.content()
    draft = Policy.objects.get(code=category.code, version=2)
    assert draft.params["standards"]["relative"]["living"] == {"dibao_months": "9"}
    page.locator("[data-testid=standards-form]").first.locator("summary").click()
    page.screenshot(path=str(settings.BASE_DIR / "var" / "relief_standards_form.png"), full_page=True)
