"""The to-do queue cache: a repeat visit costs no provider query; anything that changes a watched app (an audited
use case, a saved or deleted row) shows on the next visit; users never share cached rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from niangjia.core import todo
from niangjia.core.models import JoinRequest
from niangjia.core.services import members

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def cache_on():
    with override_settings(NIANGJIA_TODO_CACHE_SECONDS=60):
        yield




def _joins(actor) -> int:
    return {k["kind"]: k["count"] for k in todo.queue_for(actor).kinds}["core.join"]


def test_repeat_visit_runs_no_provider_query_and_changes_show_at_once(tree, make_user, make_verified_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    first = JoinRequest.objects.create(user=make_verified_user(701, "甲"), org=tree.union_a)
    assert _joins(staff) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert _joins(staff) == 1
    providers = [q["sql"] for q in ctx.captured_queries if "core_orgrole" not in q["sql"]]
    assert providers == []  # only the actor's roles were read
    # a row saved (a worker applies): seen on the next visit
    JoinRequest.objects.create(user=make_verified_user(702, "乙"), org=tree.union_a)
    assert _joins(staff) == 2
    # an audited use case (staff approve): gone on the next visit
    members.approve_join(actor=staff, request_id=first.pk)
    assert _joins(staff) == 1
    # a deleted row
    JoinRequest.objects.filter(status="pending").get().delete()
    assert _joins(staff) == 0


def test_users_do_not_share_cached_rows(tree, make_user, make_verified_user):
    a = make_user(roles=[(tree.district_a, "staff")])
    b = make_user(roles=[(tree.district_b, "staff")])
    JoinRequest.objects.create(user=make_verified_user(703, "丙"), org=tree.union_a)
    assert _joins(a) == 1
    assert _joins(b) == 0
    rows_b = todo.queue_for(b).rows
    assert all("丙" not in r["item"].who for r in rows_b)


def test_no_cache_when_turned_off(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    with override_settings(NIANGJIA_TODO_CACHE_SECONDS=0):
        _joins(staff)
        with CaptureQueriesContext(connection) as ctx:
            _joins(staff)
        assert any("core_joinrequest" in q["sql"] for q in ctx.captured_queries)


def test_the_page_fills_the_sidebar_badges_and_an_action_empties_both(tree, make_user, make_verified_user):
    """The page's one counts query also answers the sidebar's badge request; after an action neither the queue
    nor the badges show the decided item (never stale after an action)."""
    staff = make_user(roles=[(tree.district_a, "staff")])
    request = JoinRequest.objects.create(user=make_verified_user(704, "丁"), org=tree.union_a)
    queue = todo.queue_for(staff)
    assert [r["item"].who for r in queue.rows if r["item"].kind == "core.join"] == [str(request.user)]
    with CaptureQueriesContext(connection) as ctx:
        assert todo.counts_for(staff)["core.join"] == 1
    assert [q["sql"] for q in ctx.captured_queries if "core_orgrole" not in q["sql"]] == []
    members.approve_join(actor=staff, request_id=request.pk)
    assert todo.counts_for(staff)["core.join"] == 0
    assert not [r for r in todo.queue_for(staff).rows if r["item"].kind == "core.join"]
