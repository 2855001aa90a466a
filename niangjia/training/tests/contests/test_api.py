"""The contest API exactly as issue 16 gives it, called as a real client (bearer token, CSRF enforced):
create 201 {id}; start idempotent {attempt_id, deadline, questions:[{id,text,options}]}; PUT answer 200 and
409 time_up after deadline + 5 s; submit {score, finished_at}; after expiry every call shows finished_at =
deadline."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from niangjia.training.models import Attempt, AttemptAnswer, Contest, Question
from niangjia.training.tests.contests.helpers import call, right_answer, wrong_answer

pytestmark = pytest.mark.django_db


def test_staff_creates_a_contest_from_the_demo_bank(api, bearer, city_staff):
    r = call(api, "POST", "/api/v1/contests", bearer(city_staff),
             {"title": "全市安全知识练兵", "question_count": 12, "time_limit_seconds": 900})
    assert r.status_code == 201, r.content
    assert set(r.json()) == {"id"}
    contest = Contest.objects.get(pk=r.json()["id"])
    assert contest.bank.code == "demo" and contest.bank.questions.count() == 48
    assert sum(contest.draw.values()) == 12 and sorted(contest.draw.values()) == [3, 3, 3, 3]


@pytest.mark.parametrize(("body", "code"), [
    ({"title": "x", "question_count": 0, "time_limit_seconds": 900}, "contest.question_count"),
    ({"title": "x", "question_count": 49, "time_limit_seconds": 900}, "contest.bank_too_small"),
    ({"title": "x", "question_count": 5, "time_limit_seconds": 5}, "contest.time_limit"),
    ({"title": " ", "question_count": 5, "time_limit_seconds": 900}, "contest.title"),
])
def test_bad_contest_is_refused_in_chinese(api, bearer, city_staff, body, code):
    r = call(api, "POST", "/api/v1/contests", bearer(city_staff), body)
    assert r.status_code == 422 and r.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    assert not Contest.objects.exists()


def test_members_and_other_districts_cannot_create(api, bearer, tree, make_member, make_user):
    member = make_member(tree.union_a).user
    r = call(api, "POST", "/api/v1/contests", bearer(member), {"title": "x", "question_count": 5,
                                                                "time_limit_seconds": 900})
    assert r.status_code == 403
    staff_b = make_user(roles=[(tree.district_b, "staff")])
    r = call(api, "POST", "/api/v1/contests", bearer(staff_b), {"title": "x", "question_count": 5,
                                                                 "time_limit_seconds": 900,
                                                                 "org_id": tree.district_a.pk})
    assert r.status_code == 404
    assert not Contest.objects.exists()


def test_start_is_idempotent_and_answers_the_contract(api, bearer, tree, make_member, make_contest):
    contest = make_contest(question_count=8, time_limit_seconds=600)
    auth = bearer(make_member(tree.union_a).user)
    before = timezone.now()
    r = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth)
    assert r.status_code == 200, r.content
    body = r.json()
    assert set(body) == {"attempt_id", "deadline", "questions"}
    deadline = parse_datetime(body["deadline"])
    assert before + dt.timedelta(seconds=600) <= deadline <= timezone.now() + dt.timedelta(seconds=600)
    assert len(body["questions"]) == 8
    assert all({"id", "text", "options"} <= set(q) for q in body["questions"])
    again = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    assert again == body  # same attempt, same paper, same deadline
    assert Attempt.objects.count() == 1


def test_a_member_of_another_district_cannot_start(api, bearer, tree, make_member, make_contest):
    contest = make_contest(org=tree.district_a)
    r = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", bearer(make_member(tree.union_b).user))
    assert r.status_code == 404
    r = call(api, "POST", "/api/v1/contests/999999/attempts", bearer(make_member(tree.union_b).user))
    assert r.status_code == 404


def test_autosave_is_idempotent_and_only_for_own_questions(api, bearer, tree, make_member, make_contest):
    contest = make_contest()
    user = make_member(tree.union_a).user
    auth = bearer(user)
    body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    aid, qid = body["attempt_id"], body["questions"][0]["id"]
    attempt = Attempt.objects.get(pk=aid)
    answer = right_answer(attempt, qid)
    for _ in range(3):
        r = call(api, "PUT", f"/api/v1/attempts/{aid}/answers/{qid}", auth, {"answer": answer})
        assert r.status_code == 200, r.content
    assert AttemptAnswer.objects.filter(attempt_id=aid).count() == 1
    other = Question.objects.exclude(pk__in=attempt.question_ids).first()
    assert call(api, "PUT", f"/api/v1/attempts/{aid}/answers/{other.pk}", auth, {"answer": "A"}).status_code == 404
    # someone else's attempt is not found (ids do not leak)
    stranger = bearer(make_member(tree.union_a).user)
    assert call(api, "PUT", f"/api/v1/attempts/{aid}/answers/{qid}", stranger, {"answer": "A"}).status_code == 404
    assert call(api, "POST", f"/api/v1/attempts/{aid}/submit", stranger).status_code == 404


def test_a_nonsense_answer_is_a_chinese_422(api, bearer, tree, make_member, make_contest):
    contest = make_contest()
    auth = bearer(make_member(tree.union_a).user)
    body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    aid = body["attempt_id"]
    choice = next(q for q in body["questions"] if q["options"])
    r = call(api, "PUT", f"/api/v1/attempts/{aid}/answers/{choice['id']}", auth, {"answer": "Z"})
    assert r.status_code == 422 and r.json()["code"] == "contest.bad_answer"
    assert not AttemptAnswer.objects.exists()


def test_submit_scores_right_answers_only(api, bearer, tree, make_member, make_contest):
    contest = make_contest(question_count=8)
    auth = bearer(make_member(tree.union_a).user)
    body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    attempt = Attempt.objects.get(pk=body["attempt_id"])
    qids = [q["id"] for q in body["questions"]]
    for qid in qids[:5]:
        call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{qid}", auth, {"answer": right_answer(attempt, qid)})
    for qid in qids[5:7]:
        call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{qid}", auth, {"answer": wrong_answer(attempt, qid)})
    r = call(api, "POST", f"/api/v1/attempts/{attempt.pk}/submit", auth)
    assert r.status_code == 200
    assert r.json()["score"] == 5  # every demo question is worth 1 point; one left blank
    finished_at = parse_datetime(r.json()["finished_at"])
    assert finished_at <= attempt.deadline
    again = call(api, "POST", f"/api/v1/attempts/{attempt.pk}/submit", auth).json()
    assert again["score"] == 5 and parse_datetime(again["finished_at"]) == finished_at
    r = call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{qids[7]}", auth, {"answer": "A"})
    assert r.status_code == 409 and r.json()["code"] == "attempt.finished"


def test_after_deadline_and_grace_every_call_shows_it_finished_at_the_deadline(
        api, bearer, tree, make_member, make_contest, clock):
    contest = make_contest(time_limit_seconds=60)
    auth = bearer(make_member(tree.union_a).user)
    body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    attempt = Attempt.objects.get(pk=body["attempt_id"])
    q1, q2 = body["questions"][0]["id"], body["questions"][1]["id"]
    clock.after_deadline(attempt, 4.9)  # inside the 5 s grace: still saved
    assert call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{q1}", auth,
                {"answer": right_answer(attempt, q1)}).status_code == 200
    clock.after_deadline(attempt, 5.1)
    r = call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{q2}", auth, {"answer": right_answer(attempt, q2)})
    assert r.status_code == 409 and r.json()["code"] == "time_up"
    assert parse_datetime(r.json()["details"]["finished_at"]) == attempt.deadline
    state = call(api, "GET", f"/api/v1/attempts/{attempt.pk}", auth).json()
    assert state["status"] == "finished" and parse_datetime(state["finished_at"]) == attempt.deadline
    assert state["finished_at"] == body["deadline"]  # the same text the client was given at the start
    assert state["score"] == 1
    r = call(api, "POST", f"/api/v1/attempts/{attempt.pk}/submit", auth).json()
    assert r["score"] == 1 and parse_datetime(r["finished_at"]) == attempt.deadline
    assert not AttemptAnswer.objects.filter(question_id=q2).exists()


def test_re_entering_after_expiry_finishes_without_staff(api, bearer, tree, make_member, make_contest, clock):
    contest = make_contest(time_limit_seconds=60)
    auth = bearer(make_member(tree.union_a).user)
    aid = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()["attempt_id"]
    attempt = Attempt.objects.get(pk=aid)
    clock.after_deadline(attempt, 3600)
    state = call(api, "GET", f"/api/v1/attempts/{aid}", auth).json()
    assert state["status"] == "finished" and state["score"] == 0
    attempt.refresh_from_db()
    assert attempt.finished_at == attempt.deadline and attempt.finish_reason == "expired"
    assert attempt.duration_ms == 60_000


def test_submit_in_the_grace_period_is_recorded_at_the_deadline(api, bearer, tree, make_member, make_contest, clock):
    contest = make_contest(time_limit_seconds=60)
    auth = bearer(make_member(tree.union_a).user)
    aid = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()["attempt_id"]
    attempt = Attempt.objects.get(pk=aid)
    clock.after_deadline(attempt, 2)
    r = call(api, "POST", f"/api/v1/attempts/{aid}/submit", auth).json()
    assert parse_datetime(r["finished_at"]) == attempt.deadline


def test_attempt_limit_per_person(api, bearer, tree, make_member, make_contest, clock):
    contest = make_contest(max_attempts_per_person=2)
    auth = bearer(make_member(tree.union_a).user)
    first = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()["attempt_id"]
    call(api, "POST", f"/api/v1/attempts/{first}/submit", auth)
    second = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()["attempt_id"]
    assert second != first
    # the second one runs out: starting again finishes it (at its deadline) and refuses a third
    clock.after_deadline(Attempt.objects.get(pk=second), 60)
    r = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth)
    assert r.status_code == 409 and r.json()["code"] == "contest.attempts_used"
    a2 = Attempt.objects.get(pk=second)
    assert a2.status == "finished" and a2.finished_at == a2.deadline
    assert Attempt.objects.filter(contest=contest).count() == 2


def test_attempt_limit_per_contest(api, bearer, tree, make_member, make_contest):
    contest = make_contest(max_attempts_total=2)
    codes = [call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", bearer(make_member(tree.union_a).user))
             for _ in range(3)]
    assert [c.status_code for c in codes] == [200, 200, 409]
    assert codes[2].json()["code"] == "contest.full"
    contest.refresh_from_db()
    assert contest.attempts_started == 2 and Attempt.objects.filter(contest=contest).count() == 2


def test_papers_are_shuffled_per_attempt(api, bearer, tree, make_member, make_contest):
    contest = make_contest(question_count=20)
    papers = []
    for _ in range(4):
        body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", bearer(make_member(tree.union_a).user)).json()
        papers.append([(q["id"], tuple(q["options"])) for q in body["questions"]])
    # 20 of 48 drawn 5 per category and shuffled: four identical papers are all but impossible (p < 1e-15)
    assert len({tuple(p) for p in papers}) == 4
    assert len({tuple(q for q, _ in p) for p in papers}) > 1
    for p in papers:
        cats = [Question.objects.get(pk=q).category for q, _ in p]
        assert sorted(cats.count(c) for c in set(cats)) == [5, 5, 5, 5]


def test_copy_and_tab_counters(api, bearer, tree, make_member, make_contest):
    contest = make_contest()
    auth = bearer(make_member(tree.union_a).user)
    aid = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()["attempt_id"]
    for kind in ("copy", "paste", "tab", "tab", "tab"):
        assert call(api, "POST", f"/api/v1/attempts/{aid}/events", auth, {"kind": kind}).status_code == 200
    a = Attempt.objects.get(pk=aid)
    assert (a.copy_events, a.tab_switches) == (2, 3)
    assert call(api, "POST", f"/api/v1/attempts/{aid}/events", auth, {"kind": "x"}).status_code == 422


def test_a_start_costs_one_read_and_one_insert(tree, make_member, make_contest, django_assert_num_queries):
    """The start path of the 3,000-start storm: the contest and the member's union in one query (no personal
    data read), then the person's attempts locked and the new one inserted, with no savepoint around the insert
    (a lost race rolls the transaction back and the next round returns the winner's attempt). In a test the
    transaction is itself a savepoint: SAVEPOINT … RELEASE stand for BEGIN … COMMIT."""
    from niangjia.training import services_contests as services

    contest = make_contest(question_count=8)
    member = make_member(tree.union_a).user
    services.start_attempt(actor=make_member(tree.union_a).user, contest_id=contest.pk)  # bank cache warm
    with django_assert_num_queries(5):
        first = services.start_attempt(actor=member, contest_id=contest.pk)
    with django_assert_num_queries(4):  # a retry: read, lock, same attempt back
        again = services.start_attempt(actor=member, contest_id=contest.pk)
    assert again.pk == first.pk and first.org_id == tree.union_a.pk
