"""The workers' requests to bargain on the shared list grid: one row per union in scope with requests or a
headcount for the year, searchable, sortable and filtered by "share reached"; another district's union stays out."""

import itertools

import pytest
from django.utils import timezone

from niangjia.bargaining.models import BargainingAsk, StaffHeadcount
from niangjia.conftest import make_org
from niangjia.core.tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
URL = "/bargaining/workbench/asks/"
seq = itertools.count(1)


def _rows(response) -> list[str]:
    return response.content.decode().split('data-testid="ask-row"')[1:]


def _union(parent, name, *, asks, total, make_user):
    org = make_org(name, "grassroots", parent, uscc=f"91330100MA{next(seq):08d}", employer=f"{name}企业")
    year = timezone.localdate().year
    for _ in range(asks):
        BargainingAsk.objects.create(org=org, year=year, user=make_user(name=f"职工{next(seq)}"))
    if total:
        StaffHeadcount.objects.create(org=org, year=year, total=total)
    return org


def test_asks_search_sort_filter_and_scope(client, people, make_user):
    t = people.tree
    reached = _union(t.district_a, "甲一工会", asks=2, total=10, make_user=make_user)  # 2 × 5 ≥ 10
    short = _union(t.district_a, "甲二工会", asks=1, total=10, make_user=make_user)
    _union(t.district_a, "甲三工会", asks=0, total=40, make_user=make_user)
    _union(t.district_b, "乙区工会", asks=3, total=5, make_user=make_user)
    client.force_login(people.district_staff)
    rows = _rows(client.get(URL))
    assert len(rows) == 3 and not any("乙区工会" in r for r in rows)
    assert "甲一工会" in rows[0] and "已达比例" in rows[0]
    assert ">2<" in rows[0].replace(" ", "")  # the threshold: one in five of 10 workers
    assert _rows(client.get(URL, {"q": "乙区工会"})) == []  # another district's union is not found either
    only = _rows(client.get(URL, {"reached": "1"}))
    assert len(only) == 1 and reached.name in only[0]
    assert len(_rows(client.get(URL, {"q": short.name}))) == 1
    by_asks = _rows(client.get(URL, {"sort": "-asks"}))
    assert "甲一工会" in by_asks[0] and "甲三工会" in by_asks[2]
    by_workers = _rows(client.get(URL, {"sort": "-workers", "size": "50"}))
    assert "甲三工会" in by_workers[0]
    kept = client.get(URL, {"reached": "1", "year": timezone.localdate().year}).content.decode()
    assert 'name="reached" value="1"' in kept and 'name="year"' in kept
    assert 'data-testid="grid-empty"' in client.get(URL, {"year": 1999}).content.decode()


@pytest.mark.parametrize("size", [20, 50])
def test_asks_page_queries(client, people, make_user, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            _union(people.tree.district_a, f"测试工会{i}", asks=2, total=10 + i, make_user=make_user)

    client.force_login(people.district_staff)
    assert_constant_queries(django_assert_num_queries, 8, lambda: client.get(URL, {"size": size}), add_rows,
                            markers=lambda r: len(_rows(r)))
