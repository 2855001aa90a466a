"""Member counts on /workbench/ and the org page use the fast subtree path the member list uses (no join to
core_org on PostgreSQL: the subtree becomes an id array probed on the member.org_id index)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def member_counts(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "core_member"')]
    return response, counts


@pytest.fixture
def staff_client(client, tree, make_user, make_member):
    for org in (tree.union_a, tree.union_a, tree.union_a2, tree.union_b):
        make_member(org)
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))
    return client


def test_org_page_counts_members_right_and_fast(staff_client, tree):
    response, counts = member_counts(staff_client, f"/workbench/orgs/{tree.street_a.pk}/")
    assert "在册会员 3 人" in response.content.decode()
    assert counts
    if connection.vendor == "postgresql":
        for sql in counts:
            assert "ANY(ARRAY(SELECT" in sql and 'JOIN "core_org"' not in sql, sql


def test_workbench_counts_members_fast(staff_client):
    response, counts = member_counts(staff_client, "/workbench/")
    assert counts
    if connection.vendor == "postgresql":
        for sql in counts:
            assert "ANY(ARRAY(SELECT" in sql and 'JOIN "core_org"' not in sql, sql
