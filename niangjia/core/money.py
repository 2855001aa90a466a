"""Amounts in yuan typed by people or read from files (pure: no Django, so rules modules may use it).

One parser for every entry point (forms, the JSON API, imports). It checks the *text* before it builds a
Decimal and the *size* before it quantizes: `Decimal("1e309").quantize(...)` raises InvalidOperation (a
500 if nobody catches it), and `Decimal("１２３")` silently accepts full-width digits. Anything that is not
plain ASCII digits with an optional point and at most two decimals is refused with a Chinese reason.
"""

import re
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
TOO_LARGE = Decimal("10000000000")  # 100 亿元: above any real benefit, below Decimal's 28-digit precision
MAX_TEXT = 32  # longer text is never a sensible amount (and never reaches Decimal)

_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_FULL_WIDTH = re.compile(r"[０-９．，＋－]")
_GROUPING = re.compile(r"[0-9０-９][,，、'][0-9０-９]")


class MoneyError(ValueError):
    """A Chinese reason why the text is not an amount."""


def _not_a_number(label: str) -> MoneyError:
    return MoneyError(f"{label}必须是数字（单位：元），例如 1234.56。")


def _to_decimal(value, label: str) -> Decimal:
    if isinstance(value, bool):
        raise _not_a_number(label)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        if abs(value) >= TOO_LARGE:
            raise MoneyError(f"{label}金额过大，请核对。")
        return Decimal(value)
    if isinstance(value, float):
        value = repr(value)  # 0.1 stays 0.1; inf/nan become text and are refused below
    if not isinstance(value, str):
        raise _not_a_number(label)
    text = value.strip()
    if _GROUPING.search(text):
        raise MoneyError(f"{label}请不要使用千位分隔符，例如写 1000，而不是 1,000。")
    if _FULL_WIDTH.search(text):
        raise MoneyError(f"{label}请使用半角数字（例如 1234.56），不要使用全角数字或符号。")
    if len(text) > MAX_TEXT:
        raise MoneyError(f"{label}金额过大或格式不正确，请核对。")
    if not _PLAIN.fullmatch(text):
        # exponent forms (1e5, 1E+30), NaN, Infinity, letters, units such as "元"
        raise _not_a_number(label)
    integer = text.lstrip("+-").split(".", 1)[0].lstrip("0")
    if len(integer) > len(str(int(TOO_LARGE))):
        raise MoneyError(f"{label}金额过大，请核对。")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above only lets valid literals through
        raise _not_a_number(label) from None


def parse_yuan(value, label: str, *, allow_negative: bool = False, maximum: Decimal | None = None) -> Decimal:
    """An amount with at most two decimals ("1234.5" → 1234.50), or MoneyError with a Chinese reason.

    Refused: empty, exponent forms, NaN/Infinity, thousands separators ("1,000"), full-width digits,
    negatives (unless `allow_negative`), a third decimal, and anything at or above 100 亿 (or `maximum`).
    """
    if value is None or (isinstance(value, str) and value.strip() == ""):
        raise MoneyError(f"请填写{label}。")
    d = _to_decimal(value, label)
    if not d.is_finite():
        raise _not_a_number(label)
    # size first: quantize on a huge exponent raises InvalidOperation instead of answering
    if abs(d) >= TOO_LARGE:
        raise MoneyError(f"{label}金额过大，请核对。")
    if maximum is not None and d > maximum:
        raise MoneyError(f"{label}不能超过 {maximum:,.2f} 元，请核对。")
    if d < 0 and not allow_negative:
        raise MoneyError(f"{label}不能是负数。")
    if d != d.quantize(CENT):
        raise MoneyError(f"{label}最多保留两位小数（精确到分）。")
    return d.quantize(CENT) + 0  # + 0 turns -0.00 into 0.00
