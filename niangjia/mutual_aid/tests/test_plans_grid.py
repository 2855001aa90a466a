"""互助计划 list in the shared grid (issue 12): plans of the staff's unions and of the unions above them, never a
sibling district's; sort, search, filters in the URL, page size; a fixed number of queries at two page sizes."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.mutual_aid.models import Plan

URL = reverse("mutual_aid:plans")
seq = itertools.count(1)


def _plan(org, code, name, year=2020, **extra):
    return Plan.objects.create(code=code, name=name, org=org, year=year, premium=Decimal("30.00"),
                               coverage_start=dt.date(year, 1, 1), coverage_end=dt.date(year, 12, 31), **extra)


@pytest.fixture
def plans(tree, plan):
    """The city's plan (reaches district A), one of district A itself, one of district B (does not)."""
    own = _plan(tree.district_a, "QA-2021", "甲区补充互助", year=2021, status="draft", copied_from=plan)
    foreign = _plan(tree.district_b, "QB-2021", "乙区补充互助", year=2021)
    return plan, own, foreign


def test_scope_shows_own_and_higher_plans_only(client, staff, plans):
    city, own, foreign = plans
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert city.code in page and own.code in page and "甲区补充互助" in page
    assert foreign.code not in page and "乙区补充互助" not in page
    assert page.count('data-testid="plan-row"') == 2 and 'data-testid="grid-count"' in page
    # A search for the other district's plan finds nothing.
    page = client.get(URL, {"q": "乙区"}).content.decode()
    assert "乙区补充互助" not in page and 'data-testid="grid-empty"' in page
    page = client.get(URL, {"q": "QB"}).content.decode()
    assert "QB-2021" not in page and 'data-testid="grid-empty"' in page


def test_sort_search_filters_and_size(client, staff, plans):
    city, own, _foreign = plans
    client.force_login(staff)
    page = client.get(URL, {"sort": "year"}).content.decode()
    assert page.index(city.code) < page.index(own.code)
    page = client.get(URL, {"sort": "-year"}).content.decode()
    assert page.index(own.code) < page.index(city.code)
    rows = lambda page: page.count('data-testid="plan-row"')  # noqa: E731 — the own plan names its source
    page = client.get(URL, {"q": "甲区"}).content.decode()
    assert own.code in page and city.name not in page and rows(page) == 1
    page = client.get(URL, {"q": "zyhz"}).content.decode()  # plan code, any case
    assert city.code in page and own.code not in page
    page = client.get(URL, {"phase": "draft"}).content.decode()
    assert own.code in page and city.name not in page and rows(page) == 1 and "草稿" in page
    page = client.get(URL, {"phase": "closed", "year": "2020"}).content.decode()
    assert city.code in page and own.code not in page
    # the filters ride along in the sort links and the page-size form
    assert "phase=closed" in page and 'name="year" value="2020"' in page
    page = client.get(URL, {"year": "2021", "phase": "closed"}).content.decode()
    assert 'data-testid="grid-empty"' in page
    page = client.get(URL, {"size": "50"}).content.decode()
    assert '<option value="50" selected>' in page
    # unknown sort or size falls back instead of failing
    assert client.get(URL, {"sort": "rules", "size": "7"}).status_code == 200


def test_empty_state_says_what_to_do(client, staff):
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert 'data-testid="grid-empty"' in page and "请联系其管理员" in page


@pytest.mark.parametrize("size", [20, 50])
def test_fixed_queries_at_two_page_sizes(client, tree, plan, staff, make_member, size, django_assert_num_queries):
    from niangjia.mutual_aid import services

    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            p = _plan(tree.district_a if i % 2 else tree.union_a, f"QC-{i}", f"计划{i}", copied_from=plan)
            services.enrol_members(actor=staff, plan_id=p.pk, org_id=tree.union_a.pk,
                                   member_ids=[make_member(tree.union_a).pk], on=dt.date(2020, 1, 1))

    client.force_login(staff)
    # session, user, roles, years, COUNT, page (org, copied_from and enrolment count joined), unread
    assert_constant_queries(django_assert_num_queries, 7, lambda: client.get(URL, {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="plan-row"'))


def test_a_sibling_districts_plan_page_is_not_found_by_guessed_id(client, staff, plans):
    city, own, foreign = plans
    client.force_login(staff)
    assert client.get(reverse("mutual_aid:plan", args=[city.pk])).status_code == 200
    assert client.get(reverse("mutual_aid:plan", args=[own.pk])).status_code == 200
    assert client.get(reverse("mutual_aid:plan", args=[foreign.pk])).status_code == 404
