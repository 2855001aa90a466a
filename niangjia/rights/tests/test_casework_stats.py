import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from niangjia.rights import selectors
from niangjia.rights.models import Mediation, MediationAgreement, SupervisionLetter

pytestmark = pytest.mark.django_db


def _letter(org, kind, n, when=None):
    when = when or timezone.now()
    return SupervisionLetter.objects.create(org=org, kind=kind, number=f"{org.pk}-{kind}-{n}", recipient_name="某公司",
                                            issues="x", legal_basis="y", rectification="z", created_at=when)


def _agreed(org, amount, n, when=None):
    m = Mediation.objects.create(org=org, worker_name="王师傅", employer_name=f"公司{n}", employer_uscc=f"91330{n:013d}",
                                 status="agreed")
    return MediationAgreement.objects.create(mediation=m, terms="t", total_amount=Decimal(amount),
                                             created_at=when or timezone.now())


def _seed(tree, extra=0):
    for i in range(2 + extra):
        _letter(tree.district_a, "opinion", i + extra * 100)
    _letter(tree.street_a, "suggestion", 100 + extra)
    _agreed(tree.district_a, "12000.50", 1 + extra * 10)
    _agreed(tree.district_a, "3000", 2 + extra * 10)
    for i in range(3):  # district B: must never show up for district A's staff
        _letter(tree.district_b, "suggestion", 500 + i + extra * 10)
        _agreed(tree.district_b, "99999", 50 + i + extra * 10)


def test_statistics_are_scoped_and_summed(people):
    _seed(people.tree)
    data = selectors.casework_statistics(actor=people.staff)
    assert data["letters_total"] == {"opinion": 2, "suggestion": 1}
    assert data["resolved"] == 2
    assert data["recovered"] == Decimal("15000.50")
    assert [r["org"] for r in data["mediation_by_org"]] == [people.tree.district_a.name]
    month = timezone.localtime().strftime("%Y-%m")
    assert data["months"] == [month]
    assert data["letters_by_month"] == {"opinion": [2], "suggestion": [1]}
    city = selectors.casework_statistics(actor=people.admin)
    assert city["resolved"] == 5 and city["letters_total"]["suggestion"] == 4
    only_b = selectors.casework_statistics(actor=people.admin, org=people.tree.district_b)
    assert only_b["letters_total"] == {"opinion": 0, "suggestion": 3}
    later = selectors.casework_statistics(actor=people.staff, since=timezone.localdate() + dt.timedelta(days=1))
    assert later["resolved"] == 0 and later["months"] == []


def test_json_endpoint_scoped_and_fixed_queries(client, people):
    _seed(people.tree)
    client.force_login(people.staff)
    url = reverse("rights:casework_stats")
    with CaptureQueriesContext(connection) as small:
        resp = client.get(url, {"format": "json"})
    data = resp.json()
    assert data["recovered"] == "15000.50"
    body = json.dumps(data, ensure_ascii=False)
    assert people.tree.district_b.name not in body and "99999" not in body
    # another district's org id in the filter is ignored, never shown
    resp_b = client.get(url, {"format": "json", "org": people.tree.district_b.pk})
    assert "99999" not in resp_b.content.decode()
    _seed(people.tree, extra=5)
    with CaptureQueriesContext(connection) as big:
        again = client.get(url, {"format": "json"})
    assert again.json()["resolved"] == 4
    assert len(big.captured_queries) == len(small.captured_queries)


def test_page_draws_charts_in_chinese_and_exports(client, people, make_member):
    _seed(people.tree)
    client.force_login(people.staff)
    html = client.get(reverse("rights:casework_stats")).content.decode()
    assert "监督文书与调解统计" in html and "维权金额" in html
    assert "vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()
    assert 'id="casework-data"' in html and "99999" not in html
    xlsx = client.get(reverse("rights:casework_stats"), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    member = make_member(people.tree.union_a).user
    client.force_login(member)
    assert client.get(reverse("rights:casework_stats")).status_code == 404
    client.force_login(people.lawyer)
    assert client.get(reverse("rights:casework_stats"), {"format": "json"}).status_code == 404


def test_risk_map_groups_by_area_scoped_with_fixed_queries(client, people):
    from niangjia.rights.models import RiskAlert

    t = people.tree

    def alerts(prefix, n):
        for i in range(n):
            RiskAlert.objects.create(org=t.union_a, employer_uscc=f"{prefix}A{i:05d}", employer_name=f"甲公司{prefix}{i}",
                                     level=["red", "yellow", "green"][i % 3], reasons=["有拖欠工资投诉"])
            RiskAlert.objects.create(org=t.union_b, employer_uscc=f"{prefix}B{i:05d}", employer_name=f"乙公司{prefix}{i}",
                                     level="red", reasons=["x"])

    alerts("1", 3)
    data = selectors.risk_map(actor=people.staff)
    assert data["counts"] == {"red": 1, "yellow": 1, "green": 1}
    assert [a["name"] for a in data["areas"]] == [t.union_a.parent.name]
    assert data["chart"]["red"] == [1]
    client.force_login(people.staff)
    with CaptureQueriesContext(connection) as small:
        html = client.get(reverse("rights:risk")).content.decode()
    assert "甲公司10" in html and "乙公司" not in html and 'data-testid="risk-map"' in html
    assert "分地区预警一览" in html and 'id="risk-area-chart"' in html
    alerts("2", 12)
    with CaptureQueriesContext(connection) as big:
        html = client.get(reverse("rights:risk")).content.decode()
    assert "甲公司211" in html and "乙公司" not in html
    assert len(big.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("size", [20, 50])
def test_risk_list_grid_fixed_queries_filter_and_scope(client, people, size, django_assert_num_queries):
    from niangjia.core.tests.querycount import assert_constant_queries
    from niangjia.rights.models import RiskAlert

    t = people.tree
    RiskAlert.objects.create(org=t.union_b, employer_uscc="BBB000000000000001", employer_name="乙区红色公司",
                             level="red", reasons=["x"])
    seq = iter(range(1000))

    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            RiskAlert.objects.create(org=t.union_a, employer_uscc=f"AAA{i:015d}", employer_name=f"甲区公司{i}",
                                     level=["red", "yellow", "green"][i % 3], reasons=["有拖欠工资投诉"])

    client.force_login(people.staff)
    url = reverse("rights:risk")
    assert_constant_queries(django_assert_num_queries, 8, lambda: client.get(url, {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="risk-row"'))
    assert "乙区红色公司" not in client.get(url, {"q": "乙区"}).content.decode()
    page = client.get(url, {"level": "red"}).content.decode()
    assert page.count('data-testid="risk-row"') == 2  # 甲区公司0 and 3, none of the other district
