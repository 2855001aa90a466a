"""Leaderboards (per union and per level, score then time, fixed query count), publishing results with
certificates for the top ranks, identical answer patterns flagged, and the Excel import of a bank."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from niangjia.core.errors import NotFound
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.training import selectors_contests as selectors
from niangjia.training import services_contests as services
from niangjia.training.models import Attempt, ContestResult, Question, QuestionBank
from niangjia.training.tests.contests.helpers import call, right_answer, same_wrong_answer, wrong_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def play(clock):
    """Start at the clock's time, answer `right` questions right and the rest wrong, submit after `seconds`."""
    def _play(user, contest, *, right: int, seconds: int, copied: bool = False):
        t0 = clock.now
        attempt = services.start_attempt(actor=user, contest_id=contest.pk)
        rights = set(sorted(attempt.question_ids)[:right])  # by id, so two papers in different orders agree
        for qid in attempt.question_ids:
            wrong = same_wrong_answer if copied else wrong_answer
            answer = right_answer(attempt, qid) if qid in rights else wrong(attempt, qid)
            services.save_answer(actor=user, attempt_id=attempt.pk, question_id=qid, answer=answer)
        clock.at(attempt.started_at + dt.timedelta(seconds=seconds))
        attempt = services.submit_attempt(actor=user, attempt_id=attempt.pk)
        clock.at(t0)
        return attempt

    return _play


def test_leaderboard_ranks_by_score_then_time_within_a_union(tree, make_member, make_contest, play):
    contest = make_contest(question_count=8, max_attempts_per_person=2)
    fast8 = make_member(tree.union_a, name="张快").user
    slow8 = make_member(tree.union_a, name="李慢").user
    six = make_member(tree.union_a2, name="王六").user
    other = make_member(tree.union_b, name="赵西").user
    play(fast8, contest, right=8, seconds=100)
    play(slow8, contest, right=8, seconds=200)
    play(six, contest, right=6, seconds=50)
    play(six, contest, right=7, seconds=300)  # the better of two attempts counts
    play(other, contest, right=8, seconds=30)
    board = selectors.leaderboard(contest=contest)
    assert [(r["name"], r["rank"], r["score"]) for r in board] == [
        ("赵西", 1, 8), ("张快", 2, 8), ("李慢", 3, 8), ("王六", 4, 7)]
    district_a = selectors.leaderboard(contest=contest, org=tree.district_a)
    assert [r["name"] for r in district_a] == ["张快", "李慢", "王六"]
    assert [r["name"] for r in selectors.leaderboard(contest=contest, org=tree.union_a2)] == ["王六"]
    levels = selectors.org_ranking(contest=contest, level="district")
    assert [(r["org"].name, r["participants"], r["average"]) for r in levels] == [
        ("西湖区总工会", 1, 8), ("上城区总工会", 3, 8)]  # 23/3 rounds to 8, slower on average
    assert selectors.my_standing(actor=six, contest=contest)["rank"] == 4


def test_leaderboard_costs_a_fixed_number_of_queries(api, bearer, tree, make_member, make_contest, play,
                                                     django_assert_num_queries):
    contest = make_contest(question_count=4)
    viewer = make_member(tree.union_a)
    auth = bearer(viewer.user)
    made = []

    def add_rows(n):
        for _ in range(n):
            org = (tree.union_a, tree.union_a2, tree.union_b)[len(made) % 3]
            made.append(play(make_member(org).user, contest, right=len(made) % 5, seconds=60 + len(made)))

    assert_constant_queries(django_assert_num_queries, 4,
                            lambda: call(api, "GET", f"/api/v1/contests/{contest.pk}/leaderboard", auth),
                            add_rows, markers=lambda r: len(r.json()))


