import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from niangjia.rights import rules

D = dt.date
UTC = dt.UTC
CAL_2026 = rules.Calendar.of(
    holidays=[D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 5), D(2026, 10, 6), D(2026, 10, 7)],
    workdays=[D(2026, 9, 20), D(2026, 10, 10)],  # make-up Sundays/Saturdays (调休)
)


@pytest.mark.parametrize(("current", "action", "expected"), [
    ("new", "assign", "assigned"),
    ("assigned", "assign", "assigned"),
    ("assigned", "start", "in_progress"),
    ("in_progress", "resolve", "resolved"),
    ("assigned", "resolve", "resolved"),
    ("resolved", "close", "closed"),
    ("resolved", "reopen", "in_progress"),
    ("closed", "reopen", "in_progress"),
    ("new", "resolve", None),
    ("new", "close", None),
    ("closed", "assign", None),
    ("in_progress", "reopen", None),
    ("new", "fly", None),
])
def test_transitions(current, action, expected):
    assert rules.next_status(current, action) == expected


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2026, 11, 23), 1, D(2026, 11, 24)),  # Mon → Tue
    (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Fri → Mon
    (D(2026, 11, 28), 1, D(2026, 11, 30)),  # Sat → Mon
    (D(2026, 11, 23), 10, D(2026, 12, 7)),  # two weeks
    (D(2026, 9, 30), 1, D(2026, 10, 8)),  # National Day week skipped (Oct 3-4 weekend, 1-2, 5-7 holidays)
    (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Fri → make-up Sunday
    (D(2026, 9, 30), 3, D(2026, 10, 10)),  # 8, 9, then make-up Saturday 10th
    (D(2026, 11, 23), 0, D(2026, 11, 23)),
])
def test_add_working_days(start, n, expected):
    assert rules.add_working_days(start, n, CAL_2026) == expected


def test_opinion_letter_answer_due_is_15_working_days():
    assert rules.add_working_days(D(2026, 9, 28), rules.DEFAULT_DEADLINES.opinion_answer_working_days, CAL_2026) == D(2026, 10, 23)  # 29,30,8,9,10(调休),12-16,19-23


def test_negative_days_refused():
    with pytest.raises(ValueError):
        rules.add_working_days(D(2026, 1, 1), -1, CAL_2026)


@settings(deadline=None)  # pure and fast, but a busy 2-core CI box must not turn a slow example into a failure
@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)), st.integers(min_value=0, max_value=60))
def test_working_days_roundtrip(start, n):
    due = rules.add_working_days(start, n, CAL_2026)
    assert rules.working_days_between(start, due, CAL_2026) == n
    assert due >= start
    if n:
        assert CAL_2026.is_working_day(due)


@settings(deadline=None)
@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)), st.integers(min_value=0, max_value=30))
def test_working_days_monotonic(start, n):
    assert rules.add_working_days(start, n + 1, CAL_2026) > rules.add_working_days(start, n, CAL_2026)


@pytest.mark.parametrize(("status", "days_ago", "expected"), [
    ("resolved", 0, True), ("resolved", 15, True), ("closed", 14, True), ("resolved", 16, False),
    ("in_progress", 1, False), ("new", 0, False),
])
def test_may_reopen(status, days_ago, expected):
    now = dt.datetime(2026, 11, 24, 12, tzinfo=UTC)
    assert rules.may_reopen(status, now - dt.timedelta(days=days_ago), now, reopen_days=15) is expected


def test_may_reopen_needs_resolution_time():
    assert rules.may_reopen("resolved", None, dt.datetime(2026, 1, 1, tzinfo=UTC), reopen_days=15) is False


@pytest.mark.parametrize(("minutes_before", "expected"), [(24 * 60, True), (121, True), (120, True), (119, False),
                                                          (0, False), (-30, False)])
def test_may_cancel(minutes_before, expected):
    starts = dt.datetime(2026, 11, 25, 14, tzinfo=UTC)
    assert rules.may_cancel(starts, starts - dt.timedelta(minutes=minutes_before), hours_before=2) is expected


@pytest.mark.parametrize(("signals", "level"), [
    (rules.RiskSignals(), "green"),
    (rules.RiskSignals(disputes_30d=2), "green"),
    (rules.RiskSignals(wage_arrears_cases=1), "yellow"),
    (rules.RiskSignals(disputes_30d=3), "yellow"),
    (rules.RiskSignals(layoff_or_suspension=True), "yellow"),
    (rules.RiskSignals(overdue_letters=1), "yellow"),
    (rules.RiskSignals(wage_arrears_cases=3), "red"),
    (rules.RiskSignals(disputes_30d=5), "red"),
    (rules.RiskSignals(wage_arrears_cases=1, layoff_or_suspension=True), "red"),
])
def test_risk_level(signals, level):
    got, reasons = rules.risk_level(signals)
    assert got == level
    assert bool(reasons) == (level != "green" or signals.disputes_30d > 0 and signals.disputes_30d >= 3)


@given(st.integers(0, 10), st.integers(0, 10), st.booleans(), st.integers(0, 5))
def test_risk_monotonic_in_every_signal(w, d, lay, letters):
    base = rules.RISK_ORDER[rules.risk_level(rules.RiskSignals(w, d, lay, letters))[0]]
    for more in (rules.RiskSignals(w + 1, d, lay, letters), rules.RiskSignals(w, d + 1, lay, letters),
                 rules.RiskSignals(w, d, True, letters), rules.RiskSignals(w, d, lay, letters + 1)):
        assert rules.RISK_ORDER[rules.risk_level(more)[0]] >= base


@pytest.mark.parametrize(("old", "new", "rise"), [
    (None, "green", False), (None, "yellow", True), ("green", "red", True), ("yellow", "red", True),
    ("red", "yellow", False), ("yellow", "yellow", False),
])
def test_is_rise(old, new, rise):
    assert rules.is_rise(old, new) is rise


def test_percentile():
    assert rules.percentile([], 50) is None
    assert rules.percentile([5, 1, 3], 50) == 3
    assert rules.percentile(list(range(1, 11)), 90) == 9
    assert rules.percentile(list(range(1, 11)), 100) == 10
