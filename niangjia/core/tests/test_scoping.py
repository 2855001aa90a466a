"""District A's staff cannot reach district B's members by page, API, export or guessed id.

An authorization matrix for each member endpoint: the member themself, in-scope staff,
out-of-scope staff and the anonymous user, each with the expected answer.
"""

import io

import pytest
from openpyxl import load_workbook

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.selectors import access_member_by_id, members_visible_to


@pytest.fixture
def world(tree, make_user, make_member):
    a = make_member(tree.union_a, name="甲区会员")
    b = make_member(tree.union_b, name="乙区会员")
    staff_a = make_user(roles=[(tree.district_a, "staff")])
    staff_b = make_user(roles=[(tree.district_b, "staff")])
    city = make_user(roles=[(tree.city, "admin")])
    return {"a": a, "b": b, "staff_a": staff_a, "staff_b": staff_b, "city": city}


def test_selectors_scope(world):
    assert list(members_visible_to(actor=world["staff_a"])) == [world["a"]]
    assert set(members_visible_to(actor=world["city"])) == {world["a"], world["b"]}
    with pytest.raises(NotFound):
        access_member_by_id(actor=world["staff_a"], member_id=world["b"].pk)
    with pytest.raises(NotFound):
        access_member_by_id(actor=world["staff_a"], member_id=999_999)


def test_no_subtree_role_sees_only_its_own_org(tree, make_user, make_member):
    from niangjia.core.models import OrgRole

    user = make_user()
    OrgRole.objects.create(user=user, org=tree.district_a, role="staff", include_subtree=False)
    make_member(tree.union_a)
    assert members_visible_to(actor=user).count() == 0
    assert scoping.covers(user, tree.district_a) and not scoping.covers(user, tree.union_a)


@pytest.mark.parametrize(
    ("who", "target", "expected"),
    [
        ("staff_a", "a", 200),
        ("staff_a", "b", 404),
        ("staff_b", "a", 404),
        ("city", "b", 200),
        ("member_a", "a", 404),  # workers do not use the workbench
        ("anon", "a", 302),
    ],
)
def test_member_detail_page_matrix(client, world, who, target, expected):
    if who == "member_a":
        client.force_login(world["a"].user)
    elif who != "anon":
        client.force_login(world[who])
    response = client.get(f"/workbench/members/{world[target].pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "target", "expected"),
    [
        ("staff_a", "a", 200),
        ("staff_a", "b", 404),
        ("city", "b", 200),
        ("member_a", "a", 200),  # a member may read their own record through the API
        ("member_a", "b", 404),
        ("anon", "a", 401),
    ],
)
def test_member_detail_api_matrix(client, world, who, target, expected):
    if who == "member_a":
        client.force_login(world["a"].user)
    elif who != "anon":
        client.force_login(world[who])
    response = client.get(f"/api/v1/members/{world[target].pk}")
    assert response.status_code == expected
    if expected == 404:
        assert response.json()["code"] == "not_found"


def test_member_list_page_api_and_export_are_scoped(client, world):
    client.force_login(world["staff_a"])
    page = client.get("/workbench/members/").content.decode()
    assert "甲区会员" in page and "乙区会员" not in page
    api = client.get("/api/v1/members").json()
    assert [r["name"] for r in api["results"]] == ["甲区会员"] and api["count"] == 1
    export = client.get("/workbench/members/export.xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    names = [r[1] for r in rows[2:]]  # title row, header row
    assert names == ["甲区会员"]


def test_filtering_by_another_districts_org_is_404(client, world, tree):
    client.force_login(world["staff_a"])
    assert client.get(f"/workbench/members/?org={tree.union_b.pk}").status_code == 404
    assert client.get(f"/api/v1/members?org_id={tree.union_b.pk}").status_code == 404
    assert client.get(f"/workbench/orgs/{tree.district_b.pk}/").status_code == 404
    assert client.get(f"/api/v1/orgs/{tree.district_b.pk}/children").status_code == 404


def test_a_member_sees_only_their_own_records(client, world):
    client.force_login(world["a"].user)
    assert client.get("/workbench/").status_code == 404
    assert client.get("/api/v1/members").json()["count"] == 0
    assert client.get("/api/v1/me").json()["membership"]["id"] == world["a"].pk


def test_count_and_small_scope_plans_return_the_same_rows(tree, make_user, make_member):
    """The PostgreSQL-specific shapes (array of subtree ids) must select exactly what scope_q selects."""
    from niangjia.core.models import OrgRole
    from niangjia.core.selectors import count_members_visible_to

    for org in (tree.union_a, tree.union_a2, tree.union_b, tree.union_b):
        make_member(org)
    multi = make_user(roles=[(tree.street_a, "staff")])
    OrgRole.objects.create(user=multi, org=tree.union_b, role="staff", include_subtree=False)
    for actor in (multi, make_user(roles=[(tree.city, "admin")]), make_user(roles=[(tree.district_b, "staff")])):
        plain = list(members_visible_to(actor=actor))
        assert count_members_visible_to(actor=actor) == len(plain)
        assert list(members_visible_to(actor=actor, expected_rows=len(plain))) == plain
        assert count_members_visible_to(actor=actor, status="active", org_id=None) == len(plain)
