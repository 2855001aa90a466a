"""Browser: a hardship worker's helper records the job intent, sends a 1-3-1 packet on a 1440 px screen, and the
worker opens it on the phone (390 px) and applies for a post; the employer then sees the applicant with the phone
masked. Runs on SQLite and PostgreSQL."""

import pytest

from niangjia.jobs import services
from niangjia.jobs.models import Application, JobHelpPacket
from niangjia.jobs.tests.conftest import post, uscc
from niangjia.tests.jobs_support import hardship_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_helper_sends_a_1_3_1_packet_and_the_worker_applies(live_server, browser, phone_page, tree, make_user,
                                                             make_member):
    staff = make_user(roles=[(tree.district_a, "staff")], name="上城区干部")
    helper = make_user(roles=[(tree.street_a, "social_worker")], name="社工小周")
    employer_user = make_user(roles=[(tree.union_a, "employer")], name="企业方")
    worker = make_member(tree.union_a, name="李大姐").user
    household = hardship_household(staff=staff, org=tree.union_a, worker=worker, helper=helper)
    e = services.register_employer(actor=staff, name="上城恒安物业服务有限公司", uscc=uscc("91330102MA2CCCCC1"),
                                   region_code="330102", org_id=tree.district_a.pk, account=employer_user)
    services.verify_employer(actor=staff, employer_id=e.pk, approve=True)
    for title in ("保洁员", "商场保洁员", "写字楼保洁", "夜班保洁员"):
        post(e, employer_user, title, **({"hours": "shifts", "demands": ["night_shift"]} if "夜班" in title else {}))
    post(e, employer_user, "厨师", skills="烹饪", description="中餐。")

    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        _log_in(page, live_server, helper)
        page.goto(live_server.url + "/jobs/workbench/help/")
        page.locator(f"[data-testid=help-row][data-household='{household.pk}'] [data-testid=open-help]").click()
        page.get_by_test_id("kind").fill("保洁")
        page.get_by_test_id("hours").select_option("full_time")
        page.locator("input[name=health_limits][value=night_shift]").check()
        page.get_by_test_id("save-intent").click()
        page.get_by_test_id("score-row").first.wait_for()
        rows = page.get_by_test_id("score-row")
        assert rows.count() == 3  # the night-shift post and the cook are not proposed
        assert not any("夜班保洁员" in text or "厨师" in text for text in rows.all_inner_texts())
        assert "技能与工种" in rows.first.inner_text()
        page.get_by_test_id("send-packet").click()
        page.get_by_test_id("packet").wait_for()
        assert "待反馈" in page.get_by_test_id("outcome").inner_text()
    finally:
        context.close()
    packet = JobHelpPacket.objects.get()
    assert packet.positions.count() == 3

    _log_in(phone_page, live_server, worker)
    phone_page.goto(live_server.url + "/jobs/")
    phone_page.get_by_test_id("packet-link").click()
    phone_page.get_by_test_id("guidance").wait_for()
    assert phone_page.get_by_test_id("no-course").is_visible()  # no classroom course here: said, not hidden
    phone_page.get_by_test_id("post").first.click()
    phone_page.get_by_test_id("profile").fill("做过五年保洁，明天就能上岗。")
    phone_page.get_by_test_id("apply").click()
    phone_page.get_by_test_id("stage").wait_for()
    assert phone_page.get_by_test_id("stage").inner_text() == "已投递"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    application = Application.objects.get()
    assert application.packet == packet and application.applicant == worker and not application.contact_shared

    _log_in(phone_page, live_server, employer_user)
    phone_page.goto(live_server.url + f"/jobs/employer/posts/{application.position_id}/applicants/")
    phone_text = phone_page.get_by_test_id("applicant-phone").inner_text()
    assert worker.phone not in phone_text and "****" in phone_text
    phone_page.get_by_test_id("move-interview").click()
    phone_page.get_by_test_id("applicant-stage").wait_for()
    assert phone_page.get_by_test_id("applicant-stage").inner_text() == "面试"
