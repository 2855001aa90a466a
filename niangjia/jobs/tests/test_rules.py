"""Rules from the issue: stages 已投递 → 已查看 → 面试 → 录用 / 不合适; scores explained by skills, area, hours and
salary; a health limit rules a post out."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niangjia.jobs import rules


@pytest.mark.parametrize(("current", "target", "ok"), [
    ("submitted", "viewed", True), ("submitted", "interview", True), ("submitted", "rejected", True),
    ("submitted", "hired", False),  # nobody is hired unseen
    ("viewed", "interview", True), ("viewed", "hired", True), ("viewed", "rejected", True),
    ("viewed", "submitted", False),
    ("interview", "hired", True), ("interview", "rejected", True), ("interview", "viewed", False),
    ("hired", "rejected", False), ("rejected", "interview", False), ("hired", "hired", False),
    ("nonsense", "viewed", False),
])
def test_stage_transitions(current, target, ok):
    assert rules.may_move(current, target) is ok


def intent(kind=("保洁",), skills=(), region="330102", hours="full_time", limits=(), pay="3000"):
    return rules.IntentFacts(tuple(frozenset([k]) for k in kind), frozenset(skills), region, hours, frozenset(limits),
                             Decimal(pay))


def post(title=("保洁", "保洁员"), body=("清洁",), region="330102", hours="full_time", demands=(), low="3000",
         high="4200"):
    return rules.PostFacts(frozenset(title), frozenset(body), region, hours, frozenset(demands), Decimal(low),
                           Decimal(high))


def test_a_perfect_fit_scores_100_with_four_explained_parts():
    s = rules.score(intent(), post())
    assert (s.total, s.skills, s.area, s.hours, s.salary) == (100, 40, 25, 15, 20)
    assert [line.split("：")[0] for line in s.reasons] == ["技能与工种", "地点", "工作时间", "薪资"]


@pytest.mark.parametrize(("i", "p", "part", "expected"), [
    # kind of work only in the body (skills/description): half the 40
    (intent(), post(title=("仓库",), body=("保洁",)), "skills", 20),
    (intent(), post(title=("仓库",), body=("电脑",)), "skills", 0),
    # two ideas, one in the title: half of 30 … plus the worker's skills share of 10
    (intent(kind=("仓库", "管理"), skills=("电脑",)), post(title=("物业", "管理"), body=("电脑",)), "skills", 15 + 10),
    (intent(region="330102"), post(region="330106"), "area", 12),  # same city, other district
    (intent(region="330102"), post(region="310101"), "area", 0),   # another city
    (intent(hours="part_time"), post(hours="flexible"), "hours", 8),
    (intent(hours="part_time"), post(hours="shifts"), "hours", 0),
    (intent(pay="4000"), post(low="3000", high="4200"), "salary", 10),  # only the top of the range reaches it
    (intent(pay="5000"), post(low="3000", high="4200"), "salary", 0),
    (intent(pay="3000"), post(low="3000", high="3000"), "salary", 20),  # boundary: equal is enough
])
def test_score_parts(i, p, part, expected):
    assert getattr(rules.score(i, p), part) == expected


def test_a_health_limit_excludes_the_post_whatever_its_score():
    s = rules.score(intent(limits=["night_shift"]), post(demands=["night_shift", "heavy_lifting"]))
    assert s.excluded and s.total == 0
    assert "夜班" in s.reasons[0]


def test_rank_keeps_the_wanted_kind_orders_by_score_then_pay_and_drops_health_clashes():
    i = intent(limits=["heavy_lifting"])
    posts = [(1, post(high="4000")), (2, post(high="4500")), (3, post(title=("厨师",), body=())),
             (4, post(demands=["heavy_lifting"])), (5, post(region="330106"))]
    assert [pk for pk, _s in rules.rank(i, posts)] == [2, 1, 5]


def test_precision_at_3():
    assert rules.precision_at_k([1, 2, 3], {1, 3, 9}) == pytest.approx(2 / 3)
    assert rules.precision_at_k([1, 2, 3], {2}) == 1.0  # one right post: found is all that can be asked
    assert rules.precision_at_k([1, 2, 3], set()) == 0.0


@given(st.sampled_from(list(rules.HOURS_LABELS)), st.sampled_from(list(rules.HOURS_LABELS)),
       st.integers(0, 20000), st.integers(0, 20000), st.integers(0, 20000))
def test_score_is_always_between_0_and_100(ih, ph, pay, low, extra):
    s = rules.score(intent(hours=ih, pay=str(pay)), post(hours=ph, low=str(low), high=str(low + extra)))
    assert 0 <= s.total <= 100
    assert s.total == s.skills + s.area + s.hours + s.salary
