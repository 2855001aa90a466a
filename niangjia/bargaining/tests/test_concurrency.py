"""Sequences and caps under real parallel transactions (PostgreSQL): round numbers and position versions are
1..N with no gap or duplicate, each side ends with exactly one chief, and entry into force racing an objection
ends in exactly one of the two."""

import datetime as dt
import threading

import pytest
from django.db import connection

from niangjia.bargaining import services
from niangjia.bargaining.models import Negotiation, Position, Representative, Round, StageChange
from niangjia.bargaining.tests.conftest import start, to_draft, to_talks
from niangjia.conftest import requires_postgres
from niangjia.core.errors import DomainError

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 10


def _race(jobs):
    barrier = threading.Barrier(len(jobs))
    results, lock = [], threading.Lock()

    def run(job):
        try:
            barrier.wait()
            try:
                out = job()
            except DomainError as exc:
                out = exc.code
            except Exception as exc:  # noqa: BLE001 - any other failure shows in the assertion
                out = repr(exc)
            with lock:
                results.append(out)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_rounds_and_positions_are_numbered_without_gaps(people):
    n = start(people)
    to_talks(people, n)
    _race([lambda i=i: services.add_round(actor=people.staff, negotiation_id=n.pk, held_on=dt.date(2026, 10, 12),
                                          agenda=f"议题{i}") for i in range(WORKERS)])
    assert sorted(Round.objects.filter(negotiation=n).values_list("number", flat=True)) == list(range(1, WORKERS + 1))
    results = _race([lambda i=i: services.add_position(
        actor=people.staff, negotiation_id=n.pk, side="union" if i % 2 else "employer",
        terms=services.parse_terms(increase_pct=str(i))) for i in range(WORKERS)])
    assert all(not isinstance(r, str) for r in results), results
    for side in ("union", "employer"):
        versions = sorted(Position.objects.filter(negotiation=n, side=side).values_list("version", flat=True))
        assert versions == list(range(1, WORKERS // 2 + 1))


def test_one_chief_per_side_when_many_are_named_at_once(people):
    n = start(people)
    results = _race([lambda i=i: services.add_representative(actor=people.staff, negotiation_id=n.pk, side="union",
                                                             name=f"首席{i}", is_chief=True) for i in range(WORKERS)])
    assert Representative.objects.filter(negotiation=n, side="union", is_chief=True).count() == 1
    assert results.count("bargaining.second_chief") == WORKERS - 1


def test_entry_into_force_racing_an_objection_ends_in_one_of_them(people):
    n = start(people)
    to_draft(people, n)
    Negotiation.objects.filter(pk=n.pk).update(stage="approved")
    services.sign_agreement(actor=people.staff, negotiation_id=n.pk, signed_on=dt.date(2026, 10, 9))
    services.record_filing(actor=people.staff, negotiation_id=n.pk, received_on=dt.date(2026, 10, 9))
    # On the last day of the period (10-26) an objection is still in time, and the daily job run "today" = 10-27
    # would make it effective: whichever commits first wins, the other finds the stage changed.
    _race([lambda: services.take_effect_due(today=dt.date(2026, 10, 27)),
           lambda: services.object_to_filing(actor=people.staff, negotiation_id=n.pk, reason="异议",
                                             today=dt.date(2026, 10, 26))])
    n.refresh_from_db()
    assert n.stage in ("effective", "objected")
    assert StageChange.objects.filter(negotiation=n, new__in=["effective", "objected"]).count() == 1


def test_opinion_cap_holds_under_a_burst(people):
    n = start(people)
    results = _race([lambda i=i: services.give_opinion(actor=people.member, negotiation_id=n.pk, text=f"意见{i}")
                     for i in range(services.OPINIONS_PER_MEMBER + 5)])
    assert n.opinions.count() == services.OPINIONS_PER_MEMBER
    assert results.count("bargaining.too_many_opinions") == 5


# --- all workers vote the draft; the workers' request --------------------------------------------------------

VOTERS, REPEATS, POOL = 40, 5, 30  # 200 ballots, each worker five times, 30 connections (the shared server's share)


def _pooled(jobs):
    """Many jobs on a pool of threads with their own connections: same-worker duplicates run side by side."""
    import concurrent.futures

    def run(job):
        try:
            return job()
        except DomainError as exc:
            return exc.code
        except Exception as exc:  # noqa: BLE001 - shows in the assertion
            return repr(exc)
        finally:
            connection.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=POOL) as pool:
        return list(pool.map(run, jobs))


def test_one_ballot_per_worker_under_a_race(people, make_member):
    from niangjia.bargaining.models import WorkerBallot, WorkersVote

    n = start(people)
    to_draft(people, n)
    today = dt.date.today()
    services.open_workers_vote(actor=people.staff, negotiation_id=n.pk, workers_total=VOTERS + 5,
                               closes_on=today, today=today)
    users = [make_member(people.tree.union_a, name=f"职工{i}").user for i in range(VOTERS)]
    results = _pooled([lambda u=u, k=k: services.cast_worker_ballot(
        actor=u, negotiation_id=n.pk, choice=("yes", "no", "abstain")[k % 3], today=today)
        for u in users for k in range(REPEATS)])
    assert sum(1 for r in results if not isinstance(r, str)) == VOTERS, {r for r in results if isinstance(r, str)}
    assert sorted({r for r in results if isinstance(r, str)}) == ["bargaining.already_voted"]
    vote = WorkersVote.objects.get(negotiation=n)
    assert WorkerBallot.objects.filter(vote=vote).count() == VOTERS
    assert WorkerBallot.objects.filter(vote=vote).values("user").distinct().count() == VOTERS


def test_ballots_never_exceed_the_workers_and_race_the_close(people, make_member):
    from niangjia.bargaining.models import WorkerBallot, WorkersVote

    n = start(people)
    to_draft(people, n)
    today = dt.date.today()
    services.open_workers_vote(actor=people.staff, negotiation_id=n.pk, workers_total=WORKERS // 2,
                               closes_on=today, today=today)
    users = [make_member(people.tree.union_a, name=f"职工{i}").user for i in range(WORKERS)]
    results = _race([lambda u=u: services.cast_worker_ballot(actor=u, negotiation_id=n.pk, choice="yes", today=today)
                     for u in users])
    assert sum(1 for r in results if not isinstance(r, str)) == WORKERS // 2
    assert WorkerBallot.objects.count() == WORKERS // 2
    # a second vote: ballots racing the close are either counted in the result or refused
    services.close_workers_vote(actor=people.staff, negotiation_id=n.pk)
    n.refresh_from_db()
    if n.stage == "talks":
        services.draft_agreement(actor=people.staff, negotiation_id=n.pk, title="再议", text="第一条",
                                 terms=services.parse_terms(increase_pct="1"), term_start=dt.date(2026, 1, 1),
                                 term_end=dt.date(2026, 12, 31), workers_covered=10)
    else:
        Negotiation.objects.filter(pk=n.pk).update(stage="draft")
    services.open_workers_vote(actor=people.staff, negotiation_id=n.pk, workers_total=WORKERS,
                               closes_on=today, today=today)
    jobs = [lambda u=u: services.cast_worker_ballot(actor=u, negotiation_id=n.pk, choice="yes", today=today)
            for u in users]
    jobs.append(lambda: services.close_workers_vote(actor=people.staff, negotiation_id=n.pk))
    _race(jobs)
    vote = WorkersVote.objects.filter(negotiation=n).order_by("-id").first()
    assert vote.status == "closed"
    assert vote.result["yes"] == WorkerBallot.objects.filter(vote=vote).count()


def test_one_request_per_worker_per_year(people):
    from niangjia.bargaining.models import BargainingAsk

    results = _race([lambda: services.ask_for_bargaining(actor=people.member) for _ in range(WORKERS)])
    assert sum(1 for r in results if not isinstance(r, str)) == 1
    assert BargainingAsk.objects.count() == 1
