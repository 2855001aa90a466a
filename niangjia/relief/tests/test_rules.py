"""Tier tables of policies.md §1–§4 at every boundary, plus properties of the engine."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niangjia.relief import rules
from niangjia.relief.policy_data import CATEGORY_STANDARDS, CHONGQING_2020

CQ = CHONGQING_2020["params"]
CAT = CATEGORY_STANDARDS["params"]
DIBAO = Decimal("620")


# §3 kind A: income 100,000 so the self-paid amount reads directly as the ratio in thousandths
@pytest.mark.parametrize(
    ("self_paid", "eligible", "tier", "amount"),
    [
        ("0", False, None, "0"),
        ("29999.99", False, None, "0"),
        ("30000", True, 1, "2000"),
        ("49999.99", True, 1, "2000"),
        ("50000", True, 2, "5000"),
        ("79999.99", True, 2, "5000"),
        ("80000", True, 3, "10000"),
        ("99999.99", True, 3, "10000"),
        ("100000", True, 4, "20000"),
        ("149999.99", True, 4, "20000"),
        ("150000", True, 5, "30000"),
        ("199999.99", True, 5, "30000"),
        ("200000", True, 6, "50000"),
        ("900000", True, 6, "50000"),
    ],
)
def test_hospitalization_tiers(self_paid, eligible, tier, amount):
    q = rules.quote_temporary(CQ, kind="hospitalization", self_paid=self_paid, household_annual_income="100000")
    assert (q.eligible, q.tier, q.amount) == (eligible, tier, Decimal(amount))
    assert q.cap == Decimal("50000")


@pytest.mark.parametrize(
    ("self_paid", "eligible", "tier", "amount"),
    [
        ("19999.99", False, None, "0"),
        ("20000", True, 1, str(6 * DIBAO)),
        ("49999.99", True, 1, str(6 * DIBAO)),
        ("50000", True, 2, str(12 * DIBAO)),
        ("99999.99", True, 2, str(12 * DIBAO)),
        ("100000", True, 3, str(18 * DIBAO)),
        ("500000", True, 3, str(18 * DIBAO)),
    ],
)
def test_chronic_tiers_in_months_of_dibao(self_paid, eligible, tier, amount):
    q = rules.quote_temporary(CQ, kind="chronic", self_paid=self_paid, household_annual_income="100000", dibao=DIBAO)
    assert (q.eligible, q.tier, q.amount) == (eligible, tier, Decimal(amount))
    assert q.cap == 18 * DIBAO


@pytest.mark.parametrize(("self_paid", "amount"), [("0", "0"), ("500", "500"), ("2000", "2000"), ("9000", "2000")])
def test_special_one_off_at_most_2000(self_paid, amount):
    q = rules.quote_temporary(CQ, kind="special", self_paid=self_paid, household_annual_income="50000")
    assert q.amount == Decimal(amount)
    assert q.eligible == (Decimal(amount) > 0)


def test_issue_example_explanation():
    q = rules.quote_temporary(CQ, kind="hospitalization", self_paid="38000.00", household_annual_income="60000.00")
    assert q.tier == 2
    assert q.amount == Decimal("5000.00")
    assert q.lines == [
        "自付 38,000 元 ÷ 家庭年收入 60,000 元 = 63.3% → 第 2 档 → 救助 5,000 元",
        "本年度已获 0 元，上限 50,000 元 → 核定 5,000 元",
    ]


def test_cap_remainder_is_granted_and_explained():
    q = rules.quote_temporary(CQ, kind="hospitalization", self_paid="300000", household_annual_income="100000",
                              already_paid_this_year="45000")
    assert q.computed == Decimal("50000")
    assert q.amount == Decimal("5000")
    assert q.capped
    assert "按剩余额度 5,000 元核定" in q.lines[-1]


def test_cap_exhausted_grants_zero():
    q = rules.quote_temporary(CQ, kind="hospitalization", self_paid="300000", household_annual_income="100000",
                              already_paid_this_year="50000")
    assert q.amount == 0
    assert q.capped


def test_zero_income_is_top_tier_and_says_so():
    q = rules.quote_temporary(CQ, kind="hospitalization", self_paid="100", household_annual_income="0")
    assert q.tier == 6
    assert q.amount == Decimal("50000")
    assert "家庭年收入为 0 元" in q.lines[0]
    assert "最高档" in q.lines[0]
    q0 = rules.quote_temporary(CQ, kind="hospitalization", self_paid="0", household_annual_income="0")
    assert not q0.eligible
    assert q0.amount == 0


@pytest.mark.parametrize(("field", "value"), [("self_paid", "-1"), ("household_annual_income", "-5"),
                                              ("self_paid", "1000000000")])
def test_bad_amounts_refused(field, value):
    kwargs = {"self_paid": "100", "household_annual_income": "100"} | {field: value}
    with pytest.raises(rules.RuleError):
        rules.quote_temporary(CQ, kind="hospitalization", **kwargs)


def test_chronic_without_dibao_refused():
    with pytest.raises(rules.RuleError, match="低保标准"):
        rules.quote_temporary(CQ, kind="chronic", self_paid="100", household_annual_income="100")


money_st = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(kind=st.sampled_from(rules.TEMPORARY_KINDS), self_paid=money_st, income=money_st, already=money_st)
def test_never_negative_never_above_cap(kind, self_paid, income, already):
    q = rules.quote_temporary(CQ, kind=kind, self_paid=self_paid, household_annual_income=income, dibao=DIBAO,
                              already_paid_this_year=already)
    assert q.amount >= 0
    assert q.amount + min(already, q.cap) <= q.cap
    assert q.amount <= q.computed
    assert q.lines


@given(kind=st.sampled_from(rules.TEMPORARY_KINDS), a=money_st, b=money_st, income=money_st)
def test_monotone_in_self_paid(kind, a, b, income):
    lo, hi = sorted([a, b])
    q_lo = rules.quote_temporary(CQ, kind=kind, self_paid=lo, household_annual_income=income, dibao=DIBAO)
    q_hi = rules.quote_temporary(CQ, kind=kind, self_paid=hi, household_annual_income=income, dibao=DIBAO)
    assert q_lo.amount <= q_hi.amount
    assert (q_lo.tier or 0) <= (q_hi.tier or 0)


# §1 categories: dibao 620, one person, no rigid expenditure -> per capita = disposable / 12
@pytest.mark.parametrize(
    ("disposable", "category"),
    [
        ("0", "deep"),
        ("7439.88", "deep"),  # 619.99 per month
        ("7440", "relative"),  # exactly dibao
        ("14879.88", "relative"),  # 1239.99
        ("14880", "none"),  # exactly 2 x dibao
    ],
)
def test_categories_at_boundaries(disposable, category):
    c = rules.classify_household(CAT, disposable=disposable, rigid="0", people=1, dibao=DIBAO)
    assert c.category == category
    assert c.lines


def test_rigid_expenditure_and_people_count():
    # (60,000 - 30,000) / 12 / 3 = 833.33 -> relative at dibao 620
    c = rules.classify_household(CAT, disposable="60000", rigid="30000", people=3, dibao=DIBAO)
    assert c.category == "relative"
    assert c.per_capita == Decimal("833.33")
    assert "÷ 12 个月 ÷ 3 人" in c.lines[0]


@pytest.mark.parametrize(("cost", "category"), [("80000", "none"), ("80000.01", "sudden")])
def test_sudden_boundary_is_strictly_above_80_percent(cost, category):
    c = rules.classify_household(CAT, disposable="100000", rigid="0", people=1, dibao=DIBAO, sudden_cost=cost)
    assert c.category == category


def test_disaster_injury_is_sudden_and_exclusions_refuse():
    assert rules.classify_household(CAT, disposable="500000", rigid="0", people=1, dibao=DIBAO,
                                    disaster_injury=True).category == "sudden"
    c = rules.classify_household(CAT, disposable="0", rigid="0", people=1, dibao=DIBAO, exclusions=["购买商品房"])
    assert c.category == "none"
    assert "购买商品房" in c.lines[0]


@pytest.mark.parametrize("people", [0, -1, 31])
def test_classification_refuses_bad_people(people):
    with pytest.raises(rules.RuleError):
        rules.classify_household(CAT, disposable="1", rigid="0", people=people, dibao=DIBAO)


# §2 standards
@pytest.mark.parametrize(
    ("category", "kind", "kwargs", "amount"),
    [
        ("deep", "living", {}, 10 * DIBAO),
        ("relative", "living", {}, 8 * DIBAO),
        ("deep", "education", {"students": 2}, 20 * DIBAO),
        ("relative", "education", {"students": 1}, 8 * DIBAO),
        ("deep", "medical", {"self_paid": "30000", "total_cost": "90000"}, Decimal("30000")),
        ("relative", "medical", {"self_paid": "10000", "total_cost": "20000"}, Decimal("8000")),
        ("relative", "medical", {"self_paid": "20000", "total_cost": "20000"}, Decimal("16000")),
        ("relative", "medical", {"self_paid": "30000", "total_cost": "40000"}, Decimal("16000")),
        ("sudden", "medical", {"self_paid": "1", "total_cost": "60000"}, Decimal("9000")),
        ("sudden", "medical", {"self_paid": "1", "total_cost": "66666.67"}, Decimal("10000")),
        ("sudden", "medical", {"self_paid": "1", "total_cost": "100000"}, Decimal("10000")),
        ("sudden", "living", {}, Decimal("0")),
    ],
)
def test_category_standards(category, kind, kwargs, amount):
    q = rules.quote_category(CAT, category=category, kind=kind, dibao=DIBAO, **kwargs)
    assert q.amount == amount


def test_deep_medical_large_amount_needs_higher_approval():
    q = rules.quote_category(CAT, category="deep", kind="medical", self_paid="60000", total_cost="80000", dibao=DIBAO)
    assert any("省级" in line for line in q.lines)
    assert any("全国" in line for line in q.lines)


def test_relative_one_kind_per_year_deep_many():
    rel = rules.quote_category(CAT, category="relative", kind="living", dibao=DIBAO, other_kinds_this_year=["medical"])
    assert not rel.eligible
    assert "只能享受一种" in rel.lines[-1]
    deep = rules.quote_category(CAT, category="deep", kind="living", dibao=DIBAO, other_kinds_this_year=["medical"])
    assert deep.eligible


def test_category_self_paid_above_total_refused():
    with pytest.raises(rules.RuleError, match="不能大于总费用"):
        rules.quote_category(CAT, category="deep", kind="medical", self_paid="2", total_cost="1", dibao=DIBAO)


# §4 monitoring rules
def facts(**kw):
    base = {"per_capita": Decimal("1000"), "dibao": DIBAO, "has_open_file": False, "exited_days_ago": None,
                "has_rigid_expense": True, "ill_or_disabled": 0, "medical_self_paid_12m": Decimal("0"),
                "annual_income": Decimal("50000")}
    return rules.HouseholdFacts(**(base | kw))


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"per_capita": Decimal("1549.99")}, {"borderline"}),  # 2.5 x 620 = 1550
        ({"per_capita": Decimal("1550")}, set()),
        ({"has_rigid_expense": False}, set()),
        ({"has_open_file": True}, set()),
        ({"exited_days_ago": 365, "per_capita": Decimal("1549.99"), "has_rigid_expense": False}, {"unstable_exit"}),
        ({"exited_days_ago": 366, "per_capita": Decimal("1549.99"), "has_rigid_expense": False}, set()),
        ({"has_open_file": True, "ill_or_disabled": 1}, {"illness"}),
        ({"has_rigid_expense": False, "per_capita": Decimal("5000"), "medical_self_paid_12m": Decimal("25000")},
         {"medical_cost"}),
        ({"has_rigid_expense": False, "per_capita": Decimal("5000"), "medical_self_paid_12m": Decimal("24999.99")},
         set()),
        ({"has_rigid_expense": False, "per_capita": Decimal("5000"), "medical_self_paid_12m": Decimal("9999"),
          "annual_income": Decimal("0")}, set()),
    ],
)
def test_monitoring_rules(kw, expected):
    assert set(rules.risk_flags(facts(**kw), CAT["monitoring"])) == expected


def test_per_capita_is_derived():
    assert rules.per_capita_monthly(["3000", "0", "1500"]) == Decimal("1500.00")
    assert rules.per_capita_monthly([]) == 0
