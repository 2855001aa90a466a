"""Pure rules of 维权与咨询 (no Django): case lifecycle, working-day SLA arithmetic, reopen and
cancellation windows, employer risk level."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

STATUS_LABELS = {
    "new": "新建",
    "assigned": "已分派",
    "in_progress": "处理中",
    "resolved": "已解决",
    "closed": "已关闭",
}

# action -> (allowed from, to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({"new", "assigned", "in_progress"}), "assigned"),
    "start": (frozenset({"assigned"}), "in_progress"),
    "resolve": (frozenset({"assigned", "in_progress"}), "resolved"),
    "close": (frozenset({"resolved"}), "closed"),
    "reopen": (frozenset({"resolved", "closed"}), "in_progress"),
}

DEFAULT_SLA = {"first_response_days": 1, "resolution_days": 10}
DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 5000


@dataclass(frozen=True)
class Deadlines:
    """The deadlines admins keep on the workbench (DeadlinePolicy); these defaults seed it.

    opinion/suggestion: policies.md §9 (《工会劳动法律监督办法》2021) — an employer answers a 意见书 within
    15 working days, a labour administration decides on a 建议书 within 5 working days."""

    opinion_answer_working_days: int = 15
    suggestion_answer_working_days: int = 5
    reopen_days: int = 15  # a worker may reopen a resolved case for this many days
    cancel_hours_before: int = 2  # a booking may be cancelled online until this many hours before it starts

    def letter_answer_days(self, kind: str) -> int:
        return self.opinion_answer_working_days if kind == "opinion" else self.suggestion_answer_working_days


DEFAULT_DEADLINES = Deadlines()
DEADLINE_LIMITS = {  # field -> (min, max, Chinese label)
    "opinion_answer_working_days": (1, 60, "意见书答复时限（工作日）"),
    "suggestion_answer_working_days": (1, 60, "建议书答复时限（工作日）"),
    "reopen_days": (1, 90, "工单可重新打开的天数"),
    "cancel_hours_before": (0, 72, "预约最晚取消时间（开始前小时数）"),
}


def next_status(current: str, action: str) -> str | None:
    """The status after `action`, or None when the action is not allowed from `current`."""
    rule = TRANSITIONS.get(action)
    if rule is None or current not in rule[0]:
        return None
    return rule[1]


def allowed_actions(current: str) -> list[str]:
    return [a for a, (src, _to) in TRANSITIONS.items() if current in src]


@dataclass(frozen=True)
class Calendar:
    """Holidays (days off on a weekday) and make-up working days (调休, a weekend day that is worked)."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    @classmethod
    def of(cls, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()) -> "Calendar":
        return cls(frozenset(holidays), frozenset(workdays))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


