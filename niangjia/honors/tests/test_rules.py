"""Recusal (policies §15) and scoring arithmetic, as tables written from the policy and the issue."""

import datetime as dt
from decimal import Decimal as D

import pytest

from niangjia.honors import rules

ACTIVITY = dt.date(2026, 12, 10)
ENTRANT = rules.EntrantData("示范市阳光社工服务中心", "52330100MJ0000001A", "张三")
R = rules.RelationData


@pytest.mark.parametrize(("relations", "conflicted"), [
    ([], False),
    ([R("employed", uscc="52330100MJ0000001A", ended_on=dt.date(2024, 1, 1))], True),     # within 3 years
    ([R("employed", uscc="52330100MJ0000001A", ended_on=dt.date(2023, 12, 10))], True),   # exactly 3 years: within
    ([R("employed", uscc="52330100MJ0000001A", ended_on=dt.date(2023, 12, 9))], False),   # just outside
    ([R("employed", uscc="52330100mj0000001a")], True),                                   # still there; case-blind
    ([R("director", organisation="示范市阳光社工服务中心")], True),                           # by name when no code
    ([R("controller", uscc="91330100MA0000009X")], False),                                # another organisation
    ([R("family", person="张三")], True),                                                    # legal representative
    ([R("family", person="李四")], False),
    ([R("other", organisation="示范市阳光社工服务中心")], True),
])
def test_recusal(relations, conflicted):
    assert (rules.conflict_reason(relations, ENTRANT, ACTIVITY) is not None) is conflicted


C = [rules.CriterionData(1, D("20"), 10), rules.CriterionData(2, D("30"), 10), rules.CriterionData(3, D("20"), 10),
     rules.CriterionData(4, D("30"), 10)]


def test_weights_must_sum_to_100():
    assert rules.weights_problem(C) is None
    assert "100" in rules.weights_problem(C[:3])
    assert rules.weights_problem([]) is not None


@pytest.mark.parametrize(("scores", "total"), [
    ({1: D(10), 2: D(10), 3: D(10), 4: D(10)}, D("100")),
    ({1: D("8.5"), 2: D(7), 3: D(9), 4: D("6.5")}, D("75.50")),   # 17 + 21 + 18 + 19.5
    ({1: D(0), 2: D(0), 3: D(0), 4: D("0.1")}, D("0.30")),
])
def test_judge_total(scores, total):
    assert rules.rounded(rules.judge_total(scores, C)) == total


@pytest.mark.parametrize(("totals", "trim", "expected"), [
    ([D("80"), D("90"), D("70")], False, D("80.00")),
    ([D("80"), D("90"), D("70"), D("100")], True, D("85.00")),              # drop 100 and 70
    ([D("80"), D("90")], True, D("85.00")),                                  # too few to trim
    ([D("1") / D("3"), D("1") / D("3"), D("1") / D("3")], False, D("0.33")),  # exact until the end
    ([D("70.005"), D("70.005")], False, D("70.01")),                        # half up, not banker's
    ([], False, None),
])
def test_panel_total(totals, trim, expected):
    assert rules.panel_total(totals, trim=trim) == expected


@pytest.mark.parametrize(("value", "ok"), [(D("0"), True), (D("10"), True), (D("10.1"), False), (D("-0.1"), False),
                                            (D("7.25"), False), (D("NaN"), False)])
def test_score_values(value, ok):
    assert (rules.score_problem(value, 10) is None) is ok
