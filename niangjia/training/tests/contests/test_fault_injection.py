"""Fault injection: no answer is accepted after deadline + 5 s, whatever the clock or the network does.

- the server clock jumps around the deadline (and back again after the attempt finished);
- a request that was sent in time but reached the data late (delayed between arrival and the row lock);
- a client that claims its own time;
- (PostgreSQL) a real request blocked behind a lock held across the deadline.
"""

import datetime as dt
import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from niangjia.conftest import requires_postgres
from niangjia.training import rules_contests as rules
from niangjia.training import services_contests as services
from niangjia.training.models import Attempt, AttemptAnswer
from niangjia.training.tests.contests.helpers import call


@pytest.mark.django_db
def test_a_jumping_clock_never_lets_a_late_answer_in(api, bearer, tree, make_member, make_contest, clock):
    contest = make_contest(question_count=10)
    auth = bearer(make_member(tree.union_a).user)
    body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    attempt = Attempt.objects.get(pk=body["attempt_id"])
    qids = [q["id"] for q in body["questions"]]
    rng = random.Random(16)
    finished = False
    log = []
    for i in range(120):
        offset = rng.uniform(-8, 12)
        clock.after_deadline(attempt, offset)
        r = call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{qids[i % 10]}", auth, {"answer": "A"})
        log.append((offset, r.status_code))
        if offset > 5:
            finished = True
        if finished:  # past the grace once: refused from then on, even when the clock goes back
            assert r.status_code == 409 and r.json()["code"] == "time_up", (offset, r.content)
        else:
            assert r.status_code == 200, (offset, r.content)
    assert any(o > 5 for o, _ in log) and any(c == 200 for _, c in log)
    attempt.refresh_from_db()
    assert attempt.finished_at == attempt.deadline
    grace_end = attempt.deadline + rules.GRACE
    assert not AttemptAnswer.objects.filter(attempt=attempt, saved_at__gt=grace_end).exists()


@pytest.mark.django_db
def test_a_request_sent_in_time_but_reaching_the_data_late_is_refused(api, bearer, tree, make_member,
                                                                      make_contest, clock, monkeypatch):
    contest = make_contest()
    auth = bearer(make_member(tree.union_a).user)
    body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    attempt = Attempt.objects.get(pk=body["attempt_id"])
    clock.after_deadline(attempt, -1)  # sent a second before the deadline…
    real_lock = services._locked_own_attempt

    def delayed(actor, attempt_id):
        locked = real_lock(actor, attempt_id)
        clock.after_deadline(attempt, 6)  # …held up for 7 s before it reached the attempt row
        return locked

    monkeypatch.setattr(services, "_locked_own_attempt", delayed)
    r = call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{body['questions'][0]['id']}", auth,
             {"answer": "A"})
    assert r.status_code == 409 and r.json()["code"] == "time_up"
    assert not AttemptAnswer.objects.filter(attempt=attempt).exists()


@pytest.mark.django_db
def test_the_client_clock_is_ignored(api, bearer, tree, make_member, make_contest, clock):
    contest = make_contest()
    auth = bearer(make_member(tree.union_a).user)
    body = call(api, "POST", f"/api/v1/contests/{contest.pk}/attempts", auth).json()
    attempt = Attempt.objects.get(pk=body["attempt_id"])
    clock.after_deadline(attempt, 30)
    early = (attempt.deadline - dt.timedelta(minutes=5)).isoformat()
    r = call(api, "PUT", f"/api/v1/attempts/{attempt.pk}/answers/{body['questions'][0]['id']}",
             {**auth, "HTTP_DATE": early, "HTTP_X_CLIENT_TIME": early}, {"answer": "A", "saved_at": early})
    assert r.status_code == 409 and r.json()["code"] == "time_up"


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_an_answer_blocked_across_the_deadline_is_refused(tree, make_member, make_contest):
    """Real time on PostgreSQL: the attempt row is locked (a slow submit, say) from before the deadline until
    after deadline + grace; an answer sent before the deadline waits for the lock and must then be refused."""
    contest = make_contest()
    user = make_member(tree.union_a).user
    attempt = services.start_attempt(actor=user, contest_id=contest.pk)
    qid = attempt.question_ids[0]
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + dt.timedelta(seconds=1))
    locked, outcome = threading.Event(), {}

    def holder():
        try:
            with transaction.atomic():
                Attempt.objects.select_for_update().get(pk=attempt.pk)
                locked.set()
                time.sleep(1 + rules.GRACE.total_seconds() + 0.8)
        finally:
            connection.close()

    def answer():
        try:
            locked.wait()
            outcome["sent_at"] = timezone.now()
            try:
                services.save_answer(actor=user, attempt_id=attempt.pk, question_id=qid, answer="A")
                outcome["result"] = "saved"
            except services.Conflict as exc:
                outcome["result"] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=holder), threading.Thread(target=answer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    attempt.refresh_from_db()
    assert outcome["sent_at"] < attempt.deadline  # it was sent in time…
    assert outcome["result"] == "time_up"  # …but reached the data too late
    assert not AttemptAnswer.objects.filter(attempt=attempt).exists()
    assert attempt.status == "finished" and attempt.finished_at == attempt.deadline
