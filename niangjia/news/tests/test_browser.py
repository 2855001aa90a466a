"""A notice is published from the workbench, a member reads it on the phone, and the receipt shows to staff."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, phone):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_phone", phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_notice_read_and_receipt_shown(tree, make_member, make_user, live_server, phone_page, desktop_page):
    staff = make_user(roles=[(tree.city, "admin")])
    member = make_member(tree.union_a).user
    _login(desktop_page, live_server, staff.phone)
    desktop_page.goto(f"{live_server.url}/news/workbench/new/")
    desktop_page.fill("#id_title", "关于开展冬季安全生产检查的通知")
    desktop_page.fill("#id_body", "各基层工会：请于本月内组织一次安全生产检查。")
    desktop_page.select_option("#id_audience_org", str(tree.district_a.pk))
    desktop_page.click("button[value=publish]")
    desktop_page.wait_for_load_state()
    desktop_page.get_by_test_id("total-rate").wait_for()
    assert "已读 0 /" in desktop_page.get_by_test_id("total-rate").inner_text()

    _login(phone_page, live_server, member.phone)
    phone_page.goto(f"{live_server.url}/")
    feed = phone_page.get_by_test_id("home-feed")
    feed.get_by_text("关于开展冬季安全生产检查的通知").click()
    phone_page.get_by_test_id("notice").get_by_text("请于本月内组织一次安全生产检查").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width})"

    desktop_page.reload()
    assert "已读 1 /" in desktop_page.get_by_test_id("total-rate").inner_text()
    desktop_page.get_by_test_id("read-rates").get_by_text(tree.union_a.name).wait_for()
