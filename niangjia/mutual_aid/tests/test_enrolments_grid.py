"""参保名单 grid: scope, search, filters, sort, an export finance can sum, and a fixed number of queries at two
page sizes."""

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.mutual_aid import services

seq = itertools.count(1)
URL = "/mutual-aid/workbench/enrolments/"


def _enrol(staff, plan, org, members):
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=org.pk, member_ids=[m.pk for m in members],
                           on=dt.date(2020, 1, 1))


def test_url_name():
    assert reverse("mutual_aid:enrolments") == URL


@pytest.mark.parametrize("size", [20, 50])
def test_fixed_queries_at_two_page_sizes(client, tree, plan, staff, make_member, size, django_assert_num_queries):
    def add_rows(n):
        _enrol(staff, plan, tree.district_a,
               [make_member(tree.union_a if i % 2 else tree.union_a2, name=f"参保人{next(seq)}") for i in range(n)])

    client.force_login(staff)
    # session, user, roles, plan choices, COUNT, page (member, org, plan joined), unread
    assert_constant_queries(django_assert_num_queries, 7, lambda: client.get(URL, {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="enrolment-row"'))


def test_scope_search_filter_sort(client, tree, plan, staff, make_member, make_user):
    _enrol(staff, plan, tree.union_a, [make_member(tree.union_a, name="张参保"), make_member(tree.union_a, name="李参保")])
    other = make_user(roles=[(tree.district_b, "staff")])
    _enrol(other, plan, tree.union_b, [make_member(tree.union_b, name="外区参保")])
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "张参保" in page and "李参保" in page and "外区参保" not in page
    assert "参保名单" in page and "工会统一参保" in page
    page = client.get(URL, {"q": "李"}).content.decode()
    assert "李参保" in page and "张参保" not in page
    page = client.get(URL, {"sort": "name"}).content.decode()
    assert page.index("张参保") < page.index("李参保")  # by code point 张 U+5F20 < 李 U+674E
    page = client.get(URL, {"status": "cancelled"}).content.decode()
    assert "张参保" not in page and 'data-testid="grid-empty"' in page
    page = client.get(URL, {"plan": str(plan.pk), "status": "active"}).content.decode()
    assert "张参保" in page


def test_export_sums_premiums_and_stays_in_scope(client, tree, plan, staff, make_member, make_user):
    _enrol(staff, plan, tree.union_a, [make_member(tree.union_a) for _ in range(3)])
    other = make_user(roles=[(tree.district_b, "staff")])
    _enrol(other, plan, tree.union_b, [make_member(tree.union_b)])
    client.force_login(staff)
    response = client.get(URL, {"export": "1"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    col = header.index("保费（元）") + 1
    values = [sheet.cell(row=r, column=col).value for r in range(3, sheet.max_row + 1)]
    assert len(values) == 3  # another district's enrolment is not exported
    assert all(isinstance(v, (int, float)) for v in values)
    assert Decimal(str(sum(values))).quantize(Decimal("0.01")) == 3 * plan.premium
    ids = [sheet.cell(row=r, column=header.index("身份证号") + 1).value for r in range(3, sheet.max_row + 1)]
    assert all("*" in i for i in ids)  # masked


def test_workers_cannot_open_it(client, tree, make_member):
    client.force_login(make_member(tree.union_a).user)
    assert client.get(URL).status_code == 404
