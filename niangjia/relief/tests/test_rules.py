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


# §4 monitoring rules: per capita is §1's (disposable − rigid) / 12 / n; dibao 620 → 2.5 × = 1,550
def facts(**kw):
    base = {"disposable": Decimal("12000"), "rigid": Decimal("0"), "people": 1, "dibao": DIBAO,
            "has_open_file": False, "exited_days_ago": None, "has_rigid_expense": True, "ill_or_disabled": 0,
            "medical_self_paid_12m": Decimal("0")}
    return rules.HouseholdFacts(**(base | kw))


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"disposable": Decimal("18599.88")}, {"borderline"}),  # 1,549.99 a month
        ({"disposable": Decimal("18600")}, set()),  # exactly 2.5 × dibao: not below
        ({"disposable": Decimal("55799.99"), "people": 3}, {"borderline"}),  # 1,549.9997… (exact, not 1,550.00)
        ({"disposable": Decimal("55800"), "people": 3}, set()),
        # illness: income 4,000 a month alone is above the line, the rigid cost brings it below
        ({"disposable": Decimal("48000"), "rigid": Decimal("30000")}, {"borderline"}),
        ({"disposable": Decimal("48000")}, set()),
        ({"has_rigid_expense": False, "disposable": Decimal("1200")}, set()),
        ({"has_open_file": True, "disposable": Decimal("1200")}, set()),
        ({"exited_days_ago": 365, "disposable": Decimal("18599.88"), "has_rigid_expense": False},
         {"unstable_exit"}),
        ({"exited_days_ago": 366, "disposable": Decimal("18599.88"), "has_rigid_expense": False}, set()),
        ({"exited_days_ago": 30, "disposable": Decimal("60000"), "rigid": Decimal("42000"),
          "has_rigid_expense": False}, {"unstable_exit"}),
        ({"has_open_file": True, "ill_or_disabled": 1}, {"illness"}),
        ({"has_rigid_expense": False, "disposable": Decimal("50000"), "medical_self_paid_12m": Decimal("25000")},
         {"medical_cost"}),
        ({"has_rigid_expense": False, "disposable": Decimal("50000"),
          "medical_self_paid_12m": Decimal("24999.99")}, set()),
        ({"has_rigid_expense": False, "disposable": Decimal("0"), "medical_self_paid_12m": Decimal("9999")},
         set()),
    ],
)
def test_monitoring_rules(kw, expected):
    assert set(rules.risk_flags(facts(**kw), CAT["monitoring"])) == expected


def test_monitoring_reason_shows_formula_and_earlier_dibao_year():
    f = facts(disposable=Decimal("48000"), rigid=Decimal("30000"), dibao_note="按 2025 年低保标准 620 元计算，2026 年标准尚未录入")
    reason = rules.risk_flags(f, CAT["monitoring"])["borderline"]
    assert "刚性支出 30,000 元" in reason
    assert "2026 年标准尚未录入" in reason


# §1 category line on exact values (issue 9): 3 persons, dibao 620
@pytest.mark.parametrize(
    ("disposable", "category"),
    [
        ("22319.99", "deep"),  # 619.9997… < 620 (rounded it would read 620.00)
        ("22320", "relative"),  # exactly dibao: dibao ≤ pc
        ("44639.99", "relative"),  # 1,239.9997… < 1,240
        ("44640", "none"),  # exactly 2 × dibao: not below
        ("22320.01", "relative"),
    ],
)
def test_category_line_compares_exact_values(disposable, category):
    c = rules.classify_household(CAT, disposable=disposable, rigid="0", people=3, dibao=DIBAO)
    assert c.category == category


def test_category_line_explanation_never_shows_a_rounded_tie():
    c = rules.classify_household(CAT, disposable="22319.99", rigid="0", people=3, dibao=DIBAO)
    assert "619.9997…" in c.lines[0]
    assert c.lines[1].startswith("619.9997… 元 < 低保 620 元")
    assert c.per_capita == Decimal("620.00")  # the rounded figure is for display only


def test_rigid_expenditure_brings_a_household_under_the_line_exactly():
    # (30,000 − 7,680.01) / 12 / 3 = 619.9997…
    c = rules.classify_household(CAT, disposable="30000", rigid="7680.01", people=3, dibao=DIBAO)
    assert c.category == "deep"


@pytest.mark.parametrize(
    ("cost", "category"),
    [("8000.00", "none"), ("8000.01", "sudden")],  # 80% of 10,000.01 = 8,000.008: 8,000.01 is above
)
def test_sudden_line_is_exact(cost, category):
    c = rules.classify_household(CAT, disposable="10000.01", rigid="0", people=1, dibao=Decimal("1"),
                                 sudden_cost=cost)
    assert c.category == category


