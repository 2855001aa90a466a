"""Pure rules of the flash sale (no Django, no clock: the caller passes `now` / `today`)."""

import datetime as dt
from decimal import Decimal

OPEN, UPCOMING, SOLD_OUT, ENDED = "open", "upcoming", "sold_out", "ended"
MAX_STOCK = 1_000_000
MAX_LIMIT = 100
MAX_SALE_DAYS = 31


class RuleError(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def sale_state(*, starts_at: dt.datetime, ends_at: dt.datetime, stock_total: int, sold: int, now: dt.datetime) -> str:
    """What a member sees: 未开始 before the start, 已结束 from the end on, 已抢完 when nothing is left."""
    if now < starts_at:
        return UPCOMING
    if now >= ends_at:
        return ENDED
    if sold >= stock_total:
        return SOLD_OUT
    return OPEN


def check_new_sale(*, stock: int, per_member_limit: int, starts_at: dt.datetime, ends_at: dt.datetime,
                   certificate_expires: dt.date, product_on_sale: bool, now: dt.datetime) -> None:
    """A sale may be created only for a product on sale from a supplier whose certificate is valid for the
    whole sale (issue 15: "an expired certificate stops new listings")."""
    if not product_on_sale:
        raise RuleError("该商品未上架，不能开抢购。", "market.product_off")
    if not 1 <= stock <= MAX_STOCK:
        raise RuleError(f"抢购库存应在 1 到 {MAX_STOCK} 之间。", "market.stock")
    if not 1 <= per_member_limit <= MAX_LIMIT:
        raise RuleError(f"每人限购应在 1 到 {MAX_LIMIT} 之间。", "market.limit")
    if ends_at <= starts_at:
        raise RuleError("结束时间必须晚于开始时间。", "market.period")
    if ends_at <= now:
        raise RuleError("结束时间已过，不能开抢购。", "market.period")
    if ends_at - starts_at > dt.timedelta(days=MAX_SALE_DAYS):
        raise RuleError(f"一场抢购最长 {MAX_SALE_DAYS} 天。", "market.period")
    if certificate_expires < ends_at.date():
        raise RuleError("供应商的认定证书在抢购结束前到期，不能上新；请先更新证书。", "market.certificate_expired")


def check_quantity(quantity: int, per_member_limit: int) -> None:
    if quantity < 1:
        raise RuleError("购买数量至少为 1。", "market.quantity")
    if quantity > per_member_limit:
        raise RuleError(f"每人限购 {per_member_limit} 件。", "over_limit")


def order_amount(price: Decimal, quantity: int) -> Decimal:
    return (price * quantity).quantize(Decimal("0.01"))


def certificate_expired(expires: dt.date, today: dt.date) -> bool:
    return expires < today


MAX_SESSIONS = 20


def check_sessions(sessions: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Sessions (场次) of one sale, sorted: each ends after it starts, none overlaps another, at most 20."""
    if not 1 <= len(sessions) <= MAX_SESSIONS:
        raise RuleError(f"一场抢购应有 1 到 {MAX_SESSIONS} 个场次。", "market.sessions")
    ordered = sorted(sessions)
    for start, end in ordered:
        if end <= start:
            raise RuleError("每个场次的结束时间必须晚于开始时间。", "market.sessions")
    for (_s1, e1), (s2, _e2) in zip(ordered, ordered[1:], strict=False):
        if s2 < e1:
            raise RuleError("场次的时间不能重叠。", "market.sessions")
    return ordered


def current_window(sessions: list[tuple[dt.datetime, dt.datetime]], now: dt.datetime):
    """The session a member sees: the one running now, else the next, else the last (ended). None if none."""
    for start, end in sessions:
        if now < end:
            return start, end
    return sessions[-1] if sessions else None
