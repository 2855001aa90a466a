"""Browser at 390 px: a member who is not a delegate follows the sitting live; the result appears when the chair
closes the vote. The test server has no live (ASGI) process, so this exercises the page's polling fallback; the
stream itself is tested through the ASGI app in test_live.py."""

import pytest

from niangjia.congress import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_follows_the_sitting_and_sees_the_result(live_server, small_congress, phone_page, tree, make_member):
    c = small_congress
    listener = make_member(tree.union_a, name="听众")
    for d in c.delegates[:5]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="关于职工食堂的决议", kind="resolution",
                               secret=False)
    services.open_motion(actor=c.chair, motion_id=m.pk)
    for d in c.delegates[:4]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, choice="yes")
    page = phone_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", listener.user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/congress/")
    page.get_by_test_id(f"live-link-{c.sitting.pk}").click()
    assert "实到 5 人" in page.get_by_test_id("live-attendance").inner_text()
    services.close_motion(actor=c.chair, motion_id=m.pk)
    page.locator("[data-testid=live-agenda] .text-success").wait_for(timeout=20_000)
    assert "赞成 4 票，超过全体代表半数 4 票，通过" in page.get_by_test_id("live-agenda").inner_text()
