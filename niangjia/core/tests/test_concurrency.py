"""Two staff approving the same join request at the same moment: exactly one approval.

Runs real parallel transactions (threads with their own connections) on PostgreSQL.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from niangjia.conftest import requires_postgres
from niangjia.core.errors import Conflict
from niangjia.core.models import AuditEvent, JoinRequest, Member
from niangjia.core.services import accounts, members

pytestmark = [pytest.mark.concurrency, requires_postgres, pytest.mark.django_db(transaction=True)]


def race(n, work):
    barrier = threading.Barrier(n)
    results = []

    def run(i):
        close_old_connections()
        try:
            barrier.wait()
            results.append(("ok", work(i)))
        except Conflict as exc:
            results.append(("conflict", exc.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_parallel_approvals_of_one_request(tree, make_user):
    staff = [make_user(roles=[(tree.district_a, "staff")]) for _ in range(4)]
    user = accounts.register_user(phone="13922220000", password="Worker-pass-1")
    accounts.verify_identity(actor=user, real_name="钱师傅", id_number="11010519491231002X")
    request = members.apply_to_join(actor=user, org_id=tree.union_a.pk)
    results = race(4, lambda i: members.approve_join(actor=staff[i], request_id=request.pk).pk)
    assert sorted(r[0] for r in results) == ["conflict", "conflict", "conflict", "ok"]
    assert Member.objects.count() == 1
    assert JoinRequest.objects.get().status == "approved"
    assert AuditEvent.objects.filter(action="member.join_approve").count() == 1


def test_parallel_joins_to_two_unions_give_one_active_membership(tree, make_user):
    """The same person approved by two unions at once: the database's partial unique index decides."""
    sa = make_user(roles=[(tree.district_a, "staff")])
    sb = make_user(roles=[(tree.district_b, "staff")])
    from niangjia.core.models import User

    # Two accounts cannot share an ID number, so the race is between two roster imports of one person.
    from niangjia.core.services.members import create_member_row

    def work(i):
        from django.db import IntegrityError, transaction

        try:
            with transaction.atomic():
                return create_member_row(org=(tree.union_a, tree.union_b)[i], user=None, name="孙师傅",
                                         id_number="440524188001010014").pk
        except IntegrityError:
            raise Conflict("duplicate", code="member.already_member") from None

    results = race(2, work)
    assert sorted(r[0] for r in results) == ["conflict", "ok"]
    assert Member.objects.filter(status="active").count() == 1
    assert User.objects.count() == 2 and sa and sb
