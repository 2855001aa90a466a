"""Pure rules of the quota engine and of recuperation trips (policies §11, §12, §16)."""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

# Priority classes an event may serve first; each is a test on the member's record.
PREDICATES = {
    "frontline": "一线职工",
    "model_worker": "劳动模范",
    "female": "女职工",
    "young": "青年职工（35 周岁以下）",
}
YOUNG_MAX_AGE = 35  # "以下" includes the number itself (民法典 第一千二百五十九条)


@dataclass(frozen=True)
class Person:
    frontline: bool = False
    model_worker: bool = False
    female: bool = False
    age: int | None = None


def fits(person: Person, code: str) -> bool:
    if code == "frontline":
        return person.frontline
    if code == "model_worker":
        return person.model_worker
    if code == "female":
        return person.female
    if code == "young":
        return person.age is not None and person.age <= YOUNG_MAX_AGE
    return False


def matching_class(person: Person, classes: list[tuple[str, int]]) -> str:
    """The highest-ranked class (lowest rank number) the person belongs to, or "" (general)."""
    for code, _rank in sorted(classes, key=lambda c: c[1]):
        if fits(person, code):
            return code
    return ""


def reserved_seats(capacity: int, share: Decimal) -> int:
    """"At least 90 %" of 60 places is 54: a share reserves the places rounded up."""
    return min(capacity, math.ceil(Decimal(capacity) * share - Decimal("1e-9")))


@dataclass(frozen=True)
class Load:
    capacity: int
    taken: int                                            # confirmed + open offers
    reserved: dict[str, int] = field(default_factory=dict)  # class → reserved places
    held_by_class: dict[str, int] = field(default_factory=dict)  # class → places taken by that class
    reservations_active: bool = True                      # reservations lapse when registration closes
    union_quota: int | None = None                        # places for the person's union, if any
    union_taken: int = 0


def may_take_place(load: Load, klass: str) -> bool:
    """A place goes to this person only if it is free and not held back for another class's unfilled share."""
    if load.taken >= load.capacity:
        return False
    if load.union_quota is not None and load.union_taken >= load.union_quota:
        return False
    free = load.capacity - load.taken
    if not load.reservations_active:
        return True
    held_back = sum(max(0, seats - load.held_by_class.get(code, 0))
                    for code, seats in load.reserved.items() if code != klass)
    return free > held_back


def queue_key(*, klass: str, position: int, load: Load) -> tuple[int, int]:
    """Order of the waiting list when a place frees: a class whose share is unfilled first, then first come."""
    unfilled = load.reservations_active and klass in load.reserved and \
        load.held_by_class.get(klass, 0) < load.reserved[klass]
    return (0 if unfilled else 1, position)


# --- registration window -------------------------------------------------------------------------


def window_problem(*, opens: dt.datetime, closes: dt.datetime, starts: dt.datetime, now: dt.datetime) -> str | None:
    if now < opens:
        return "报名尚未开始。"
    if now >= closes or now >= starts:
        return "报名已经截止。"
    return None


# --- recuperation (policies §16) -----------------------------------------------------------------


@dataclass(frozen=True)
class RuleData:
    version: str
    once_per_year: bool
    cross_province_every_years: int
    max_days_in_province: int
    max_days_cross_province: int
    max_cost_per_day: Decimal
    max_cost_per_trip: Decimal | None = None


def trip_days(start: dt.date, end: dt.date) -> int:
    """Days of a trip, travel included: both the first and the last day count."""
    return (end - start).days + 1


def trip_problem(rule: RuleData, *, cross_province: bool, start: dt.date, end: dt.date,
                 cost_per_day: Decimal | None) -> str | None:
    days = trip_days(start, end)
    limit = rule.max_days_cross_province if cross_province else rule.max_days_in_province
    if days > limit:
        where = "跨省" if cross_province else "省内"
        return f"{where}疗休养最多 {limit} 天（含路途），这次安排了 {days} 天（规则 {rule.version}）。"
    if cost_per_day is None:
        return None  # not priced yet: checked again when a cost is entered
    if cost_per_day > rule.max_cost_per_day:
        return (f"每人每天费用 {cost_per_day} 元超过上限 {rule.max_cost_per_day} 元"
                f"（规则 {rule.version}）。")
    if rule.max_cost_per_trip is not None and cost_per_day * days > rule.max_cost_per_trip:
        return (f"每人每次费用 {cost_per_day * days} 元超过上限 {rule.max_cost_per_trip} 元"
                f"（规则 {rule.version}）。")
    return None


@dataclass(frozen=True)
class PastTrip:
    start: dt.date
    cross_province: bool


def person_problem(rule: RuleData, *, cross_province: bool, start: dt.date, history: list[PastTrip]) -> str | None:
    """Once a year; out of the province at most once in N calendar years (a trip in 2026 allows the next
    cross-province trip from 2029 when N is 3)."""
    if rule.once_per_year and any(t.start.year == start.year for t in history):
        return f"疗休养每年只能参加一次，您 {start.year} 年已经报名或参加过（规则 {rule.version}）。"
    if cross_province:
        window = rule.cross_province_every_years
        recent = [t for t in history if t.cross_province and start.year - window < t.start.year <= start.year]
        if recent:
            return (f"跨省疗休养 {window} 年内只能参加一次，您 {recent[0].start.year} 年已参加过"
                    f"（规则 {rule.version}）。")
    return None


def hours_problem(hours: Decimal, *, shift_hours: Decimal) -> str | None:
    if hours <= 0:
        return "服务时长应大于 0。"
    if hours > shift_hours or hours > 24:
        return f"服务时长不能超过这次活动的时长（{shift_hours} 小时）。"
    if hours * 2 != (hours * 2).to_integral_value():
        return "服务时长按半小时计，例如 2.5。"
    return None


# --- lottery (policies §11: reproducible and auditable, seeded draw, published seed and list) ------------


def draw_order(applicant_ids: list[int], *, event_id: int, seed: str) -> list[int]:
    """The order places are given in: a shuffle of the applications (sorted by id first, so the input order does
    not matter) by a generator seeded from the event and the published seed. Anyone with the list and the seed gets
    the same order."""
    import hashlib
    import random

    digest = hashlib.sha256(f"niangjia-lottery:{event_id}:{seed}".encode()).hexdigest()
    order = sorted(applicant_ids)
    random.Random(int(digest, 16)).shuffle(order)
    return order
