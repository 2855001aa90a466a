"""Deadlines and checks of collective bargaining, from the text (policies.md §6, §12; 集体合同规定 第三十二、四十二、
四十七条; 民法典 第二百零一、二百零三条). Expected dates are worked out by hand from the State Council's 2026 holiday
notice (国办发明电〔2025〕7号): 春节 2/15–2/23 (2/14 and 2/28 worked), 劳动节 5/1–5/5 (5/9 worked), 端午 6/19–6/21,
中秋 9/25–9/27, 国庆 10/1–10/7 (9/20 and 10/10 worked). Not from the code's output."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niangjia.bargaining import rules

D = dt.date


def span(a: str, b: str) -> set[dt.date]:
    start, end = D.fromisoformat(a), D.fromisoformat(b)
    return {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}


class Notice2026:
    """The 2026 notice as data, written out here (the test does not trust the package it checks against)."""

    off = (span("2026-01-01", "2026-01-03") | span("2026-02-15", "2026-02-23") | span("2026-04-04", "2026-04-06")
           | span("2026-05-01", "2026-05-05") | span("2026-06-19", "2026-06-21") | span("2026-09-25", "2026-09-27")
           | span("2026-10-01", "2026-10-07"))
    worked = {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)}

    def is_working_day(self, day):
        if day in self.worked:
            return True
        return day not in self.off and day.weekday() < 5


CAL = Notice2026()


@pytest.mark.parametrize(("received", "due", "why"), [
    ("2026-11-03", "2026-11-23", "Tue + 20 days = Mon 11-23 (11-22 if the first day counted)"),
    ("2026-03-02", "2026-03-23", "+20 = Sun 03-22, a day of rest: next working day Mon 03-23"),
    ("2026-09-11", "2026-10-08", "+20 = 10-01 国庆: the holiday runs to 10-07, so Thu 10-08"),
    ("2026-06-01", "2026-06-22", "+20 = Sun 06-21 (端午): Mon 06-22"),
    ("2026-01-25", "2026-02-14", "+20 = Sat 02-14, worked under the notice (调休): the period ends that Saturday"),
])
def test_offer_reply_due_20_days(received, due, why):
    assert rules.offer_reply_due(D.fromisoformat(received), CAL) == D.fromisoformat(due), why


@pytest.mark.parametrize(("signed", "due"), [
    ("2026-09-30", "2026-10-10"),  # +10 = Sat 10-10, a make-up working day: the period ends that Saturday
    ("2026-04-24", "2026-05-06"),  # +10 = 05-04 (劳动节 to 05-05): Wed 05-06
    ("2026-12-01", "2026-12-11"),  # Tue + 10 = Fri 12-11
    ("2026-12-02", "2026-12-14"),  # +10 = Sat 12-12: Mon 12-14
])
def test_filing_due_10_days_after_signing(signed, due):
    assert rules.filing_due(D.fromisoformat(signed), CAL) == D.fromisoformat(due)


@pytest.mark.parametrize(("received", "end", "effective"), [
    ("2026-01-20", "2026-02-04", "2026-02-05"),  # Tue + 15 = Wed 02-04; effective the next day
    ("2026-02-05", "2026-02-24", "2026-02-25"),  # +15 = 02-20 inside 春节 (to 02-23): Tue 02-24
    ("2026-09-15", "2026-09-30", "2026-10-01"),  # +15 = Wed 09-30, a working day: effective on 10-01
    ("2026-09-22", "2026-10-08", "2026-10-09"),  # +15 = 10-07, last day of 国庆: Thu 10-08
])
def test_objection_period_15_days_then_effective(received, end, effective):
    assert rules.objection_period_end(D.fromisoformat(received), CAL) == D.fromisoformat(end)
    assert rules.effective_on(D.fromisoformat(received), CAL) == D.fromisoformat(effective)


def test_talks_start_within_10_working_days_local_rule():
    # Answered Mon 09-28: 09-29 (1), 09-30 (2), 国庆 off to 10-07, 10-08 (3), 10-09 (4), Sat 10-10 worked (5),
    # 10-12 (6) … 10-16 (10).
    assert rules.talks_start_due(D(2026, 9, 28), CAL) == D(2026, 10, 16)
    assert rules.talks_start_due(D(2026, 9, 28), CAL, working_days=0) == D(2026, 9, 28)


def test_renewal_notice_60_days_before_expiry():
    assert rules.renewal_notice_on(D(2027, 12, 31)) == D(2027, 11, 1)


@pytest.mark.parametrize(("due", "today", "done", "state"), [
    (D(2026, 3, 23), D(2026, 3, 24), False, "overdue"),  # the day after the last day
    (D(2026, 3, 23), D(2026, 3, 23), False, "due"),  # the last day itself is still in time
    (D(2026, 3, 23), D(2026, 3, 21), False, "due"),  # two days before
    (D(2026, 3, 23), D(2026, 3, 20), False, "ok"),
    (D(2026, 3, 23), D(2026, 4, 20), True, "done"),
    (None, D(2026, 3, 20), False, "none"),
])
def test_deadline_state(due, today, done, state):
    assert rules.deadline_state(due, today, done=done) == state


@pytest.mark.parametrize(("counts", "chiefs", "ok"), [
    ({"union": 3, "employer": 3}, {"union": 1, "employer": 1}, True),
    ({"union": 5, "employer": 5}, {"union": 1, "employer": 1}, True),
    ({"union": 2, "employer": 2}, {"union": 1, "employer": 1}, False),  # fewer than 3
    ({"union": 3, "employer": 4}, {"union": 1, "employer": 1}, False),  # unequal
    ({"union": 3, "employer": 3}, {"union": 0, "employer": 1}, False),  # no chief
    ({"union": 3, "employer": 3}, {"union": 1, "employer": 2}, False),  # two chiefs
])
def test_teams(counts, chiefs, ok):
    assert (rules.team_problems(counts, chiefs) == []) is ok


@pytest.mark.parametrize(("accepted", "reason", "flagged"), [
    (True, "", False), (False, "企业正在破产清算", False), (False, "", True), (False, "   ", True),
])
def test_refusal_without_reason_is_flagged(accepted, reason, flagged):
    assert rules.refusal_flagged(accepted, reason) is flagged


@pytest.mark.parametrize(("start", "end", "ok"), [
    (D(2020, 1, 1), D(2020, 12, 31), True),  # one year
    (D(2020, 1, 1), D(2022, 12, 31), True),  # three years
    (D(2020, 1, 1), D(2020, 12, 30), False),  # a day short of a year
    (D(2020, 1, 1), D(2023, 1, 1), False),  # a day over three years
    (D(2020, 3, 1), D(2020, 2, 1), False),
    (D(9999, 1, 1), D(9999, 12, 31), False),  # refused, not a crash on adding three years
])
def test_term_of_one_to_three_years(start, end, ok):
    assert (rules.term_problems(start, end) == []) is ok


def test_compare_terms_lists_each_change():
    v1 = rules.WageTerms(increase_pct=Decimal("3.00"), minimum_wage=Decimal("2100.00"))
    v2 = rules.WageTerms(increase_pct=Decimal("-5.00"), minimum_wage=Decimal("2100.00"),
                         special_terms="2020 年降薪 5%，承诺不裁员")
    changes = rules.compare_terms(v1, v2)
    assert [c["field"] for c in changes] == ["increase_pct", "special_terms"]
    assert rules.describe_change(changes[0]) == "工资增幅（%）：3.00 → -5.00"
    assert rules.compare_terms(v2, v2) == []
    assert [c["field"] for c in rules.compare_terms(None, v1)] == ["increase_pct", "minimum_wage"]


def test_piece_rates_compared_item_by_item():
    v1 = rules.WageTerms(piece_rates=(("城区派送", Decimal("1.20")), ("郊区派送", Decimal("1.80"))))
    v2 = rules.WageTerms(piece_rates=(("城区派送", Decimal("1.10")), ("大件搬运", Decimal("5.00"))))
    changes = {c["label"]: (c["old"], c["new"]) for c in rules.compare_terms(v1, v2)}
    assert changes == {"计件单价·城区派送（元）": (Decimal("1.20"), Decimal("1.10")),
                       "计件单价·郊区派送（元）": (Decimal("1.80"), None),
                       "计件单价·大件搬运（元）": (None, Decimal("5.00"))}


@pytest.mark.parametrize(("terms", "ok"), [
    (rules.WageTerms(piece_rates=(("城区派送", Decimal("1.20")),)), True),
    (rules.WageTerms(piece_rates=(("城区派送", Decimal("1.20")), ("城区派送", Decimal("1.30")))), False),
    (rules.WageTerms(piece_rates=(("城区派送", Decimal("0")),)), False),
    (rules.WageTerms(piece_rates=tuple((f"项目{i}", Decimal("1")) for i in range(21))), False),
    (rules.WageTerms(increase_pct=Decimal("-5")), True),
    (rules.WageTerms(special_terms="承诺不裁员"), True),
    (rules.WageTerms(), False),
    (rules.WageTerms(increase_pct=Decimal("150")), False),
    (rules.WageTerms(minimum_wage=Decimal("0")), False),
])
def test_terms_problems(terms, ok):
    assert (rules.terms_problems(terms) == []) is ok


@pytest.mark.parametrize(("stage", "action", "to"), [
    ("offer", "answer_accept", "preparing"), ("offer", "answer_refuse", "refused"),
    ("preparing", "start_talks", "talks"), ("talks", "draft", "draft"), ("draft", "submit_to_congress", "voting"),
    ("voting", "congress_passed", "approved"), ("voting", "congress_failed", "talks"), ("approved", "sign", "signed"),
    ("signed", "file", "filed"), ("filed", "take_effect", "effective"), ("filed", "object", "objected"),
    ("offer", "sign", None), ("talks", "submit_to_congress", None), ("effective", "file", None),
])
def test_transitions(stage, action, to):
    assert rules.next_stage(stage, action) == to


dates = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 1))


@given(dates, st.integers(min_value=0, max_value=40))
def test_period_end_is_the_first_working_day_on_or_after_start_plus_days(start, days):
    end = rules.period_end(start, days, CAL)
    assert end >= start + dt.timedelta(days=days)
    assert CAL.is_working_day(end)
    # Brute force: every day between the nominal last day and the end is a day of rest.
    day = start + dt.timedelta(days=days)
    while day < end:
        assert not CAL.is_working_day(day)
        day += dt.timedelta(days=1)


@given(dates, st.integers(min_value=0, max_value=30))
def test_working_days_counted_like_a_brute_force_walk(start, n):
    due = rules.add_working_days(start, n, CAL)
    walked = sum(1 for i in range(1, (due - start).days + 1) if CAL.is_working_day(start + dt.timedelta(days=i)))
    assert walked == n
    assert n == 0 or CAL.is_working_day(due)


def test_may_take_effect_only_after_the_whole_period():
    received = D(2026, 1, 20)  # period ends 02-04
    assert not rules.may_take_effect(stage="filed", filed_received_on=received, today=D(2026, 2, 4), cal=CAL)
    assert rules.may_take_effect(stage="filed", filed_received_on=received, today=D(2026, 2, 5), cal=CAL)
    assert not rules.may_take_effect(stage="objected", filed_received_on=received, today=D(2026, 3, 1), cal=CAL)
