"""Places under real parallel transactions (PostgreSQL): 1,000 registrations for 60 places give exactly 60
confirmed and a gap-free waiting list in arrival order; cancellations each offer exactly one place; two phones
scanning the same ticket give one check-in and one conflict, with every scan kept."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from niangjia.conftest import requires_postgres
from niangjia.core.errors import Conflict
from niangjia.events import services, services_checkin
from niangjia.events.models import Event, Registration, Scan, SeatOffer

WORKERS = 16

pytestmark = [requires_postgres, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _run_parallel(jobs, workers=WORKERS):
    barrier = threading.Barrier(workers)
    results, lock = [], threading.Lock()
    chunks = [jobs[i::workers] for i in range(workers)]

    def worker(chunk):
        try:
            barrier.wait()
            for job in chunk:
                try:
                    out = job()
                except Conflict as exc:
                    out = exc.code
                except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
                    out = repr(exc)
                with lock:
                    results.append(out)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_1000_registrations_for_60_places(tree, many_members, make_event):
    event = make_event(capacity=60)
    users = many_members(tree.union_a, 1000)
    jobs = [lambda u=u: services.register(u, event_id=event.pk) for u in users]
    jobs += [lambda u=u: services.register(u, event_id=event.pk) for u in users[:50]]  # double taps
    results = _run_parallel(jobs)
    registrations = [r for r in results if isinstance(r, Registration)]
    others = [r for r in results if not isinstance(r, Registration)]
    assert others.count("duplicate") == 50 and len(others) == 50, set(others)
    confirmed = [r for r in registrations if r.status == "confirmed"]
    waiting = sorted((r for r in registrations if r.status == "waitlisted"), key=lambda r: r.position)
    assert len(confirmed) == 60 and len(waiting) == 940
    assert Event.objects.get(pk=event.pk).taken == 60
    # the waiting list: positions 1..940 without a gap, in the order the registrations committed
    assert [r.position for r in waiting] == list(range(1, 941))
    stored = list(Registration.objects.filter(event=event, status="waitlisted").order_by("position")
                  .values_list("id", flat=True))
    assert stored == sorted(stored)
    assert Registration.objects.filter(event=event, status="confirmed").count() == 60


def test_parallel_cancellations_each_offer_exactly_one_place(tree, many_members, make_event):
    event = make_event(capacity=20)
    users = many_members(tree.union_a, 50)
    for u in users:
        services.register(u, event_id=event.pk)
    leaving = users[:10]
    results = _run_parallel([lambda u=u: services.cancel_mine(u, event_id=event.pk) for u in leaving], workers=10)
    assert all(isinstance(r, Registration) and r.status == "cancelled" for r in results), results
    offered = list(Registration.objects.filter(event=event, status="offered").order_by("position")
                   .values_list("position", flat=True))
    assert offered == list(range(1, 11))  # the first ten waiting, in order, once each
    assert SeatOffer.objects.filter(registration__event=event, status="open").count() == 10
    held = Registration.objects.filter(event=event, status__in=("confirmed", "offered")).count()
    assert held == Event.objects.get(pk=event.pk).taken == 20


def test_two_phones_scan_the_same_ticket_offline(tree, make_member, make_event, city_staff):
    event = make_event(capacity=5)
    registration = services.register(make_member(tree.union_a).user, event_id=event.pk)
    ticket = services_checkin.ticket_for(registration)
    now = timezone.now()
    queues = {
        "phone-a": [{"scan_id": "a-1", "ticket": ticket, "scanned_at": now - dt.timedelta(minutes=5)}],
        "phone-b": [{"scan_id": "b-1", "ticket": ticket, "scanned_at": now - dt.timedelta(minutes=4)}],
    }
    jobs = [lambda d=d, q=q: services_checkin.sync_scans(city_staff, device=d, scans=q, event_id=event.pk)
            for d, q in queues.items()]
    jobs += jobs  # each phone retries its sync (the network dropped the answer): still one scan each
    _run_parallel(jobs, workers=4)
    scans = list(Scan.objects.order_by("scan_id").values_list("scan_id", "outcome"))
    assert len(scans) == 2
    assert sorted(o for _, o in scans) == ["checked_in", "conflict"]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
