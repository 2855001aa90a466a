from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niangjia.mutual_aid import rules
from niangjia.mutual_aid.rules import ZYHZ_2020, RuleError, compute

# self-paid → payout (no earlier payouts): every band boundary and one point inside each band
INPATIENT_TABLE = [
    ("0", "0.00"),
    ("499.99", "0.00"),
    ("500", "0.00"),
    ("500.01", "0.01"),  # 0.01 × 50% = 0.005 → rounds half up to 0.01
    ("501", "0.50"),
    ("1000", "250.00"),
    ("4999.99", "2250.00"),  # 4,499.99 × 50% = 2,249.995 → rounded half up per band
    ("5000", "2250.00"),
    ("5000.01", "2250.01"),
    ("10000", "5250.00"),
    ("20000", "11250.00"),
    ("20000.01", "11250.01"),
    ("30000", "18250.00"),  # policies.md §8 example
    ("31071.43", "19000.00"),
    ("32500", "20000.00"),  # 11,250 + 12,500 × 70% = 20,000: exactly the cap
    ("32500.01", "20000.00"),
    ("1000000", "20000.00"),
]


@pytest.mark.parametrize(("self_paid", "expected"), INPATIENT_TABLE)
def test_inpatient_bands(self_paid, expected):
    q = compute(ZYHZ_2020, "inpatient", self_paid)
    assert q.amount == D(expected)
    assert q.cap == D("20000.00")


def test_example_explanation_lines():
    q = compute(ZYHZ_2020, "inpatient", "30000")
    text = "\n".join(q.explanation)
    assert "起付线 500.00 元" in text
    assert "4,500.00 元 × 50% = 2,250.00 元" in text
    assert "15,000.00 元 × 60% = 9,000.00 元" in text
    assert "10,000.00 元 × 70% = 7,000.00 元" in text
    assert "年度封顶 20,000.00 元" in text
    assert q.explanation[-1] == "本次应付互助金 18,250.00 元。"


@pytest.mark.parametrize(("already", "expected"), [
    ("0", "18250.00"), ("1750", "18250.00"), ("1750.01", "18249.99"), ("19999.99", "0.01"), ("20000", "0.00"),
    ("25000", "0.00"),
])
def test_inpatient_annual_cap(already, expected):
    q = compute(ZYHZ_2020, "inpatient", "30000", already)
    assert q.amount == D(expected)
    if D(expected) < D("18250"):
        assert any("按封顶核减" in line for line in q.explanation)


@pytest.mark.parametrize(("kind", "already", "expected"), [
    ("serious_illness", "0", "5000.00"), ("serious_illness", "5000", "0.00"),
    ("frontline_infection", "0", "10000.00"), ("frontline_infection", "10000", "0.00"),
])
def test_lump_sums_once(kind, already, expected):
    q = compute(ZYHZ_2020, kind, "0", already)
    assert q.amount == D(expected)
    assert q.cap == D("5000.00" if kind == "serious_illness" else "10000.00")


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "不能是负数"), ("abc", "必须是数字"), ("", "请填写"), ("1.001", "两位小数"), ("NaN", "必须是数字"),
    ("Infinity", "必须是数字"),
])
def test_bad_amounts(value, message):
    with pytest.raises(RuleError, match=message):
        compute(ZYHZ_2020, "inpatient", value)


def test_bad_kind_and_invoice():
    with pytest.raises(RuleError, match="类别"):
        compute(ZYHZ_2020, "dental", "100")
    with pytest.raises(RuleError, match="不能大于医疗费用总额"):
        rules.check_invoice(D("100"), D("0"), D("100.01"))
    with pytest.raises(RuleError, match="之和"):
        rules.check_invoice(D("100"), D("60"), D("50"))
    rules.check_invoice(D("100"), D("60"), D("40"))


amounts = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(eligible=amounts, already=amounts)
def test_never_negative_never_above_cap(eligible, already):
    q = compute(ZYHZ_2020, "inpatient", eligible, already)
    assert D(0) <= q.amount <= q.cap
    assert q.amount <= max(q.cap - already, D(0))
    assert q.amount <= max(eligible - D(500), D(0))


@given(a=amounts, b=amounts, already=amounts)
def test_monotone_in_eligible_amount(a, b, already):
    lo, hi = sorted([a, b])
    assert compute(ZYHZ_2020, "inpatient", lo, already).amount <= compute(ZYHZ_2020, "inpatient", hi, already).amount


@given(a=amounts)
def test_monotone_decreasing_in_already_paid(a):
    assert compute(ZYHZ_2020, "inpatient", "40000", a).amount == max(D("20000") - a, D(0)).quantize(D("0.01"))


WITH_ACCIDENT = {**ZYHZ_2020, "accidental_injury": {"lump_sum": "2000", "per": "event", "annual_cap": "5000"}}


@pytest.mark.parametrize(("already", "expected"), [
    ("0", "2000.00"), ("2000", "2000.00"), ("3000", "2000.00"), ("3000.01", "1999.99"), ("4000", "1000.00"),
    ("5000", "0.00"),
])
def test_fixed_benefit_per_event_with_annual_cap(already, expected):
    q = compute(WITH_ACCIDENT, "accidental_injury", "0", already)
    assert q.amount == D(expected) and q.cap == D("5000.00")
    assert "每次符合条件的事件定额给付 2,000.00 元" in q.explanation[0]


def test_kind_not_in_plan():
    with pytest.raises(RuleError, match="本计划不含意外伤害互助"):
        compute(ZYHZ_2020, "accidental_injury", "0")