def test_publish_results_certifies_the_top_ranks(tree, make_member, make_contest, play, city_staff, make_user):
    contest = make_contest(question_count=6, certificate_top_n=2)
    users = [make_member(tree.union_a, name=f"职工{i}").user for i in range(4)]
    for i, u in enumerate(users):
        play(u, contest, right=6 - i, seconds=100)
    outsider = make_user(roles=[(tree.district_b, "staff")])
    with pytest.raises(NotFound):
        services.publish_results(actor=outsider, contest_id=contest.pk)
    assert services.publish_results(actor=city_staff, contest_id=contest.pk) == 4
    results = list(ContestResult.objects.filter(contest=contest).order_by("rank"))
    assert [(r.user_id, r.rank, r.score, r.certified) for r in results] == [
        (users[0].pk, 1, 6, True), (users[1].pk, 2, 5, True), (users[2].pk, 3, 4, False), (users[3].pk, 4, 3, False)]
    name, pdf = services.certificate_pdf(actor=users[0], contest_id=contest.pk)
    assert pdf.startswith(b"%PDF") and name.endswith(".pdf")
    with pytest.raises(NotFound):
        services.certificate_pdf(actor=users[2], contest_id=contest.pk)
    with pytest.raises(services.Conflict):
        services.publish_results(actor=city_staff, contest_id=contest.pk)


def test_identical_wrong_answers_are_flagged_for_review(tree, make_member, make_contest, play, city_staff):
    # the whole bank in one category-balanced paper: everyone gets the same 48 questions (in their own order)
    contest = make_contest(question_count=48)
    a, b, honest = (make_member(tree.union_a, name=n).user for n in ("甲", "乙", "丙"))
    play(a, contest, right=10, seconds=100, copied=True)
    play(b, contest, right=10, seconds=120, copied=True)
    play(honest, contest, right=40, seconds=100)
    assert services.flag_identical_patterns(actor=city_staff, contest_id=contest.pk) == 2
    flagged = set(Attempt.objects.filter(flagged=True).values_list("user_id", flat=True))
    assert flagged == {a.pk, b.pk}
    attempt = Attempt.objects.get(user=a)
    services.review_flag(actor=city_staff, attempt_id=attempt.pk, decision="confirmed")
    # a confirmed copy leaves the leaderboard
    assert [r["name"] for r in selectors.leaderboard(contest=contest)] == ["丙", "乙"]
    assert Attempt.objects.get(user=honest).flagged is False


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["题型", "分类", "题目", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "分值"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("bank.xlsx", buf.getvalue())


def test_bank_import_all_or_nothing_with_row_errors(tree, city_staff, make_user):
    good = [["单选", "法规", "试用期最长？", "一个月", "六个月", "", "", "", "", "B", ""],
            ["判断", "安全", "电器着火可用水扑救。", "", "", "", "", "", "", "错", "2"],
            ["填空", "工会", "____节", "", "", "", "", "", "", "劳动", ""]]
    bad = good + [["问答", "法规", "x", "", "", "", "", "", "", "A", ""],
                  ["单选", "法规", "试用期最长？", "一个月", "六个月", "", "", "", "", "B", ""]]
    with pytest.raises(ImportRejected) as exc:
        services.import_bank(actor=city_staff, org_id=tree.city.pk, title="法规题库", upload=_xlsx(bad))
    assert [e.line for e in exc.value.errors] == [5, 6]
    assert "题型" in exc.value.errors[0].reason and "重复" in exc.value.errors[1].reason
    assert not QuestionBank.objects.filter(title="法规题库").exists()
    bank = services.import_bank(actor=city_staff, org_id=tree.city.pk, title="法规题库", upload=_xlsx(good))
    assert list(Question.objects.filter(bank=bank).order_by("pk").values_list("kind", "answer", "points")) == [
        ("single", "B", 1), ("true_false", "错", 2), ("fill", "劳动", 1)]
    with pytest.raises(NotFound):
        services.import_bank(actor=make_user(roles=[(tree.district_b, "staff")]), org_id=tree.district_a.pk,
                             title="x", upload=_xlsx(good))