def add_working_days(start: dt.date, n: int, cal: Calendar) -> dt.date:
    """The n-th working day after `start` (start itself does not count). n=0 → start."""
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    left = n
    while left > 0:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, cal: Calendar) -> int:
    """Working days in (start, end]; 0 when end <= start."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            count += 1
    return count


def sla_due(opened_on: dt.date, cal: Calendar, *, first_response_days: int, resolution_days: int
            ) -> tuple[dt.date, dt.date]:
    return (add_working_days(opened_on, first_response_days, cal),
            add_working_days(opened_on, resolution_days, cal))


def is_overdue(status: str, due: dt.date, today: dt.date) -> bool:
    return status not in ("resolved", "closed") and today > due


def may_reopen(status: str, resolved_at: dt.datetime | None, now: dt.datetime, *, reopen_days: int) -> bool:
    """The worker may reopen a resolved/closed case within `reopen_days` days of its resolution."""
    if status not in ("resolved", "closed") or resolved_at is None:
        return False
    return now - resolved_at <= dt.timedelta(days=reopen_days)


def may_cancel(starts_at: dt.datetime, now: dt.datetime, *, hours_before: int) -> bool:
    """A booking may be cancelled up to `hours_before` hours before it starts."""
    return now <= starts_at - dt.timedelta(hours=hours_before)


def may_book(starts_at: dt.datetime, now: dt.datetime) -> bool:
    return starts_at > now


def overlaps(a_start: dt.datetime, a_minutes: int, b_start: dt.datetime, b_minutes: int) -> bool:
    """Two sessions overlap when each starts before the other ends (touching end to start is fine)."""
    return a_start < b_start + dt.timedelta(minutes=b_minutes) and b_start < a_start + dt.timedelta(minutes=a_minutes)


def booking_refusal(*, kind: str, starts_at: dt.datetime, minutes: int, upcoming: list[tuple[str, dt.datetime, int]]
                    ) -> str | None:
    """Why a worker may not book this slot, given their upcoming bookings (kind, start, minutes); None if they may.

    One upcoming booking per counsellor type, so that one person does not hold several lawyers' hours, and never
    two sessions at the same time.
    """
    for _kind, other_start, other_minutes in upcoming:
        if overlaps(starts_at, minutes, other_start, other_minutes):
            return "overlap"
    if any(other_kind == kind for other_kind, _start, _minutes in upcoming):
        return "same_kind"
    return None


@dataclass(frozen=True)
class RiskSignals:
    wage_arrears_cases: int = 0  # open or recent wage cases against the employer
    disputes_30d: int = 0  # dispute cases opened in the last 30 days
    layoff_or_suspension: bool = False
    overdue_letters: int = 0


def risk_level(s: RiskSignals) -> tuple[str, list[str]]:
    """green / yellow / red with the reasons, in Chinese.

    red: a layoff/suspension together with wage arrears, or ≥3 wage-arrears cases, or ≥5 disputes in
    30 days. yellow: any wage-arrears case, ≥3 disputes in 30 days, a layoff/suspension, or an
    overdue supervision letter.
    """
    reasons: list[str] = []
    if s.wage_arrears_cases:
        reasons.append(f"欠薪案件 {s.wage_arrears_cases} 件")
    if s.disputes_30d >= 3:
        reasons.append(f"30 日内争议案件 {s.disputes_30d} 件")
    if s.layoff_or_suspension:
        reasons.append("报告裁员计划或停产")
    if s.overdue_letters:
        reasons.append(f"监督意见书逾期未回复 {s.overdue_letters} 份")
    red = (
        (s.layoff_or_suspension and s.wage_arrears_cases > 0)
        or s.wage_arrears_cases >= 3
        or s.disputes_30d >= 5
    )
    if red:
        return "red", reasons
    if reasons:
        return "yellow", reasons
    return "green", reasons


RISK_ORDER = {"green": 0, "yellow": 1, "red": 2}


def is_rise(old: str | None, new: str) -> bool:
    """Whether the level went up to yellow or red (which alerts district staff)."""
    return RISK_ORDER[new] > RISK_ORDER.get(old or "green", 0) and new != "green"


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


LETTER_KIND_CHARS = {"opinion": "意", "suggestion": "建"}


def union_abbreviation(name: str) -> str:
    """The short form official documents use: 上海市总工会 → 上总工, 上城区总工会 → 上城总工 (a district keeps two
    characters so it differs from its city), 湖滨商贸有限公司工会 → 湖滨工."""
    name = (name or "").strip()
    for suffix, keep in (("市总工会", 1), ("省总工会", 1), ("区总工会", 2), ("县总工会", 2), ("总工会", 2)):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:keep] + "总工"
    if name.endswith("工会") and len(name) > 2:
        return name[:2] + "工"
    return name[:4] or "工会"


def letter_number(union_name: str, kind: str, year: int, seq: int) -> str:
    """上总工意〔2026〕3号 (no internal ids)."""
    return f"{union_abbreviation(union_name)}{LETTER_KIND_CHARS.get(kind, '')}〔{year}〕{seq}号"

