"""Browser: a member signs up for a full recuperation trip on the phone and is waitlisted; when someone cancels the
place is offered to them, they take it and get their entry code."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from niangjia.events import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_waitlisted_then_promoted_when_someone_cancels(live_server, tree, make_member, make_event, phone_page):
    start = timezone.now() + dt.timedelta(days=30)
    event = make_event(capacity=1, kind="recuperation", title="一线职工疗休养（安吉）", starts_at=start,
                       ends_at=start + dt.timedelta(days=3), cost_per_day=Decimal("380"))
    first = make_member(tree.union_a).user
    services.register(first, event_id=event.pk)
    member = make_member(tree.union_a).user

    page = phone_page
    _log_in(page, live_server, member)
    page.goto(live_server.url + "/events/")
    page.get_by_test_id("event-card").filter(has_text="一线职工疗休养（安吉）").click()
    assert "已报 1 / 共 1 个名额" in page.get_by_test_id("places").inner_text()
    page.get_by_test_id("register").click()
    page.get_by_test_id("waiting").wait_for()
    assert "候补第 1 位" in page.get_by_test_id("waiting").inner_text()

    services.cancel_mine(first, event_id=event.pk)
    page.reload()
    page.get_by_test_id("offer").wait_for()
    page.get_by_test_id("accept-offer").click()
    page.get_by_test_id("ticket").wait_for()
    assert page.locator("[data-testid=ticket] svg").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width})"
