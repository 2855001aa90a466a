"""200 ballots racing on PostgreSQL: 50 delegates each send their ballot 4 times at once (40 threads with their own
connections, the most the shared server allows us); exactly one counted per delegate, open and secret."""

import concurrent.futures
import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from niangjia.conftest import requires_postgres
from niangjia.congress import services
from niangjia.congress.models import (
    Ballot,
    BallotReceipt,
    CheckIn,
    Congress,
    Delegate,
    DelegateGroup,
    Sitting,
)
from niangjia.core import pii
from niangjia.core.models import Member, User


@pytest.fixture
def congress50(tree, make_user):
    congress = Congress.objects.create(org=tree.union_a, title="五十人职代会")
    groups = [DelegateGroup.objects.create(congress=congress, name=f"{i}组") for i in range(5)]
    password = make_password("Test-pass-2020")
    phones = [f"1371234{i:04d}" for i in range(50)]
    users = User.objects.bulk_create([User(phone=p, phone_index=pii.blind_index(p, purpose="phone"), password=password,
                                           real_name=f"代表{i}") for i, p in enumerate(phones)])
    members = Member.objects.bulk_create([
        Member(org=tree.union_a, user=u, name=u.real_name, id_number=f"33010219800101{i:03d}X",
               id_index=pii.blind_index(f"33010219800101{i:03d}X", purpose="id"), gender="M",
               birth_date="1980-01-01", member_no=f"R{i:05d}", join_date="2020-01-01") for i, u in enumerate(users)])
    delegates = Delegate.objects.bulk_create([Delegate(congress=congress, group=groups[i % 5], member=m, user=m.user,
                                                       name=m.name) for i, m in enumerate(members)])
    sitting = Sitting.objects.create(congress=congress, title="会议", status=Sitting.Status.IN_PROGRESS)
    CheckIn.objects.bulk_create([CheckIn(sitting=sitting, delegate=d) for d in delegates])
    chair = make_user(roles=[(tree.union_a, "staff")], name="主持人")
    return sitting, delegates, chair


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("secret", [False, True])
def test_200_racing_ballots_count_one_per_delegate(congress50, secret):
    sitting, delegates, chair = congress50
    m = services.create_motion(actor=chair, sitting_id=sitting.pk, title="决议", kind="resolution", secret=secret)
    services.open_motion(actor=chair, motion_id=m.pk)
    sends = [(d, ("yes", "no", "abstain", "yes")[k]) for k in range(4) for d in delegates]
    barrier = threading.Barrier(40)

    def send(item):
        d, choice = item
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass  # the last few rounds have fewer than 40 left
        try:
            services.cast_ballot(actor=d.user, motion_id=m.pk, choice=choice)
            return True
        except Exception:  # noqa: BLE001 - counted as refused
            return False
        finally:
            connection.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(send, sends))
    assert len(sends) == 200 and sum(results) == 50
    m = services.close_motion(actor=chair, motion_id=m.pk)
    assert m.yes + m.no + m.abstain == 50 and m.present == 50
    rows = BallotReceipt if secret else Ballot
    assert rows.objects.filter(motion=m).count() == 50
