"""Rules of notices, as a table written from the issue (audiences, schedule, one reminder after N days, rates)."""

import datetime as dt
from decimal import Decimal

import pytest

from niangjia.news import rules

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("audience", "roles", "people", "refused"), [
    ("everyone", [], 0, False),
    ("staff", [], 0, False),
    ("roles", [], 0, True),                  # roles chosen: at least one
    ("roles", ["staff", "judge"], 0, False),
    ("roles", ["superuser"], 0, True),       # an unknown role is refused, not ignored
    ("people", [], 0, True),
    ("people", [], 1, False),
    ("people", [], rules.MAX_PEOPLE, False),
    ("people", [], rules.MAX_PEOPLE + 1, True),
    ("somebody", [], 0, True),
])
def test_audience(audience, roles, people, refused):
    assert (rules.audience_problem(audience=audience, roles=roles, people_count=people) is not None) is refused


@pytest.mark.parametrize(("publish_at", "refused"), [
    (None, False), (T0 + dt.timedelta(minutes=1), False), (T0, True), (T0 - dt.timedelta(seconds=1), True)])
def test_schedule_must_lie_ahead(publish_at, refused):
    assert (rules.schedule_problem(publish_at=publish_at, now=T0) is not None) is refused


@pytest.mark.parametrize(("days", "refused"), [(-1, True), (0, False), (3, False), (60, False), (61, True)])
def test_remind_days(days, refused):
    assert (rules.remind_days_problem(days) is not None) is refused


@pytest.mark.parametrize(("status", "publish_at", "due"), [
    ("scheduled", T0, True), ("scheduled", T0 + dt.timedelta(seconds=1), False), ("draft", T0, False),
    ("scheduled", None, False), ("published", T0, False)])
def test_is_due(status, publish_at, due):
    assert rules.is_due(status=status, publish_at=publish_at, now=T0) is due


@pytest.mark.parametrize(("published_ago", "days", "reminded", "status", "due"), [
    (dt.timedelta(days=3), 3, False, "published", True),           # exactly N days: due
    (dt.timedelta(days=3) - dt.timedelta(seconds=1), 3, False, "published", False),
    (dt.timedelta(days=30), 0, False, "published", False),         # 0 = never
    (dt.timedelta(days=30), 3, True, "published", False),          # once only
    (dt.timedelta(days=30), 3, False, "withdrawn", False),
])
def test_reminder_due(published_ago, days, reminded, status, due):
    assert rules.reminder_due(status=status, published_at=T0 - published_ago, remind_after_days=days,
                              reminded_at=T0 if reminded else None, now=T0) is due


@pytest.mark.parametrize(("read", "total", "rate", "text"), [
    (0, 0, None, "—"), (0, 7, Decimal("0"), "0.0%"), (1, 3, Decimal("0.3333"), "33.3%"),
    (2, 3, Decimal("0.6667"), "66.7%"), (1, 8, Decimal("0.125"), "12.5%"), (7, 7, Decimal("1"), "100.0%"),
    (1, 2000, Decimal("0.0005"), "0.1%"),   # half up, not banker's rounding
])
def test_read_rate(read, total, rate, text):
    assert rules.read_rate(read, total) == rate
    assert rules.percent_text(rules.read_rate(read, total)) == text
