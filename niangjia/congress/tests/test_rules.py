"""Counting rules from 《企业民主管理规定》 and 民法典 第一千二百五十九条 (policies.md §5, §12): the expected values are
computed by hand from the text, not from the code."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niangjia.congress import rules


@pytest.mark.parametrize(("total", "quorum"), [
    (295, 197),  # 2/3 × 295 = 196.67: 197 is the first number "三分之二以上"
    (300, 200),  # exactly two thirds counts ("以上" includes the number)
    (3, 2), (1, 1), (2, 2), (4, 3), (6, 4), (7, 5), (0, 0),
])
def test_quorum_table(total, quorum):
    assert rules.quorum(total) == quorum


@pytest.mark.parametrize(("present", "total", "ok"), [
    (197, 295, True), (196, 295, False), (200, 300, True), (199, 300, False), (0, 0, False),
])
def test_is_quorate_at_the_boundary(present, total, ok):
    assert rules.is_quorate(present, total) is ok


@pytest.mark.parametrize(("total", "majority"), [
    (295, 148),  # more than 147.5
    (300, 151),  # more than half: 150 is exactly half and does not pass
    (1, 1), (2, 2), (3, 2), (4, 3),
])
def test_majority_of_all_delegates(total, majority):
    assert rules.majority(total) == majority


def test_resolution_counts_against_all_delegates_not_those_present():
    # 230 present; 140 yes is a majority of those present but not of all 295 delegates.
    r = rules.count_motion(total=295, present=230, yes=140, no=50, abstain=40)
    assert r.quorate and not r.passed and r.majority == 148
    r = rules.count_motion(total=295, present=230, yes=150, no=50, abstain=30)
    assert r.passed and r.not_voted == 0
    assert r.explanation[0] == "应到 295 人，实到 230 人（法定 197 人，有效）"
    assert r.explanation[-1] == "赞成 150 票，超过全体代表半数 148 票，通过"


@pytest.mark.parametrize(("yes", "passed"), [(148, True), (147, False)])
def test_resolution_boundary_148_of_295(yes, passed):
    assert rules.count_motion(total=295, present=260, yes=yes, no=0, abstain=0).passed is passed


def test_below_quorum_nothing_passes_even_unanimously():
    r = rules.count_motion(total=295, present=196, yes=196, no=0, abstain=0)
    assert not r.quorate and not r.passed


def test_inconsistent_counts_are_refused():
    with pytest.raises(ValueError):
        rules.count_motion(total=10, present=5, yes=4, no=2, abstain=0)


def test_election_highest_take_the_seats():
    r = rules.count_election(total=295, present=280, seats=2, votes={"甲": 200, "乙": 170, "丙": 160, "丁": 100})
    assert r.elected == ["甲", "乙"] and r.seats_unfilled == 0 and not r.passed_but_tied


def test_election_shortfall_is_reported_not_filled():
    r = rules.count_election(total=295, present=280, seats=3, votes={"甲": 200, "乙": 148, "丙": 147})
    assert r.elected == ["甲", "乙"] and r.seats_unfilled == 1
    assert "缺额 1 名" in r.explanation[-1]


def test_election_tie_for_the_last_seat_is_reported():
    r = rules.count_election(total=295, present=280, seats=2, votes={"甲": 200, "乙": 160, "丙": 160})
    assert r.elected == ["甲"] and sorted(r.passed_but_tied) == ["丙", "乙"] and r.seats_unfilled == 0
    assert any("得票相同" in line for line in r.explanation)


def test_election_tie_that_fits_the_seats_elects_both():
    r = rules.count_election(total=295, present=280, seats=3, votes={"甲": 200, "乙": 160, "丙": 160})
    assert sorted(r.elected) == ["丙", "乙", "甲"] and not r.passed_but_tied


def test_composition_warnings():
    assert rules.composition_warnings(total=295, managers=59, frontline=150, women=80, young=40) == []
    warnings = rules.composition_warnings(total=295, managers=60, frontline=0, women=80, young=40)
    assert any("超过 20%" in w for w in warnings) and any("一线职工" in w for w in warnings)


@given(st.integers(min_value=0, max_value=5000))
def test_quorum_and_majority_match_brute_force(total):
    brute_quorum = next(p for p in range(total + 1) if p * 3 >= total * 2)
    brute_majority = next(v for v in range(total + 2) if v * 2 > total)
    assert rules.quorum(total) == brute_quorum
    assert rules.majority(total) == brute_majority


@given(st.integers(min_value=1, max_value=400), st.data())
def test_motion_passes_iff_quorate_and_over_half_of_all(total, data):
    present = data.draw(st.integers(min_value=0, max_value=total))
    yes = data.draw(st.integers(min_value=0, max_value=present))
    no = data.draw(st.integers(min_value=0, max_value=present - yes))
    r = rules.count_motion(total=total, present=present, yes=yes, no=no, abstain=0)
    assert r.passed == (present * 3 >= total * 2 and yes * 2 > total)


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=5), st.data())
def test_election_never_elects_more_than_seats_or_below_majority(total, seats, data):
    names = [f"c{i}" for i in range(data.draw(st.integers(min_value=1, max_value=8)))]
    votes = {n: data.draw(st.integers(min_value=0, max_value=total)) for n in names}
    r = rules.count_election(total=total, present=total, seats=seats, votes=votes)
    assert len(r.elected) <= seats
    assert all(2 * votes[n] > total for n in r.elected + r.passed_but_tied)
    # Brute force: everyone over half whose count is beaten by fewer than `seats` others is elected or tied.
    for n in names:
        if 2 * votes[n] > total:
            better = sum(1 for m in names if 2 * votes[m] > total and votes[m] > votes[n])
            if better < seats:
                assert n in r.elected or n in r.passed_but_tied
