"""Browser at 390 px: a delegate drafts a proposal, two delegates second it, it is submitted; staff accept and
assign it; the department answers from the workbench; the delegate rates the reply on the phone."""

import pytest

from niangjia.congress.models import Department, Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_proposal_flow_on_the_phone_and_the_workbench(live_server, small_congress, phone_page, desktop_page):
    c = small_congress
    dept = Department.objects.create(org=c.congress.org, name="后勤保障部")
    phone = phone_page
    assert phone.viewport_size["width"] == 390
    _log_in(phone, live_server, c.delegates[0].user)
    phone.goto(live_server.url + "/congress/")
    phone.get_by_test_id("proposals-link").click()
    phone.get_by_test_id("new-proposal").click()
    phone.fill("#title", "关于增设职工电动车充电桩的提案")
    phone.fill("#reason", "职工电动车多，充电难。")
    phone.fill("#measures", "在停车场增设 20 个充电桩。")
    phone.get_by_test_id("save-proposal").click()
    phone.get_by_test_id("submit").wait_for()
    p = Proposal.objects.get(title="关于增设职工电动车充电桩的提案")
    phone.get_by_test_id("submit").click()
    assert "至少 2 名代表附议" in phone.locator(".alert").first.inner_text()

    for d in c.delegates[1:3]:
        _log_in(phone, live_server, d.user)
        phone.goto(live_server.url + "/congress/proposals/")
        phone.get_by_test_id(f"seeking-{p.pk}").click()
        phone.get_by_test_id("second").click()
        phone.get_by_test_id("seconded").wait_for()

    _log_in(phone, live_server, c.delegates[0].user)
    phone.goto(f"{live_server.url}/congress/proposals/{p.pk}/")
    phone.get_by_test_id("submit").click()
    phone.wait_for_function("document.querySelector('[data-testid=status]').innerText.includes('审查')")

    staff = desktop_page
    _log_in(staff, live_server, c.chair)
    staff.goto(f"{live_server.url}/congress/workbench/proposals/")
    staff.get_by_role("link", name="关于增设职工电动车充电桩的提案").click()
    staff.get_by_test_id("accept").click()
    staff.get_by_test_id("lead").select_option(str(dept.pk))
    staff.get_by_test_id("assign").click()
    staff.get_by_test_id("reply-text").fill("后勤保障部答复：年内在东区停车场建成 20 个充电桩。")
    staff.get_by_test_id("answer").click()
    staff.get_by_test_id("reply").wait_for()

    phone.reload()
    assert "年内在东区停车场建成" in phone.get_by_test_id("reply").inner_text()
    phone.get_by_test_id("rate-mostly").click()
    phone.get_by_test_id("rating").wait_for()
    assert phone.get_by_test_id("rating").inner_text() == "基本满意"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    p.refresh_from_db()
    assert (p.status, p.rating) == ("rated", "mostly")
