"""Creating, renaming and moving orgs: scope, levels, and paths that stay right."""

import pytest

from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import AuditEvent, Org
from niangjia.core.services import orgs


def all_paths_consistent() -> bool:
    return all(orgs.path_is_consistent(o) for o in Org.objects.select_related("parent"))


def test_create_grassroots_checks_uscc(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    with pytest.raises(Invalid) as exc:
        orgs.create_org(actor=staff, parent_id=tree.street_a.pk, name="新工会", level="grassroots",
                        region_code="330102", employer_name="某公司", uscc="91350100M000100Y44")
    assert "校验位" in exc.value.message
    org = orgs.create_org(actor=staff, parent_id=tree.street_a.pk, name="新工会", level="grassroots",
                          region_code="330102", employer_name="某公司", uscc="91350100M000100Y43")
    assert org.path.startswith(tree.street_a.path) and all_paths_consistent()
    assert AuditEvent.objects.filter(action="org.create", object_id=str(org.pk)).exists()


def test_cannot_create_in_another_district(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    before = Org.objects.count()
    with pytest.raises(NotFound):
        orgs.create_org(actor=staff, parent_id=tree.street_b.pk, name="越权工会", level="street", region_code="330106")
    assert Org.objects.count() == before


def test_level_must_go_down(tree, make_user):
    staff = make_user(roles=[(tree.city, "admin")])
    with pytest.raises(Invalid):
        orgs.create_org(actor=staff, parent_id=tree.street_a.pk, name="错误层级", level="district", region_code="330102")


def test_move_street_with_subtree_keeps_every_path(tree, make_user):
    admin = make_user(roles=[(tree.city, "admin")])
    moved = orgs.move_org(actor=admin, org_id=tree.street_a.pk, new_parent_id=tree.district_b.pk)
    assert moved.parent_id == tree.district_b.pk
    for org in (tree.union_a, tree.union_a2):
        org.refresh_from_db()
        assert org.path.startswith(moved.path) and org.path.startswith(tree.district_b.path)
    assert all_paths_consistent()
    event = AuditEvent.objects.get(action="org.move")
    assert event.summary["orgs_moved"] == 3


def test_move_needs_scope_over_both_ends(tree, make_user):
    staff_a = make_user(roles=[(tree.district_a, "admin")])
    with pytest.raises(NotFound):
        orgs.move_org(actor=staff_a, org_id=tree.street_a.pk, new_parent_id=tree.district_b.pk)
    tree.street_a.refresh_from_db()
    assert tree.street_a.parent_id == tree.district_a.pk


def test_move_into_own_subtree_is_refused(tree, make_user):
    admin = make_user(roles=[(tree.city, "admin")])
    with pytest.raises(Invalid):
        orgs.move_org(actor=admin, org_id=tree.district_a.pk, new_parent_id=tree.street_a.pk)
    assert all_paths_consistent()


def test_rename(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    orgs.rename_org(actor=staff, org_id=tree.union_a.pk, name="湖滨商贸集团工会")
    tree.union_a.refresh_from_db()
    assert tree.union_a.name == "湖滨商贸集团工会"
    with pytest.raises(NotFound):
        orgs.rename_org(actor=staff, org_id=tree.union_b.pk, name="越权改名")


def test_org_pages(client, tree, make_user):
    admin = make_user(roles=[(tree.city, "admin")])
    client.force_login(admin)
    assert "杭州市总工会" in client.get("/workbench/orgs/").content.decode()
    children = client.get(f"/workbench/orgs/{tree.city.pk}/children/").content.decode()
    assert "上城区总工会" in children and "西湖区总工会" in children
    response = client.post(f"/workbench/orgs/{tree.street_a.pk}/", {"action": "move", "move-new_parent": tree.district_b.pk})
    assert response.status_code == 302
    tree.street_a.refresh_from_db()
    assert tree.street_a.parent_id == tree.district_b.pk
