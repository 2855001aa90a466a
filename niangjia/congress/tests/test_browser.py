"""Browser: a delegate checks in, votes and sees the result on the phone; the chair opens and closes the vote."""

import pytest

from niangjia.congress import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_delegate_votes_on_the_phone_and_the_chair_counts(live_server, small_congress, phone_page, desktop_page):
    c = small_congress
    motion = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="关于职工食堂改善方案的决议",
                                    kind="resolution", secret=False)
    for d in c.delegates[1:5]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)

    phone = phone_page
    _log_in(phone, live_server, c.delegates[0].user)
    phone.goto(live_server.url + "/congress/")
    assert "实到 4 人" in phone.get_by_test_id("quorum").inner_text()
    phone.get_by_test_id("check-in").click()
    phone.get_by_test_id("checked-in").wait_for()
    assert "实到 5 人" in phone.get_by_test_id("quorum").inner_text()

    chair = desktop_page
    _log_in(chair, live_server, c.chair)
    chair.goto(f"{live_server.url}/congress/workbench/sittings/{c.sitting.pk}/")
    chair.get_by_test_id(f"open-{motion.pk}").click()
    chair.get_by_test_id(f"close-{motion.pk}").wait_for()

    phone.reload()
    phone.get_by_test_id("vote-yes").click()
    phone.get_by_test_id("voted").wait_for()
    for d, choice in zip(c.delegates[1:5], ["yes", "yes", "yes", "no"], strict=True):
        services.cast_ballot(actor=d.user, motion_id=motion.pk, choice=choice)

    chair.once("dialog", lambda dialog: dialog.accept())
    chair.get_by_test_id(f"close-{motion.pk}").click()
    chair.get_by_test_id(f"explanation-{motion.pk}").wait_for()
    assert "通过" in chair.get_by_test_id(f"explanation-{motion.pk}").inner_text()

    phone.reload()
    result = phone.get_by_test_id("result").inner_text()
    assert result == "通过"
    assert "赞成 4 票，超过全体代表半数 4 票，通过" in phone.get_by_test_id(f"motion-{motion.pk}").inner_text()
