"""Amounts in yuan typed by people or read from files (pure: no Django, so rules modules may use it)."""

from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
TOO_LARGE = Decimal("10000000000")


class MoneyError(ValueError):
    """A Chinese reason why the text is not an amount."""


def parse_yuan(value, label: str) -> Decimal:
    """A non-negative amount with at most two decimals ("1,234.5" → 1234.50), or MoneyError in Chinese."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        raise MoneyError(f"请填写{label}。")
    if isinstance(value, float):
        value = repr(value)
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise MoneyError(f"{label}必须是数字（单位：元），例如 1234.56。") from None
    if not d.is_finite():
        raise MoneyError(f"{label}必须是数字（单位：元），例如 1234.56。")
    if d < 0:
        raise MoneyError(f"{label}不能是负数。")
    if d != d.quantize(CENT):
        raise MoneyError(f"{label}最多保留两位小数（精确到分）。")
    if d >= TOO_LARGE:
        raise MoneyError(f"{label}金额过大，请核对。")
    return d.quantize(CENT)
