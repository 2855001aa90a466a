"""Admins unlock locked-out accounts of their own unions only, audited; nobody else can."""

import datetime as dt

import pytest
from django.utils import timezone

from niangjia.core.errors import NotFound
from niangjia.core.models import AuditEvent, User
from niangjia.core.services import accounts
from niangjia.core.tests.querycount import assert_constant_queries


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
    body = client.get("/workbench/accounts/", {"q": user_a.phone}).content.decode()
    assert "湖滨职工" in body
    body = client.get("/workbench/accounts/", {"q": "1381234"}).content.decode()
    assert "11 位手机号" in body
    # Typed into the grid's search box, the number goes by POST and never reaches the URL.
    response = client.post("/workbench/accounts/", {"_nj_search": "1", "q": user_a.phone})
    assert response.status_code == 302 and user_a.phone not in response["Location"]
    assert "湖滨职工" in client.get(response["Location"]).content.decode()


def test_grid_search_by_name_sort_and_all_accounts(client, tree, make_user, make_member, locked):
    admin = make_user(roles=[(tree.district_a, "admin")])
    free = make_member(tree.union_a, name="湖滨未锁").user
    User.objects.filter(pk=free.pk).update(real_name="湖滨未锁")
    client.force_login(admin)
    body = client.get("/workbench/accounts/").content.decode()
    assert "湖滨职工" in body and "湖滨未锁" not in body  # locked ones by default
    body = client.get("/workbench/accounts/", {"show": "all"}).content.decode()
    assert "湖滨未锁" in body and "西湖职工" not in body  # every account of my unions, still none of another district
    body = client.get("/workbench/accounts/", {"show": "all", "q": "湖滨未"}).content.decode()
    assert "湖滨未锁" in body and "湖滨职工" not in body
    body = client.get("/workbench/accounts/", {"show": "all", "sort": "failures"}).content.decode()
    assert body.index("湖滨未锁") < body.index("湖滨职工")
    assert 'data-testid="grid-count"' in body


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


@pytest.mark.parametrize("size", [20, 50])
def test_list_costs_fixed_queries_at_two_page_sizes(client, tree, make_user, make_member, size,
                                                    django_assert_num_queries):
    admin = make_user(roles=[(tree.city, "admin")])
    client.force_login(admin)
    orgs = iter([tree.union_a, tree.union_a2, tree.union_b] * 3)

    def add_rows(n):
        for _ in range(n):
            lock(make_member(next(orgs)).user)

    # session, user, roles (sidebar), COUNT, page (union name in the same query), unread messages
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get(f"/workbench/accounts/?size={size}"),
                            add_rows, markers=lambda r: r.content.decode().count('data-testid="account"'))
