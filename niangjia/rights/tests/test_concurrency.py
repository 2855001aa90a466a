import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from niangjia.conftest import requires_postgres
from niangjia.core.errors import Conflict
from niangjia.rights.models import Appointment, Slot
from niangjia.rights.services import appointments


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [2, 6])
def test_workers_booking_one_slot_exactly_one_wins(people, workers, make_member):
    users = [people.worker, people.other] + [make_member(people.tree.union_a).user for _ in range(workers - 2)]
    slot = Slot.objects.create(counsellor=people.psych.rights_counsellor, starts_at=timezone.now() + dt.timedelta(days=1),
                               mode="phone")
    barrier = threading.Barrier(workers)
    outcomes = []

    def attempt(user):
        try:
            barrier.wait(timeout=10)
            appointments.book(user, slot_id=slot.pk)
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")
        except Exception as exc:  # surfaced in the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict"] * (workers - 1) + ["won"]
    assert Appointment.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1
