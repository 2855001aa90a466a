"""The to-do centre gathers one queue across modules for the user's scope, in a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.core import todo
from niangjia.core.models import JoinRequest
from niangjia.relief import services
from niangjia.rights.models import Case


def _case(org, n, due_in_days):
    today = timezone.localdate()
    return Case.objects.create(org=org, number=f"WQ-T-{org.pk}-{n}", category="wages", channel="online",
                               title=f"欠薪{n}", description="拖欠工资三个月未发放", employer_name=f"某公司{n}",
                               first_response_due=today, resolution_due=today + dt.timedelta(days=due_in_days))


@pytest.fixture
def district_staff(tree, make_user):
    return make_user(roles=[(tree.district_a, "staff")], name="区干事")


def _fill(tree, staff_a, make_household, make_user, n):
    for i in range(n):
        hh = make_household(staff_a, tree.union_a)
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=timezone.localdate().year,
                                    total_cost="50000", self_paid="38000",
                                    invoices=[{"number": f"TD-{n}-{i}", "amount": "50000", "issued_on": f"{timezone.localdate().year}-01-01"}])
        JoinRequest.objects.create(user=make_user(name=f"申请人{n}{i}"), org=tree.union_a)
        _case(tree.union_a, f"{n}{i}", due_in_days=-1 if i % 2 else 1)
    # Another district's items must never show.
    JoinRequest.objects.create(user=make_user(name="乙区申请人"), org=tree.union_b)
    _case(tree.union_b, f"b{n}", due_in_days=-3)


def test_queue_spans_modules_and_stays_in_scope(client, tree, staff_a, district_staff, make_household, make_user):
    _fill(tree, staff_a, make_household, make_user, 2)
    client.force_login(district_staff)
    body = client.get(reverse("core:workbench")).content.decode()
    for kind in ("core.join", "relief.application", "rights.case"):
        assert f'data-kind="{kind}"' in body
    assert "乙区申请人" not in body and f"WQ-T-{tree.union_b.pk}" not in body
    assert "nj-sla-overdue" in body and "nj-sla-due" in body
    queue = todo.queue_for(district_staff)
    counts = {k["kind"]: k["count"] for k in queue.kinds}
    assert counts["core.join"] == 2 and counts["relief.application"] == 2 and counts["rights.case"] == 2
    assert queue.rows[0]["sla"] == "overdue"  # the most urgent first
    badges = client.get(reverse("core:todo_counts")).content.decode()
    assert 'data-todo-count="rights.case"' in badges


@pytest.mark.parametrize("n", [1, 4])
def test_queue_query_count_is_fixed(client, tree, staff_a, district_staff, make_household, make_user,
                                    django_assert_max_num_queries, django_assert_num_queries, n):
    _fill(tree, staff_a, make_household, make_user, n)
    client.force_login(district_staff)
    client.get(reverse("core:workbench"))
    # session, user, roles, unread; ONE query for every kind's count (UNION ALL); then the first rows of each kind
    # that has any (join requests, relief applications, rights cases). The dashboard figures were cached by the
    # first request. The same for 1 or 4 rows per kind; kinds without rows cost nothing beyond their count.
    with_rows = [k["kind"] for k in todo.queue_for(district_staff).kinds if k["count"]]
    assert sorted(with_rows) == ["core.join", "relief.application", "rights.case"]
    expected = 4 + 1 + len(with_rows)
    with django_assert_num_queries(expected):
        assert client.get(reverse("core:workbench")).status_code == 200




def test_dashboard_figures_drill_down(client, tree, district_staff, make_member):
    make_member(tree.union_a)
    make_member(tree.union_b)
    client.force_login(district_staff)
    figures = {f["key"]: f for f in todo.dashboard_for(district_staff, cached=False)}
    assert figures["core.members"]["value"] == 1
    assert figures["core.members"]["url"].startswith(reverse("core:member_list"))
    for key in ("relief.files", "relief.aid_paid", "rights.closed_on_time", "mutual_aid.claims_paid"):
        assert key in figures and figures[key]["url"]


@pytest.mark.parametrize("n", [3, 6])
def test_queue_at_two_page_sizes_costs_the_same_queries(tree, staff_a, district_staff, make_household, make_user, n):
    """The queue's own queries (roles, one UNION ALL of counts, the first rows of each non-empty kind) do not depend
    on how many rows exist nor on how many are shown per kind; another district's rows never count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _fill(tree, staff_a, make_household, make_user, n)
    measured = []
    for per_kind in (2, 10):
        district_staff.__dict__.pop("_niangjia_roles", None)
        with CaptureQueriesContext(connection) as ctx:
            queue = todo.queue_for(district_staff, per_kind=per_kind)
        measured.append(len(ctx.captured_queries))
        shown = {}
        for r in queue.rows:
            shown[r["item"].kind] = shown.get(r["item"].kind, 0) + 1
        assert shown == {"core.join": min(n, per_kind), "relief.application": min(n, per_kind),
                         "rights.case": min(n, per_kind)}
        counts = {k["kind"]: k["count"] for k in queue.kinds}
        assert counts["core.join"] == n and counts["rights.case"] == n  # union_b's request and case are not counted
        assert {r["item"].org_name for r in queue.rows} == {tree.union_a.name}
    assert measured == [1 + 1 + 3] * 2  # roles, the counts, three kinds' rows
