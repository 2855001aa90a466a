"""Admins unlock locked-out accounts of their own unions only, audited; nobody else can."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from niangjia.core.errors import NotFound
from niangjia.core.models import AuditEvent, User
from niangjia.core.services import accounts


def lock(user):
    User.objects.filter(pk=user.pk).update(failed_logins=5, locked_until=timezone.now() + dt.timedelta(minutes=15))


@pytest.fixture
def locked(tree, make_member, make_user):
    a = make_member(tree.union_a, name="湖滨职工")
    b = make_member(tree.union_b, name="西湖职工")
    loner = make_user(name="刚注册")
    for m in (a, b):
        lock(m.user)
    lock(loner)
    return a.user, b.user, loner


def test_district_admin_sees_and_unlocks_only_own_unions(client, tree, make_user, locked):
    user_a, user_b, loner = locked
    admin = make_user(roles=[(tree.district_a, "admin")], password="Admin-pass-1")
    client.force_login(admin)
    body = client.get("/workbench/accounts/").content.decode()
    assert "湖滨职工" in body and "湖滨商贸有限公司工会" in body
    assert "西湖职工" not in body and "刚注册" not in body
    assert user_a.phone not in body  # masked

    client.post("/workbench/accounts/", {"id": user_a.pk})
    user_a.refresh_from_db()
    assert user_a.locked_until is None and user_a.failed_logins == 0
    event = AuditEvent.objects.get(action="account.unlock")
    assert event.actor_id == admin.pk and event.object_id == str(user_a.pk)

    # A guessed id of another district's account changes nothing.
    response = client.post("/workbench/accounts/", {"id": user_b.pk}, follow=True)
    assert "无权" in response.content.decode()
    user_b.refresh_from_db()
    assert user_b.locked_until is not None
    with pytest.raises(NotFound):
        accounts.unlock_account(actor=admin, user_id=loner.pk)


def test_root_admin_also_reaches_accounts_without_a_union(client, tree, make_user, locked):
    _, user_b, loner = locked
    admin = make_user(roles=[(tree.city, "admin")])
    client.force_login(admin)
    body = client.get("/workbench/accounts/").content.decode()
    assert "湖滨职工" in body and "西湖职工" in body and "刚注册" in body
    accounts.unlock_account(actor=admin, user_id=loner.pk)
    loner.refresh_from_db()
    assert loner.locked_until is None


def test_search_by_mobile_and_bad_search(client, tree, make_user, locked):
    user_a, _, _ = locked
    admin = make_user(roles=[(tree.district_a, "admin")])
    client.force_login(admin)
    body = client.get("/workbench/accounts/", {"phone": user_a.phone}).content.decode()
    assert "湖滨职工" in body
    body = client.get("/workbench/accounts/", {"phone": "12ab"}).content.decode()
    assert "11 位手机号" in body


@pytest.mark.parametrize("role", ["staff", "approver"])
def test_page_and_service_refuse_non_admins(client, tree, make_user, locked, role):
    user_a, _, _ = locked
    actor = make_user(roles=[(tree.district_a, role)])
    client.force_login(actor)
    assert client.get("/workbench/accounts/").status_code == 404
    assert client.post("/workbench/accounts/", {"id": user_a.pk}).status_code == 404
    with pytest.raises(NotFound):
        accounts.unlock_account(actor=actor, user_id=user_a.pk)
    user_a.refresh_from_db()
    assert user_a.locked_until is not None
    assert "/workbench/accounts/" not in client.get("/workbench/").content.decode()


def test_list_costs_fixed_queries(client, tree, make_user, make_member):
    admin = make_user(roles=[(tree.city, "admin")])
    client.force_login(admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/workbench/accounts/").status_code == 200
        return len(ctx.captured_queries)

    lock(make_member(tree.union_a).user)
    one = count()
    for org in (tree.union_a, tree.union_a2, tree.union_b, tree.union_b):
        lock(make_member(org).user)
    assert count() == one
