"""Pure helpers of care campaigns (no Django): money parsing and the report sentence."""

from decimal import ROUND_HALF_UP, Decimal

from niangjia.core.money import MoneyError, parse_yuan

CENT = Decimal("0.01")


class RuleError(ValueError):
    pass


def parse_amount(value, label: str) -> Decimal:
    """A non-negative amount in yuan with at most two decimals, or RuleError in Chinese."""
    try:
        return parse_yuan(value, label)
    except MoneyError as exc:
        raise RuleError(str(exc)) from None


def wan(amount: Decimal) -> str:
    """Yuan as 万元 the way reports write it: 2,977,200 → "297.72万"; below 10,000 → "0.5万"."""
    value = (Decimal(amount) / Decimal(10000)).quantize(CENT, rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}万"


def report_sentence(money: Decimal, person_times: int, planned: Decimal | None = None,
                    planned_times: int | None = None) -> str:
    """E.g. 已拨付慰问款297.72万余元，累计慰问15600人次. `money`/`person_times` count only greetings whose
    payment is recorded; what is on a list but not yet paid is reported as 拟慰问 (planned) first."""
    paid = f"已拨付慰问款{wan(money)}余元，累计慰问{person_times}人次"
    if planned is None or planned_times is None or planned_times <= person_times:
        return paid
    return f"拟慰问{planned_times - person_times}人次、慰问款{wan(Decimal(planned) - Decimal(money))}元（尚未拨付）；{paid}"
