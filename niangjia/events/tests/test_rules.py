"""Rules of the quota engine and recuperation, as tables written from issue 17 and policies §12, §16."""

import datetime as dt
from decimal import Decimal

import pytest

from niangjia.events import rules

ANHUI = rules.RuleData(version="安徽 2024", once_per_year=True, cross_province_every_years=3, max_days_in_province=5,
                       max_days_cross_province=7, max_cost_per_day=Decimal("400"))
ZHEJIANG = rules.RuleData(version="浙江 2026", once_per_year=True, cross_province_every_years=3,
                          max_days_in_province=5, max_days_cross_province=5, max_cost_per_day=Decimal("400"),
                          max_cost_per_trip=Decimal("2000"))
D = dt.date


@pytest.mark.parametrize(("capacity", "share", "seats"), [
    (60, Decimal("0.9"), 54), (61, Decimal("0.9"), 55),   # "at least 90 %": rounded up
    (10, Decimal("1"), 10), (3, Decimal("0.333"), 1), (7, Decimal("0.5"), 4)])
def test_reserved_places_round_up(capacity, share, seats):
    assert rules.reserved_seats(capacity, share) == seats


def L(taken, *, reserved=None, held=None, active=True, quota=None, union_taken=0, capacity=60):
    return rules.Load(capacity=capacity, taken=taken, reserved=reserved or {}, held_by_class=held or {},
                      reservations_active=active, union_quota=quota, union_taken=union_taken)


@pytest.mark.parametrize(("load", "klass", "ok"), [
    (L(59), "", True),
    (L(60), "", False),                                                       # full
    (L(60), "frontline", False),                                              # full for everybody
    # 54 of 60 kept for front-line workers; 6 general places
    (L(0, reserved={"frontline": 54}), "", True),
    (L(5, reserved={"frontline": 54}, held={}), "", True),                    # the 6th general place
    (L(6, reserved={"frontline": 54}, held={}), "", False),                   # general places used up
    (L(6, reserved={"frontline": 54}, held={}), "frontline", True),
    (L(59, reserved={"frontline": 54}, held={"frontline": 53}), "frontline", True),
    (L(59, reserved={"frontline": 54}, held={"frontline": 53}), "", False),   # the last place is front-line's
    (L(59, reserved={"frontline": 54}, held={"frontline": 54}), "", True),    # share filled: first come
    (L(6, reserved={"frontline": 54}, active=False), "", True),               # registration closed: shares lapse
    (L(10, quota=10, union_taken=10), "", False),                             # the union's places are used
    (L(10, quota=10, union_taken=9), "", True),
])
def test_may_take_place(load, klass, ok):
    assert rules.may_take_place(load, klass) is ok


def test_queue_serves_an_unfilled_class_first_then_first_come():
    load = L(59, reserved={"frontline": 54}, held={"frontline": 53})
    queue = [("", 1), ("frontline", 7), ("", 3), ("frontline", 9)]
    ordered = sorted(queue, key=lambda q: rules.queue_key(klass=q[0], position=q[1], load=load))
    assert ordered == [("frontline", 7), ("frontline", 9), ("", 1), ("", 3)]
    filled = L(59, reserved={"frontline": 54}, held={"frontline": 54})
    assert sorted(queue, key=lambda q: rules.queue_key(klass=q[0], position=q[1], load=filled)) == [
        ("", 1), ("", 3), ("frontline", 7), ("frontline", 9)]


@pytest.mark.parametrize(("person", "classes", "klass"), [
    (rules.Person(frontline=True), [("frontline", 1)], "frontline"),
    (rules.Person(frontline=False), [("frontline", 1)], ""),
    (rules.Person(frontline=True, model_worker=True), [("frontline", 2), ("model_worker", 1)], "model_worker"),
    (rules.Person(age=35), [("young", 1)], "young"),      # "35 周岁以下" includes 35 (民法典 1259)
    (rules.Person(age=36), [("young", 1)], ""),
    (rules.Person(female=True), [("female", 1)], "female"),
])
def test_matching_class(person, classes, klass):
    assert rules.matching_class(person, classes) == klass


@pytest.mark.parametrize(("rule", "cross", "start", "end", "cost", "refused"), [
    (ANHUI, False, D(2027, 5, 1), D(2027, 5, 5), Decimal("400"), False),    # 5 days in the province, at the cap
    (ANHUI, False, D(2027, 5, 1), D(2027, 5, 6), Decimal("300"), True),     # 6 days in the province
    (ANHUI, True, D(2027, 5, 1), D(2027, 5, 7), Decimal("300"), False),     # 7 days out of it (travel included)
    (ANHUI, True, D(2027, 5, 1), D(2027, 5, 8), Decimal("300"), True),
    (ANHUI, False, D(2027, 5, 1), D(2027, 5, 3), Decimal("400.01"), True),  # over the per-day cap
    (ANHUI, False, D(2027, 5, 1), D(2027, 5, 3), None, False),              # not priced yet
    (ZHEJIANG, False, D(2027, 5, 1), D(2027, 5, 5), Decimal("400"), False), # 2,000 a trip exactly
    (ZHEJIANG, True, D(2027, 5, 1), D(2027, 5, 6), Decimal("300"), True),   # Zhejiang: 5 days either way
    (ZHEJIANG, False, D(2027, 5, 1), D(2027, 5, 5), Decimal("400.01"), True),
])
def test_trip_rules(rule, cross, start, end, cost, refused):
    assert (rules.trip_problem(rule, cross_province=cross, start=start, end=end, cost_per_day=cost)
            is not None) is refused


@pytest.mark.parametrize(("cross", "start", "history", "refused"), [
    (False, D(2027, 5, 1), [], False),
    (False, D(2027, 5, 1), [rules.PastTrip(D(2027, 1, 3), False)], True),        # once a year
    (False, D(2027, 5, 1), [rules.PastTrip(D(2026, 12, 30), True)], False),       # last year's trip
    (True, D(2027, 5, 1), [rules.PastTrip(D(2025, 1, 1), True)], True),           # 2025–2027: three years
    (True, D(2027, 5, 1), [rules.PastTrip(D(2024, 12, 31), True)], False),        # 2024 is outside
    (True, D(2027, 5, 1), [rules.PastTrip(D(2026, 6, 1), False)], False),         # in-province does not count
    (False, D(2027, 5, 1), [rules.PastTrip(D(2026, 6, 1), True)], False),         # in-province after cross
])
def test_person_rules(cross, start, history, refused):
    assert (rules.person_problem(ANHUI, cross_province=cross, start=start, history=history) is not None) is refused


T = dt.datetime(2027, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("now", "problem"), [
    (T - dt.timedelta(seconds=1), "尚未开始"), (T, None), (T + dt.timedelta(days=2), "截止"),
    (T + dt.timedelta(days=2) - dt.timedelta(seconds=1), None)])
def test_registration_window(now, problem):
    result = rules.window_problem(opens=T, closes=T + dt.timedelta(days=2), starts=T + dt.timedelta(days=3), now=now)
    assert (result is None) if problem is None else (problem in result)


@pytest.mark.parametrize(("hours", "ok"), [("2.5", True), ("3", True), ("3.5", False), ("0", False),
                                            ("1.25", False), ("-1", False)])
def test_volunteer_hours(hours, ok):
    assert (rules.hours_problem(Decimal(hours), shift_hours=Decimal("3.0")) is None) is ok
