"""Rules of contests, each case from the issue (timing, attempts, ranking) or from how a paper must be drawn."""

import datetime as dt
import random

import pytest

from niangjia.training import rules_contests as rules

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
DEADLINE = T0 + dt.timedelta(minutes=10)


@pytest.mark.parametrize(("offset", "allowed", "expired"), [
    (-600, True, False),     # at the start
    (-1, True, False),       # a second before the deadline
    (0, True, False),        # at the deadline
    (4.999, True, False),    # inside the 5 s grace (network delay)
    (5, True, False),        # exactly deadline + grace
    (5.001, False, True),    # past the grace: refused
    (3600, False, True),
])
def test_answers_until_deadline_plus_five_seconds(offset, allowed, expired):
    now = DEADLINE + dt.timedelta(seconds=offset)
    assert rules.answer_allowed(now, DEADLINE) is allowed
    assert rules.expired(now, DEADLINE) is expired


def test_a_finish_is_never_recorded_after_the_deadline():
    assert rules.finish_time(DEADLINE - dt.timedelta(seconds=30), DEADLINE) == DEADLINE - dt.timedelta(seconds=30)
    assert rules.finish_time(DEADLINE + dt.timedelta(seconds=3), DEADLINE) == DEADLINE
    assert rules.finish_time(DEADLINE + dt.timedelta(days=3), DEADLINE) == DEADLINE


def test_deadline_is_the_limit_cut_by_the_contest_close():
    assert rules.deadline_for(T0, 600, None) == DEADLINE
    closes = T0 + dt.timedelta(minutes=4)
    assert rules.deadline_for(T0, 600, closes) == closes


@pytest.mark.parametrize(("used", "per_person", "code"), [(0, 1, None), (1, 1, "contest.attempts_used"),
                                                          (2, 3, None), (3, 3, "contest.attempts_used")])
def test_attempts_per_person(used, per_person, code):
    if code is None:
        rules.check_may_start(used=used, per_person=per_person, now=T0, opens_at=T0, closes_at=None)
    else:
        with pytest.raises(rules.RuleError) as exc:
            rules.check_may_start(used=used, per_person=per_person, now=T0, opens_at=T0, closes_at=None)
        assert exc.value.code == code


def test_not_open_and_closed_contests_refuse_a_start():
    with pytest.raises(rules.RuleError, match="尚未开始"):
        rules.check_may_start(used=0, per_person=1, now=T0, opens_at=T0 + dt.timedelta(hours=1), closes_at=None)
    with pytest.raises(rules.RuleError, match="已经结束"):
        rules.check_may_start(used=0, per_person=1, now=T0, opens_at=T0 - dt.timedelta(hours=1), closes_at=T0)


def test_ranking_by_score_then_time_with_shared_ranks():
    rows = [("a", 80, 300_000), ("b", 90, 500_000), ("c", 90, 400_000), ("d", 80, 300_000), ("e", 70, 100_000)]
    ranked = [(r.key, r.rank) for r in rules.rank(rows)]
    assert ranked == [("c", 1), ("b", 2), ("a", 3), ("d", 3), ("e", 5)]


def test_split_draw_is_even_and_respects_small_categories():
    assert rules.split_draw(12, {"法": 12, "安": 12, "工": 12, "健": 12}) == {"健": 3, "安": 3, "工": 3, "法": 3}
    assert rules.split_draw(10, {"甲": 2, "乙": 20}) == {"甲": 2, "乙": 8}
    assert rules.split_draw(7, {"甲": 5, "乙": 5}) == {"乙": 4, "甲": 3}
    with pytest.raises(rules.RuleError):
        rules.split_draw(11, {"甲": 5, "乙": 5})


def test_draw_takes_n_per_category_and_shuffles():
    pool = {"甲": list(range(1, 11)), "乙": list(range(11, 21))}
    papers = {tuple(rules.draw_paper(random.Random(seed), pool, {"甲": 3, "乙": 2})) for seed in range(50)}
    assert len(papers) > 40
    for p in papers:
        assert len(p) == 5 and len(set(p)) == 5
        assert sum(1 for q in p if q <= 10) == 3


