"""Browser: a judge scores an entry on the phone and submits; a conflicted judge's list lacks that entry and its
page answers 404."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_judge_scores_and_conflicted_judge_cannot_see_the_entry(live_server, panel_setup, phone_page):
    panel, entries, judges = panel_setup
    page = phone_page
    _log_in(page, live_server, judges[1].user)
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("home-feed").get_by_text("服务项目评审").click()
    page.get_by_test_id("entry").filter(has_text="项目B").click()
    for i, value in enumerate(["8", "7.5", "9", "6"]):
        page.locator("[data-testid=score-form] input[inputmode=decimal]").nth(i).fill(value)
    page.get_by_test_id("submit-scores").click()
    page.get_by_test_id("entries").wait_for()
    assert "已提交" in page.get_by_test_id("entry").filter(has_text="项目B").inner_text()

    page.context.clear_cookies()
    _log_in(page, live_server, judges[0].user)
    page.goto(f"{live_server.url}/honors/panels/{panel.pk}/")
    page.get_by_test_id("entries").wait_for()
    listed = page.get_by_test_id("entries").inner_text()
    assert "项目A" in listed and "项目B" not in listed
    response = page.goto(f"{live_server.url}/honors/panels/{panel.pk}/entries/{entries[1].pk}/")
    assert response.status == 404
