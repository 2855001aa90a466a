"""Amounts typed by people: one parser for every app, Chinese reasons for what it refuses (issue 9)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niangjia.core.money import MoneyError, parse_yuan


@pytest.mark.parametrize(("text", "amount"), [
    ("0", "0.00"), ("1234.5", "1234.50"), (" 38000 ", "38000.00"), (12, "12.00"), ("1.000", "1.00"),
    (0.1, "0.10"), (Decimal("9999999999.99"), "9999999999.99"), ("9999999999.99", "9999999999.99"),
    (".5", "0.50"), ("12.", "12.00"), ("0012", "12.00"), ("-0", "0.00"),
])
def test_accepts(text, amount):
    assert parse_yuan(text, "自付金额") == Decimal(amount)


# Every case the issue names, each with the Chinese reason the person sees.
BAD = [
    (None, "请填写自付金额"), ("  ", "请填写自付金额"), ("abc", "必须是数字"), ("12元", "必须是数字"),
    ("NaN", "必须是数字"), ("nan", "必须是数字"), ("Infinity", "必须是数字"), ("-Infinity", "必须是数字"),
    ("inf", "必须是数字"), (float("inf"), "必须是数字"), (float("nan"), "必须是数字"), (Decimal("NaN"), "必须是数字"),
    ("1e309", "必须是数字"), ("1E+30", "必须是数字"), ("1e2", "必须是数字"), (Decimal("1E+30"), "金额过大"),
    ("1" * 29, "金额过大"), ("9" * 29 + ".99", "金额过大"), ("10000000000", "金额过大"), (10 ** 40, "金额过大"),
    ("0." + "0" * 40, "格式不正确"), ("1,000", "千位分隔符"), ("1，000", "千位分隔符"), ("12,345.67", "千位分隔符"),
    ("１２３", "半角数字"), ("１２３．５", "半角数字"), ("123．5", "半角数字"),
    ("-1", "不能是负数"), ("-0.01", "不能是负数"), (-5, "不能是负数"),
    ("1.234", "最多保留两位小数"), ("0.001", "最多保留两位小数"), (1.005, "最多保留两位小数"),
    (True, "必须是数字"), ([1], "必须是数字"), ({"a": 1}, "必须是数字"), ("1.2.3", "必须是数字"), ("--1", "必须是数字"),
]


@pytest.mark.parametrize(("text", "reason"), BAD)
def test_refuses_in_chinese(text, reason):
    with pytest.raises(MoneyError, match=reason):
        parse_yuan(text, "自付金额")


def test_negative_only_where_allowed_and_maximum():
    assert parse_yuan("-12.5", "调整金额", allow_negative=True) == Decimal("-12.50")
    with pytest.raises(MoneyError, match="不能超过 100.00 元"):
        parse_yuan("100.01", "金额", maximum=Decimal("100"))


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                 st.decimals(allow_nan=True, allow_infinity=True)))
def test_never_raises_anything_but_money_error(value):
    try:
        d = parse_yuan(value, "金额")
    except MoneyError:
        return
    assert d == d.quantize(Decimal("0.01")) and Decimal(0) <= d < Decimal("10000000000")
