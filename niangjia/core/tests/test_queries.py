"""List pages and API lists cost a fixed number of queries whatever the page size."""

import pytest


@pytest.fixture
def staff_with_members(tree, make_user, make_member):
    for i in range(30):
        make_member(tree.union_a if i % 2 else tree.union_a2, name=f"会员{i}")
    staff = make_user(roles=[(tree.district_a, "staff")])
    return staff


@pytest.mark.parametrize("size", [20, 50])
def test_member_list_page_query_count(client, staff_with_members, django_assert_num_queries, size):
    client.force_login(staff_with_members)
    # session, user, roles, count, page rows (with org), unread messages
    with django_assert_num_queries(6):
        response = client.get(f"/workbench/members/?size={size}")
    assert response.status_code == 200
    assert response.content.decode().count('href="/workbench/members/') >= min(size, 30)


@pytest.mark.parametrize("size", [3, 30])
def test_member_list_api_query_count(client, staff_with_members, django_assert_num_queries, size):
    client.force_login(staff_with_members)
    with django_assert_num_queries(5):  # session, user, roles, count, rows
        response = client.get(f"/api/v1/members?page_size={size}")
    assert len(response.json()["results"]) == min(size, 30)


def test_audit_log_query_count(client, tree, staff_with_members, django_assert_num_queries):
    from niangjia.core import audit

    for org in (tree.union_a, tree.union_a2, tree.street_a, tree.district_a):
        audit.record(staff_with_members, "org.rename", org)
    client.force_login(staff_with_members)
    with django_assert_num_queries(7):  # session, user, roles, count, rows, actors' unions (prefetch), unread
        assert client.get("/workbench/audit/").status_code == 200
    # the approvals page is measured with rows in test_query_counts.py