@pytest.mark.parametrize(("kind", "raw", "order", "n", "canonical"), [
    ("single", "A", [2, 0, 1, 3], 4, "C"),        # shown A is stored option 2 (C)
    ("single", "ｂ", [2, 0, 1, 3], 4, "A"),       # full-width and lower case
    ("multiple", "A,C", [3, 2, 1, 0], 4, "BD"),
    ("multiple", ["C", "A"], None, 4, "AC"),
    ("true_false", "B", [1, 0], 2, "对"),          # shown B is stored 0 (对)
    ("true_false", "错", [1, 0], 2, "错"),
    ("fill", "  最低  ", None, 0, "最低"),
])
def test_answers_are_stored_in_the_bank_order(kind, raw, order, n, canonical):
    assert rules.to_canonical(kind, raw, order, n) == canonical
    # and back: the saved answer is put on the page in the letters this attempt shows
    assert rules.to_canonical(kind, rules.to_shown(kind, canonical, order), order, n) == canonical


@pytest.mark.parametrize(("kind", "raw", "n"), [("single", "AB", 4), ("single", "E", 4), ("multiple", "", 4),
                                                ("true_false", "C", 2), ("fill", "   ", 0)])
def test_bad_answers_are_refused(kind, raw, n):
    with pytest.raises(rules.RuleError):
        rules.to_canonical(kind, raw, None, n)


@pytest.mark.parametrize(("kind", "given", "key", "right"), [
    ("single", "B", "B", True), ("single", "A", "B", False),
    ("multiple", "AC", "AC", True), ("multiple", "A", "AC", False), ("multiple", "ABC", "AC", False),
    ("true_false", "对", "对", True), ("true_false", "错", "对", False),
    ("fill", "ＡＢＣ", "abc", True), ("fill", "六", "6|六", True), ("fill", "7", "6|六", False),
])
def test_grading(kind, given, key, right):
    assert rules.is_correct(kind, given, key) is right


def test_identical_patterns_need_shared_wrong_answers():
    # a and b: same answers on every shared question, two identical wrong answers -> flagged
    a = {1: ("A", True), 2: ("C", False), 3: ("D", False), 4: ("B", True), 5: ("对", True)}
    b = dict(a)
    # c: all right, same as a on the right ones -> not flagged (good candidates agree on right answers)
    c = {1: ("A", True), 4: ("B", True), 5: ("对", True), 6: ("A", True), 7: ("B", True)}
    # d: shares the two wrong answers but differs on question 4 -> not flagged
    d = {**a, 4: ("C", False)}
    pairs = rules.identical_pairs({"a": a, "b": b, "c": c, "d": d})
    assert [(p[0], p[1]) for p in pairs] == [("a", "b")]


@pytest.mark.parametrize(("row", "error"), [
    ({"题型": "问答", "分类": "法", "题目": "x", "答案": "A"}, "题型"),
    ({"题型": "单选", "分类": "法", "题目": "x", "答案": "A", "选项A": "甲"}, "至少要有 2 个选项"),
    ({"题型": "单选", "分类": "法", "题目": "x", "答案": "C", "选项A": "甲", "选项B": "乙"}, "答案应为选项字母"),
    ({"题型": "单选", "分类": "法", "题目": "x", "答案": "AB", "选项A": "甲", "选项B": "乙"}, "只能有一个"),
    ({"题型": "多选", "分类": "法", "题目": "x", "答案": "A", "选项A": "甲", "选项B": "乙"}, "至少要有两个"),
    ({"题型": "判断", "分类": "法", "题目": "x", "答案": "也许"}, "对”或“错"),
    ({"题型": "填空", "分类": "", "题目": "x", "答案": "y"}, "分类"),
    ({"题型": "填空", "分类": "法", "题目": "x", "答案": "y", "分值": "0"}, "分值"),
])
def test_import_rows_are_refused_with_a_reason(row, error):
    with pytest.raises(rules.RuleError, match=error):
        rules.parse_question_row(row)


def test_import_row_forms():
    q = rules.parse_question_row({"题型": "多选", "分类": "法", "题目": "x", "答案": "c, a", "选项A": "甲",
                                  "选项B": "乙", "选项C": "丙", "分值": "２"})
    assert (q["kind"], q["answer"], q["options"], q["points"]) == ("multiple", "AC", ["甲", "乙", "丙"], 2)
    assert rules.parse_question_row({"题型": "判断", "分类": "法", "题目": "x", "答案": "√"})["answer"] == "对"
