"""Pure rules of notices: who may be addressed, when a notice is due, read rates and reminders."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Roles a notice may address (the role codes of core.OrgRole, less the superuser-only ones).
ADDRESSABLE_ROLES = ("staff", "approver", "admin", "social_worker", "lawyer", "psychologist", "employer", "judge",
                     "delegate", "supplier")
MAX_REMIND_DAYS = 60
MAX_PEOPLE = 500


@dataclass(frozen=True)
class AudienceProblem:
    message: str


def audience_problem(*, audience: str, roles: list[str], people_count: int) -> AudienceProblem | None:
    if audience == "roles":
        if not roles:
            return AudienceProblem("请至少选择一个角色。")
        unknown = [r for r in roles if r not in ADDRESSABLE_ROLES]
        if unknown:
            return AudienceProblem("选择的角色不存在。")
    if audience == "people":
        if people_count == 0:
            return AudienceProblem("请至少填写一位接收人的手机号。")
        if people_count > MAX_PEOPLE:
            return AudienceProblem(f"指定接收人一次最多 {MAX_PEOPLE} 位，人数更多时请按组织或角色发送。")
    if audience not in ("everyone", "staff", "roles", "people"):
        return AudienceProblem("请选择接收范围。")
    return None


def schedule_problem(*, publish_at: dt.datetime | None, now: dt.datetime) -> str | None:
    """A scheduled time must lie ahead (a past time would publish at once: say so instead of guessing)."""
    if publish_at is not None and publish_at <= now:
        return "定时发布的时间已经过去，请选择以后的时间，或直接发布。"
    return None


def remind_days_problem(days: int) -> str | None:
    if days < 0 or days > MAX_REMIND_DAYS:
        return f"未读提醒天数应在 0 到 {MAX_REMIND_DAYS} 天之间（0 表示不提醒）。"
    return None


def is_due(*, status: str, publish_at: dt.datetime | None, now: dt.datetime) -> bool:
    return status == "scheduled" and publish_at is not None and publish_at <= now


def reminder_due(*, status: str, published_at: dt.datetime | None, remind_after_days: int,
                 reminded_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Unread recipients are reminded once, N whole days after publishing (0 = never)."""
    if status != "published" or published_at is None or remind_after_days == 0 or reminded_at is not None:
        return False
    return now - published_at >= dt.timedelta(days=remind_after_days)


def read_rate(read: int, total: int) -> Decimal | None:
    """The share read as a fraction with 4 decimals (0.1234 = 12.34 %), None when nobody was addressed."""
    if total <= 0:
        return None
    return (Decimal(read) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def percent_text(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return f"{(rate * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
