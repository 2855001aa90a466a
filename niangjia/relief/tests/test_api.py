import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from niangjia.core.models import Message
from niangjia.core.tests.evidence import post_from_page

QUOTE = {"kind": "hospitalization", "self_paid": "38000.00", "household_annual_income": "60000.00",
         "region_code": "500000", "year": 2020, "already_paid_this_year": "0.00"}

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_quote_matches_issue_example(client, ref):
    r = client.post("/api/v1/relief/quote", QUOTE, content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    assert body["eligible"] is True
    assert body["tier"] == 2
    assert body["amount"] == "5000.00"
    assert body["cap"] == "50000.00"
    assert body["policy"] == {"code": "CQ-LSJZ", "version": 1}
    assert body["explanation"][0].startswith("自付 38,000 元 ÷ 家庭年收入 60,000 元 = 63.3% → 第 2 档")


def test_quote_chronic_uses_dibao(client, ref):
    r = client.post("/api/v1/relief/quote", QUOTE | {"kind": "chronic"}, content_type="application/json")
    assert r.json()["amount"] == "7440.00"  # 12 x 620


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"self_paid": "-5"}, "不能是负数"),
        ({"self_paid": "abc"}, "必须是数字"),
        ({"kind": "tourism"}, "kind"),
        ({"region_code": "5000"}, "地区代码"),
        ({"region_code": "110000"}, "没有生效"),
        ({"household_annual_income": "1e12"}, "必须是数字"),
        ({"household_annual_income": "123456789012"}, "过大"),
    ],
)
def test_quote_bad_input_422_in_chinese(client, ref, change, needle):
    r = client.post("/api/v1/relief/quote", QUOTE | change, content_type="application/json")
    assert r.status_code == 422
    assert needle in r.json()["message"]


def test_quote_missing_field(client, ref):
    body = {k: v for k, v in QUOTE.items() if k != "self_paid"}
    r = client.post("/api/v1/relief/quote", body, content_type="application/json")
    assert r.status_code == 422
    assert "缺少字段 self_paid" in r.json()["message"]


def test_quote_is_rate_limited(client, ref, settings):
    settings.NIANGJIA_THROTTLE_RATES = {**settings.NIANGJIA_THROTTLE_RATES, "public": "3/min"}
    codes = [client.post("/api/v1/relief/quote", QUOTE, content_type="application/json").status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_self_test_categories(client, ref):
    base = {"annual_disposable_income": "60000", "rigid_expenditure": "30000", "people": 3, "region_code": "500000",
            "year": 2020}
    r = client.post("/api/v1/relief/self-test", base, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["category"] == "relative"
    r = client.post("/api/v1/relief/self-test", base | {"annual_disposable_income": "500000",
                                                        "sudden_event_cost": "450000"},
                    content_type="application/json")
    assert r.json()["category"] == "sudden"
    r = client.post("/api/v1/relief/self-test", base | {"people": 0}, content_type="application/json")
    assert r.status_code == 422
    r = client.post("/api/v1/relief/self-test", base | {"exclusions": ["bought_home"]}, content_type="application/json")
    assert r.json()["category"] == "none"
    assert "购买商品房" in r.json()["reason"][0]
    r = client.post("/api/v1/relief/self-test", base | {"exclusions": ["yacht"]}, content_type="application/json")
    assert r.status_code == 422


def test_application_api_flow(client, tree, staff_a, district_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    client.force_login(staff_a)
    r = client.post("/api/v1/relief/applications", {
        "kind": "hospitalization", "total_cost": "50000.00", "self_paid": "38000.00", "year": YEAR,
        "household_id": hh.pk, "invoices": [{"number": "API-1", "amount": "50000.00", "issued_on": f"{YEAR}-01-01"}]},
        content_type="application/json")
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    # Money is approved only on the approval page with the evidence (issue 11): the API answers 403, changes nothing.
    r = client.post(f"/api/v1/relief/applications/{app_id}/decide", {"approve": True}, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "evidence.not_seen" and "证明材料" in r.json()["message"]
    assert client.get(f"/api/v1/relief/applications/{app_id}").json()["status"] == "submitted"
    review_url = reverse("relief:application_review", args=[app_id])
    post_from_page(client, review_url, {"action": "approve"})
    client.force_login(district_a)
    post_from_page(client, review_url, {"action": "approve"})
    r = client.get(f"/api/v1/relief/applications/{app_id}")
    assert r.json()["status"] == "approved"
    assert r.json()["granted_amount"] == "5000.00"
    worker = hh.head.user
    client.force_login(worker)
    mine = client.get("/api/v1/relief/applications").json()
    assert mine[0]["explanation"]
    assert Message.objects.filter(recipient=worker, kind="relief.approved").exists()


def test_application_out_of_scope_404(client, tree, staff_a, staff_b, make_household):
    hh = make_household(staff_a, tree.union_a)
    client.force_login(staff_b)
    r = client.post("/api/v1/relief/applications", {
        "kind": "hospitalization", "total_cost": "100.00", "self_paid": "100.00", "year": YEAR,
        "household_id": hh.pk, "invoices": [{"number": "B-1", "amount": "100.00", "issued_on": f"{YEAR}-01-01"}]},
        content_type="application/json")
    assert r.status_code == 404


def test_quote_for_a_district_uses_the_province_level_policy(client, ref):
    r = client.post("/api/v1/relief/quote", QUOTE | {"region_code": "500103"}, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["policy"]["code"] == "CQ-LSJZ"
