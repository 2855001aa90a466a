"""Pure helpers of care campaigns (no Django): money parsing and the report sentence."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


class RuleError(ValueError):
    pass


def parse_amount(value, label: str) -> Decimal:
    if value is None or str(value).strip() == "":
        raise RuleError(f"请填写{label}。")
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise RuleError(f"{label}必须是数字（单位：元）。") from None
    if not d.is_finite():
        raise RuleError(f"{label}必须是数字（单位：元）。")
    if d < 0:
        raise RuleError(f"{label}不能是负数。")
    if d != d.quantize(CENT):
        raise RuleError(f"{label}最多保留两位小数。")
    if d >= Decimal("10000000000"):
        raise RuleError(f"{label}金额过大，请核对。")
    return d.quantize(CENT)


def wan(amount: Decimal) -> str:
    """Yuan as 万元 the way reports write it: 2,977,200 → "297.72万"; below 10,000 → "0.5万"."""
    value = (Decimal(amount) / Decimal(10000)).quantize(CENT, rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}万"


def report_sentence(money: Decimal, person_times: int) -> str:
    """E.g. 已拨付慰问款297.72万余元，累计慰问15600人次."""
    return f"已拨付慰问款{wan(money)}余元，累计慰问{person_times}人次"