@pytest.mark.parametrize(
    ("kind", "self_paid", "income", "tier"),
    [
        # kind A: ratio 0.2999999… must not reach the 30% tier, though it displays as 30.0%
        ("hospitalization", "29999.99", "100000.01", None),
        ("hospitalization", "30000.00", "100000.00", 1),
        ("hospitalization", "30000", "100000.01", None),
        ("hospitalization", "66666.66", "33333.33", 6),  # exactly 200%
        ("hospitalization", "66666.65", "33333.33", 5),
        # kind B: 20% line
        ("chronic", "6666.66", "33333.33", None),  # 19.99998…%
        ("chronic", "6666.67", "33333.33", 1),
    ],
)
def test_kind_a_and_b_ratio_thresholds_are_exact(kind, self_paid, income, tier):
    q = rules.quote_temporary(CQ, kind=kind, self_paid=self_paid, household_annual_income=income, dibao=DIBAO)
    assert q.tier == tier
    if tier is None:
        assert "…%" in q.lines[0] or "低于" in q.lines[0]


@pytest.mark.parametrize(
    ("records", "holds", "streak"),
    [
        # 3 persons, dibao 620 a month per person → above means income − rigid > 1,860 (strictly)
        ([("2026-06", "2000", "0"), ("2026-07", "2000", "0"), ("2026-08", "2000", "0"), ("2026-09", "2000", "0"),
          ("2026-10", "2000", "0"), ("2026-11", "2000", "0")], True, 6),
        ([("2026-07", "2000", "0"), ("2026-08", "2000", "0"), ("2026-09", "2000", "0"), ("2026-10", "2000", "0"),
          ("2026-11", "2000", "0")], False, 5),
        # exactly dibao is not above
        ([("2026-06", "1860", "0"), ("2026-07", "2000", "0"), ("2026-08", "2000", "0"), ("2026-09", "2000", "0"),
          ("2026-10", "2000", "0"), ("2026-11", "2000", "0")], False, 5),
        # 1,860.01 / 3 = 620.0033… is above
        ([("2026-06", "1860.01", "0"), ("2026-07", "2000", "0"), ("2026-08", "2000", "0"), ("2026-09", "2000", "0"),
          ("2026-10", "2000", "0"), ("2026-11", "2000", "0")], True, 6),
        # a gap (no August record) breaks the run
        ([("2026-05", "2000", "0"), ("2026-06", "2000", "0"), ("2026-07", "2000", "0"), ("2026-09", "2000", "0"),
          ("2026-10", "2000", "0"), ("2026-11", "2000", "0")], False, 3),
        # rigid expenditure counts: 2,000 − 200 = 1,800 → 600 < 620
        ([("2026-06", "2000", "200"), ("2026-07", "2000", "0"), ("2026-08", "2000", "0"), ("2026-09", "2000", "0"),
          ("2026-10", "2000", "0"), ("2026-11", "2000", "0")], False, 5),
        # the latest month below resets
        ([("2026-05", "2000", "0"), ("2026-06", "2000", "0"), ("2026-07", "2000", "0"), ("2026-08", "2000", "0"),
          ("2026-09", "2000", "0"), ("2026-10", "2000", "0"), ("2026-11", "1000", "0")], False, 0),
        # an older low month before 6 good ones does not matter; across the year boundary
        ([("2025-07", "1000", "0"), ("2025-08", "2000", "0"), ("2025-09", "2000", "0"), ("2025-10", "2000", "0"),
          ("2025-11", "2000", "0"), ("2025-12", "2000", "0"), ("2026-01", "2000", "0")], True, 6),
        ([], False, 0),
    ],
)
def test_exit_rule_six_consecutive_months_above_dibao(records, holds, streak):
    import datetime as dt

    rows = [rules.IncomeMonth(dt.date.fromisoformat(m + "-01"), Decimal(i), Decimal(r), 3) for m, i, r in records]
    dibao = {2025: (DIBAO, 2025), 2026: (DIBAO, 2026)}
    check = rules.exit_check(rows, dibao)
    assert (check.holds, check.streak) == (holds, streak)
    assert check.lines


def test_exit_rule_names_an_earlier_dibao_year_and_stops_without_any():
    import datetime as dt

    rows = [rules.IncomeMonth(dt.date(2026, m, 1), Decimal("2100"), Decimal(0), 3) for m in range(6, 12)]
    check = rules.exit_check(rows, {2026: (Decimal("660"), 2021)})
    assert check.holds  # 700 > 660
    assert "按 2021 年低保标准 660 元计算，2026 年标准尚未录入" in check.lines
    check = rules.exit_check(rows, {})
    assert not check.holds
    assert "2026 年低保标准尚未录入" in check.lines[0]


def test_dibao_note_wording():
    assert rules.dibao_note(2022, 2021, Decimal("660")) == "按 2021 年低保标准 660 元计算，2022 年标准尚未录入"
    assert rules.dibao_note(2022, 2022, Decimal("660")) is None


def test_per_capita_is_derived():
    assert rules.per_capita_monthly(["3000", "0", "1500"]) == Decimal("1500.00")
    assert rules.per_capita_monthly([]) == 0
