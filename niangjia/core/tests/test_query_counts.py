"""Every core list page and list endpoint: the same number of queries with 3 rows and with 6 rows, each row
with the related objects it shows (see querycount.py)."""

import itertools

import pytest

from niangjia.conftest import make_org
from niangjia.core import audit
from niangjia.core.models import JoinRequest, Message
from niangjia.core.tests.querycount import assert_constant_queries

seq = itertools.count(1)


@pytest.fixture
def staff(tree, make_user):
    return make_user(roles=[(tree.district_a, "staff")], name="区干部")


@pytest.mark.parametrize("size", [20, 50])
def test_approvals_page_with_join_rows(client, tree, staff, make_user, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            applicant = make_user(name=f"申请人{i}", real_name=f"申请人{i}")
            JoinRequest.objects.create(user=applicant, org=tree.union_a, employer_department=f"车间{i}")

    client.force_login(staff)
    # session, user, roles, joins count (grid), joins (with user, org), unread. Transfers have their own page
    # (test_transfers_grid.py).
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get(f"/workbench/approvals/?size={size}"),
                            add_rows,
                            markers=lambda r: r.content.decode().count("申请人"))


def test_messages_page(client, tree, make_member, django_assert_num_queries):
    member = make_member(tree.union_a)

    def add_rows(n):
        for _ in range(n):
            Message.objects.create(recipient=member.user, kind="test", title=f"通知{next(seq)}", body="内容")

    client.force_login(member.user)
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get("/me/messages/"), add_rows,
                            markers=lambda r: r.content.decode().count("通知"))


@pytest.mark.parametrize("size", [20, 50])
def test_audit_page(client, tree, staff, make_user, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            actor = make_user(name=f"操作人{next(seq)}", roles=[(tree.union_a, "staff")])
            audit.record(actor, "org.rename", tree.union_a, org=tree.union_a)

    client.force_login(staff)
    # session, user, roles, count, rows, the actors' unions (one prefetch), unread
    assert_constant_queries(django_assert_num_queries, 7, lambda: client.get(f"/workbench/audit/?size={size}"),
                            add_rows,
                            markers=lambda r: r.content.decode().count("操作人"))


def test_org_children_page_and_api(client, tree, staff, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            union = make_org(f"子工会{i}", "grassroots", tree.street_a, uscc=f"91330100MA{i:08d}",
                             employer=f"企业{i}")
            make_org(f"孙组织{i}", "grassroots", union, uscc=f"91330100MB{i:08d}", employer=f"企业B{i}")

    client.force_login(staff)
    url = f"/workbench/orgs/{tree.street_a.pk}/children/"
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get(url), add_rows,
                            markers=lambda r: r.content.decode().count("子工会"))


@pytest.mark.parametrize("path", ["children", "subtree"])
def test_org_list_endpoints(client, tree, staff, path, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            make_org(f"API工会{i}", "grassroots", tree.street_a, uscc=f"91330100MC{i:08d}", employer=f"企业C{i}")

    client.force_login(staff)
    url = f"/api/v1/orgs/{tree.street_a.pk}/{path}"
    assert_constant_queries(django_assert_num_queries, 5, lambda: client.get(url), add_rows,
                            markers=lambda r: sum("API工会" in o["name"] for o in r.json()))


def test_org_tree_page_and_api(client, tree, make_user, django_assert_num_queries):
    """The tree opens on the actor's top orgs (one per role), each with its number of children."""
    actor = make_user(name="多处任职")

    def add_rows(n):
        from niangjia.core.models import OrgRole

        for _ in range(n):
            i = next(seq)
            top = make_org(f"顶层工会{i}", "grassroots", tree.street_b, uscc=f"91330100MD{i:08d}", employer=f"企业D{i}")
            make_org(f"下级{i}", "grassroots", top, uscc=f"91330100ME{i:08d}", employer=f"企业E{i}")
            OrgRole.objects.create(user=actor, org=top, role="staff", include_subtree=True)

    client.force_login(actor)
    # session, user, roles, tree roots, their child counts, the list's COUNT and page (parent joined), messages
    # (the list, the org grid, is measured at two page sizes; the rows are counted in the list only)
    for size in (20, 50):
        assert_constant_queries(django_assert_num_queries, 7, lambda size=size: client.get(f"/workbench/orgs/?size={size}"),
                                add_rows, markers=lambda r: r.content.decode().count('data-testid="org-row"'))
    assert_constant_queries(django_assert_num_queries, 4, lambda: client.get("/api/v1/orgs/tree"), add_rows,
                            markers=lambda r: sum("顶层工会" in o["name"] for o in r.json()))


def test_org_list_grid_search_filter_and_scope(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    page = client.get("/workbench/orgs/").content.decode()
    assert "湖滨商贸有限公司工会" in page and "西湖茶业有限公司工会" not in page
    for q in ("西湖茶业", str(tree.union_b.pk)):
        assert "西湖茶业有限公司工会" not in client.get("/workbench/orgs/", {"q": q}).content.decode()
    page = client.get("/workbench/orgs/", {"q": "上城物流"}).content.decode()
    assert page.count('data-testid="org-row"') == 1
    page = client.get("/workbench/orgs/", {"level": "grassroots", "sort": "-name"}).content.decode()
    assert page.count('data-testid="org-row"') == 2
    assert page.index("湖滨商贸有限公司工会") < page.index("上城物流有限公司工会")  # 湖 U+6E56 after 上 U+4E0A
