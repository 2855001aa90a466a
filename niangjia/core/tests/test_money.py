"""Amounts typed by people: one parser for every app, Chinese reasons for what it refuses."""

from decimal import Decimal

import pytest

from niangjia.core.money import MoneyError, parse_yuan


@pytest.mark.parametrize(("text", "amount"), [
    ("0", "0.00"), ("1234.5", "1234.50"), ("1,234.56", "1234.56"), (" 38000 ", "38000.00"), (12, "12.00"),
    (0.1, "0.10"), (Decimal("9999999999.99"), "9999999999.99"),
])
def test_accepts(text, amount):
    assert parse_yuan(text, "自付金额") == Decimal(amount)


@pytest.mark.parametrize(("text", "reason"), [
    (None, "请填写自付金额"), ("  ", "请填写自付金额"), ("abc", "必须是数字"), ("NaN", "必须是数字"),
    ("Infinity", "必须是数字"), ("-1", "不能是负数"), ("1.234", "最多保留两位小数"), ("1e12", "金额过大"),
])
def test_refuses_in_chinese(text, reason):
    with pytest.raises(MoneyError, match=reason):
        parse_yuan(text, "自付金额")
