"""Admins give and take back roles in their own subtree only; every change is audited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent, OrgRole
from niangjia.core.services import roles


@pytest.fixture
def admin_a(tree, make_user):
    return make_user(roles=[(tree.district_a, "admin")])


def url(org) -> str:
    return f"/workbench/orgs/{org.pk}/roles/"


def test_admin_gives_a_role_and_the_person_reaches_the_workbench(client, tree, admin_a, make_member):
    worker = make_member(tree.union_a, name="李干事")
    client.force_login(admin_a)
    client.post(url(tree.union_a), {"action": "grant", "phone": worker.user.phone, "role": "staff",
                                    "include_subtree": "1"})
    grant = OrgRole.objects.get(user=worker.user)
    assert (grant.org, grant.role, grant.include_subtree) == (tree.union_a, "staff", True)
    event = AuditEvent.objects.get(action="role.grant")
    assert event.actor_id == admin_a.pk and event.summary["role"] == "staff"
    body = client.get(url(tree.union_a)).content.decode()
    assert "李干事" in body and worker.user.phone not in body  # masked
    client.force_login(worker.user)
    assert client.get("/workbench/").status_code == 200


def test_bad_input_changes_nothing(client, tree, admin_a, make_user, make_member):
    client.force_login(admin_a)
    unverified = make_user()
    cases = [
        ({"phone": "123", "role": "staff"}, "11 位手机号"),
        ({"phone": "13999999999", "role": "staff"}, "还没有注册"),
        ({"phone": unverified.phone, "role": "staff"}, "实名认证"),
        ({"phone": make_member(tree.union_a).user.phone, "role": "king"}, "请选择一个角色"),
    ]
    for data, reason in cases:
        body = client.post(url(tree.union_a), {"action": "grant", **data}, follow=True).content.decode()
        assert reason in body
    assert OrgRole.objects.count() == 1  # the admin's own
    worker = make_member(tree.union_a)
    roles.grant_role(actor=admin_a, org_id=tree.union_a.pk, phone=worker.user.phone, role="staff")
    with pytest.raises(Conflict):
        roles.grant_role(actor=admin_a, org_id=tree.union_a.pk, phone=worker.user.phone, role="staff")


def test_other_district_is_out_of_reach(client, tree, admin_a, make_member, make_user):
    worker = make_member(tree.union_b)
    client.force_login(admin_a)
    assert client.get(url(tree.union_b)).status_code == 404
    assert client.post(url(tree.union_b), {"action": "grant", "phone": worker.user.phone, "role": "staff"}
                       ).status_code == 404
    with pytest.raises(NotFound):
        roles.grant_role(actor=admin_a, org_id=tree.union_b.pk, phone=worker.user.phone, role="admin")
    theirs = make_user(roles=[(tree.union_b, "staff")])
    with pytest.raises(NotFound):
        roles.revoke_role(actor=admin_a, role_id=theirs.org_roles.get().pk)
    assert OrgRole.objects.filter(user=theirs).exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", ["staff", "approver"])
def test_non_admins_cannot_manage_roles(client, tree, make_user, make_member, role):
    actor = make_user(roles=[(tree.district_a, role)])
    worker = make_member(tree.union_a)
    client.force_login(actor)
    assert client.get(url(tree.union_a)).status_code == 404
    with pytest.raises(NotFound):
        roles.grant_role(actor=actor, org_id=tree.union_a.pk, phone=worker.user.phone, role="admin")
    assert "人员与角色" not in client.get(f"/workbench/orgs/{tree.union_a.pk}/").content.decode()


def test_take_back_a_role_but_not_ones_own_admin(client, tree, admin_a, make_user):
    helper = make_user(roles=[(tree.street_a, "social_worker")])
    client.force_login(admin_a)
    client.post(url(tree.street_a), {"action": "revoke", "id": helper.org_roles.get().pk})
    assert not OrgRole.objects.filter(user=helper).exists()
    assert AuditEvent.objects.filter(action="role.revoke").count() == 1
    with pytest.raises(Conflict):
        roles.revoke_role(actor=admin_a, role_id=admin_a.org_roles.get().pk)
    with pytest.raises(Invalid):
        roles.grant_role(actor=admin_a, org_id=tree.street_a.pk, phone="", role="staff")


def test_role_list_costs_fixed_queries(client, tree, admin_a, make_user):
    client.force_login(admin_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(tree.union_a)).status_code == 200
        return len(ctx.captured_queries)

    make_user(roles=[(tree.union_a, "staff")])
    one = count()
    for role in ("approver", "lawyer", "psychologist", "employer"):
        make_user(roles=[(tree.union_a, role)])
    assert count() == one
