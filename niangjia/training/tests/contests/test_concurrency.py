"""Starting is safe to retry (PostgreSQL, real threads and transactions): the same person starting the same
contest from many requests at once gets ONE attempt, every request answers it; the per-contest cap is never
exceeded; answers racing the submit never land after it."""

import threading

import pytest
from django.db import connection

from niangjia.conftest import requires_postgres
from niangjia.core.errors import DomainError
from niangjia.training import services_contests as services
from niangjia.training.models import Attempt, AttemptAnswer, Contest

WORKERS = 12


def _parallel(jobs):
    barrier = threading.Barrier(len(jobs))
    results, lock = [], threading.Lock()

    def worker(job):
        try:
            barrier.wait()
            try:
                out = job()
            except DomainError as exc:
                out = exc.code
            except Exception as exc:  # noqa: BLE001 - any other failure shows in the assertions below
                out = repr(exc)
            with lock:
                results.append(out)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_twelve_simultaneous_starts_of_one_person_make_one_attempt(tree, make_member, make_contest):
    contest = make_contest(max_attempts_per_person=3)
    user = make_member(tree.union_a).user
    results = _parallel([lambda: services.start_attempt(actor=user, contest_id=contest.pk)] * WORKERS)
    assert all(isinstance(r, Attempt) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Attempt.objects.filter(contest=contest, user=user).count() == 1


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_contest_cap_holds_under_a_rush(tree, make_member, make_contest):
    contest = make_contest(max_attempts_total=5)
    users = [make_member(tree.union_a).user for _ in range(WORKERS)]
    results = _parallel([lambda u=u: services.start_attempt(actor=u, contest_id=contest.pk) for u in users])
    started = [r for r in results if isinstance(r, Attempt)]
    assert len(started) == 5 and sorted(r for r in results if not isinstance(r, Attempt)) == ["contest.full"] * 7
    assert Contest.objects.get(pk=contest.pk).attempts_started == 5
    assert Attempt.objects.filter(contest=contest).count() == 5


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_no_answer_lands_after_a_racing_submit(tree, make_member, make_contest):
    contest = make_contest(question_count=10)
    user = make_member(tree.union_a).user
    attempt = services.start_attempt(actor=user, contest_id=contest.pk)
    jobs = [lambda q=q: services.save_answer(actor=user, attempt_id=attempt.pk, question_id=q, answer="A") for q in attempt.question_ids]
    jobs.append(lambda: services.submit_attempt(actor=user, attempt_id=attempt.pk))
    _parallel(jobs)
    attempt.refresh_from_db()
    assert attempt.status == "finished"
    late = AttemptAnswer.objects.filter(attempt=attempt, saved_at__gt=attempt.finished_at)
    assert not late.exists()
    # every saved answer was graded by the submit (none slipped in after it)
    assert not AttemptAnswer.objects.filter(attempt=attempt, is_correct__isnull=True).exists()
