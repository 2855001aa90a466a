"""The whole join flow in a real browser on the running server, as a new worker would do it."""

import pytest
from playwright.sync_api import expect

from niangjia.core.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _last_sms_code() -> str:
    """The SMS code as the phone receives it: from the outbox's SMS channel."""
    import re

    from niangjia.core.models import OutboxItem

    text = OutboxItem.objects.filter(message__isnull=True, channel="sms").order_by("-id").first().text
    return re.search(r"(\d{6})", text).group(1)


def test_register_verify_apply_approve_card(live_server, tree, make_user, phone_page, desktop_page):
    make_user(phone="13700000001", password="Staff-pass-2020", roles=[(tree.street_a, "staff")], name="街道干部")
    page = phone_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="注册").first.click()
    page.fill("#id_phone", "13712345678")
    page.get_by_test_id("send-code").click()
    page.get_by_text("验证码已发送").wait_for()
    page.fill("#id_code", _last_sms_code())
    page.fill("#id_display_name", "小梅")
    page.fill("#id_password", "Xiaomei-2020")
    page.fill("#id_password2", "Xiaomei-2020")
    page.get_by_role("button", name="注册", exact=True).click()

    # Step 2: a wrong check digit is explained, then the right number passes.
    page.fill("#id_real_name", "李小梅")
    page.fill("#id_id_number", "110105194912310021")
    page.get_by_role("button", name="去认证").click()
    assert "校验位" in page.content()
    page.fill("#id_id_number", "11010519491231002X")
    page.get_by_role("button", name="去认证").click()
    page.wait_for_url("**/me/join/")

    # Step 3: find the employer's union by typing part of its name.
    page.fill("#org-q", "湖滨商贸")
    # Wait for the search answer itself (the full list already shows this union before it arrives).
    expect(page.locator("#org-results label")).to_have_count(1)
    option = page.locator("#org-results label", has_text="湖滨商贸有限公司工会")
    option.locator("input[name=org_id]").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/me/")
    assert "待审核" in page.content()

    # The street union's staff approves on the workbench.
    staff = desktop_page
    staff.goto(live_server.url + "/login/")
    staff.fill("#id_phone", "13700000001")
    staff.fill("#id_password", "Staff-pass-2020")
    staff.get_by_role("button", name="登录").click()
    staff.goto(live_server.url + "/workbench/approvals/")
    card = staff.locator("[data-testid=join-request]", has_text="李小梅")
    assert "110105********002X" in card.inner_text()
    card.get_by_role("button", name="通过").click()
    staff.wait_for_selector("text=成为会员")

    # The worker gets a message and sees the card with a QR code.
    page.goto(live_server.url + "/me/messages/")
    assert "入会申请已通过" in page.content()
    page.goto(live_server.url + "/me/card/")
    card = page.locator("[data-testid=member-card]")
    text = card.inner_text()
    member = Member.objects.get()
    assert "李小梅" in text and member.member_no in text and "湖滨商贸有限公司工会" in text
    assert card.locator("svg").count() == 1
    page.screenshot(path="var/screenshot-member-card.png", full_page=True)


def test_a_late_search_answer_keeps_the_union_already_ticked(live_server, tree, make_member, phone_page):
    """The htmx race on slow phones: the worker ticks a union, then the debounced search answers."""
    member = make_member(tree.union_a)
    member.user.set_password("Worker-pass-2020")
    member.user.save()
    Member.objects.filter(pk=member.pk).delete()  # a verified worker who is not a member yet
    page = phone_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", member.user.phone)
    page.fill("#id_password", "Worker-pass-2020")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(live_server.url + "/me/join/")
    held = []
    page.route("**/orgs/search/**", lambda route: held.append(route))
    with page.expect_request("**/orgs/search/**"):
        page.fill("#org-q", "湖滨商贸")
    # The search is in flight; the worker ticks a union from the list still on screen.
    page.locator("#org-results label", has_text="上城物流有限公司工会").locator("input").check()
    held[0].continue_()
    page.unroute("**/orgs/search/**")
    expect(page.locator("#org-results label", has_text="湖滨商贸有限公司工会")).to_have_count(1)
    expect(page.locator("#org-results label", has_text="上城物流有限公司工会").locator("input")).to_be_checked()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/me/")
    assert "上城物流有限公司工会" in page.content()
