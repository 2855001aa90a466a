"""The to-do plan cache: a user's declarations (querysets, compiled count SQL) are kept per process, but counts and
rows are read on every uncached visit — a new or decided item shows at once, users and role changes never share a
plan, and a kept plan costs no more queries as a fresh one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from niangjia.core import scoping, todo
from niangjia.core.models import JoinRequest
from niangjia.core.services import members


@pytest.fixture(autouse=True)
def plans_on():
    todo.forget_plans()
    with override_settings(NIANGJIA_TODO_PLAN_SECONDS=60, NIANGJIA_TODO_CACHE_SECONDS=0):
        yield
    todo.forget_plans()




def _joins(actor) -> tuple[int, list[str]]:
    queue = todo.queue_for(actor)
    count = {k["kind"]: k["count"] for k in queue.kinds}["core.join"]
    return count, [r["item"].who for r in queue.rows if r["item"].kind == "core.join"]


@pytest.mark.django_db
def test_a_kept_plan_reads_fresh_counts_and_rows(tree, make_user, make_verified_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    first = JoinRequest.objects.create(user=make_verified_user(801, "甲"), org=tree.union_a)
    assert _joins(staff) == (1, [str(first.user)])
    assert todo._plans  # the declarations were kept
    kept = dict(todo._plans)
    second = JoinRequest.objects.create(user=make_verified_user(802, "乙"), org=tree.union_a)
    count, who = _joins(staff)
    assert count == 2 and sorted(who) == sorted([str(first.user), str(second.user)])
    assert all(todo._plans[k][1] is v[1] for k, v in kept.items())  # same plans, new rows
    members.approve_join(actor=staff, request_id=first.pk)
    assert _joins(staff) == (1, [str(second.user)])


@pytest.mark.django_db
def test_a_kept_plan_costs_the_same_queries_and_never_caches_rows_in_the_shared_queryset(tree, make_user, make_verified_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    JoinRequest.objects.create(user=make_verified_user(803, "丙"), org=tree.union_a)
    with CaptureQueriesContext(connection) as cold:
        todo.queue_for(staff)
    with CaptureQueriesContext(connection) as warm:
        todo.queue_for(staff)
    # the same statements for the rows (the actor's roles are already on the object the second time)
    sql = [q["sql"] for q in warm.captured_queries]
    assert len(sql) <= len(cold.captured_queries) and sum("core_joinrequest" in s for s in sql) == 2
    for _expires, declared in todo._plans.values():
        assert declared.qs._result_cache is None


@pytest.mark.django_db
def test_users_and_role_changes_never_share_a_plan(tree, make_user, make_verified_user):
    a = make_user(roles=[(tree.district_a, "staff")])
    b = make_user(roles=[(tree.district_b, "staff")])
    JoinRequest.objects.create(user=make_verified_user(804, "丁"), org=tree.union_a)
    assert _joins(a)[0] == 1
    assert _joins(b) == (0, [])
    # b is given district A as well: the new grants are a new plan, not b's old one
    b.org_roles.create(org=tree.district_a, role="staff")
    scoping.forget_roles(b)  # a new request loads the user afresh
    assert _joins(b)[0] == 1
    # and a loses the grant: a's kept plan for district A is not used
    a.org_roles.all().delete()
    a.org_roles.create(org=tree.district_b, role="staff")
    scoping.forget_roles(a)
    assert _joins(a) == (0, [])


@pytest.mark.django_db
def test_plans_expire_and_are_off_when_turned_off(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    todo.queue_for(staff)
    assert todo._plans
    for key, (_expires, declared) in list(todo._plans.items()):
        todo._plans[key] = (0.0, declared)  # expired
    todo.queue_for(staff)
    assert all(expires > 0 for expires, _ in todo._plans.values())  # rebuilt
    todo.forget_plans()
    with override_settings(NIANGJIA_TODO_PLAN_SECONDS=0):
        todo.queue_for(staff)
    assert not todo._plans
