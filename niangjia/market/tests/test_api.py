"""The market API exactly as issue 15 specifies it, called as a real client (bearer token, CSRF enforced)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from niangjia.market.models import FlashSale, Order

BASE = "/api/v1/market"


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def _post(client, url, body, auth):
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


def test_lists_products_and_open_sales(client, tree, make_member, make_sale, product, bearer):
    open_sale = make_sale(stock=10, limit=2)
    make_sale(open_=False)
    auth = bearer(make_member(tree.union_a).user)
    r = client.get(f"{BASE}/products", **auth)
    assert r.status_code == 200
    assert r.json() == [{"id": product.pk, "title": "山阳核桃 5 斤装", "supplier": "商洛山阳县天竹农业合作社",
                         "price": "88.00", "stock": 1000}]
    r = client.get(f"{BASE}/sales?status=open", **auth)
    assert r.status_code == 200
    [row] = r.json()
    assert {k: row[k] for k in ("id", "title", "price", "stock_total", "stock_left", "per_member_limit")} == {
        "id": open_sale.pk, "title": "山阳核桃 5 斤装", "price": "59.90", "stock_total": 10, "stock_left": 10,
        "per_member_limit": 2}
    assert "ends_at" in row
    assert len(client.get(f"{BASE}/sales", **auth).json()) == 2


def test_staff_creates_a_sale(client, tree, make_user, product, bearer):
    staff = make_user(roles=[(tree.city, "staff")])
    now = timezone.now()
    body = {"product_id": product.pk, "stock": 800, "per_member_limit": 2, "price": "39.90",
            "starts_at": now.isoformat(), "ends_at": (now + dt.timedelta(hours=1)).isoformat()}
    r = _post(client, f"{BASE}/sales", body, bearer(staff))
    assert r.status_code == 201, r.content
    sale = FlashSale.objects.get(pk=r.json()["id"])
    assert (sale.stock_total, sale.per_member_limit, str(sale.price), sale.sold) == (800, 2, "39.90", 0)


@pytest.mark.parametrize("who", ["member", "other_district_staff"])
def test_create_sale_refused_out_of_scope(client, tree, make_user, make_member, product, bearer, who):
    product.supplier.org = tree.district_a
    product.supplier.save()
    actor = make_member(tree.union_a).user if who == "member" else make_user(roles=[(tree.district_b, "staff")])
    now = timezone.now()
    body = {"product_id": product.pk, "stock": 8, "per_member_limit": 1, "price": "39.90",
            "starts_at": now.isoformat(), "ends_at": (now + dt.timedelta(hours=1)).isoformat()}
    r = _post(client, f"{BASE}/sales", body, bearer(actor))
    assert r.status_code == 404
    assert FlashSale.objects.count() == 0


@pytest.mark.parametrize("price", ["1E+30", "NaN", "-1", "abc"])
def test_bad_price_is_422_in_chinese(client, tree, make_user, product, bearer, price):
    staff = make_user(roles=[(tree.city, "staff")])
    now = timezone.now()
    body = {"product_id": product.pk, "stock": 8, "per_member_limit": 1, "price": price,
            "starts_at": now.isoformat(), "ends_at": (now + dt.timedelta(hours=1)).isoformat()}
    r = _post(client, f"{BASE}/sales", body, bearer(staff))
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    assert FlashSale.objects.count() == 0


def test_order_flow_sold_out_and_over_limit(client, tree, make_member, make_sale, bearer):
    sale = make_sale(stock=2, limit=1)
    a, b, c = (bearer(make_member(tree.union_a).user) for _ in range(3))
    r = _post(client, f"{BASE}/sales/{sale.pk}/orders", {"quantity": 1}, a)
    assert r.status_code == 201
    assert {k: r.json()[k] for k in ("quantity", "amount")} == {"quantity": 1, "amount": "59.90"}
    assert Order.objects.get(pk=r.json()["order_id"]).status == "pending"
    r = _post(client, f"{BASE}/sales/{sale.pk}/orders", {"quantity": 1}, a)
    assert r.status_code == 409 and r.json()["code"] == "over_limit" and "限购" in r.json()["message"]
    assert _post(client, f"{BASE}/sales/{sale.pk}/orders", {"quantity": 1}, b).status_code == 201
    r = _post(client, f"{BASE}/sales/{sale.pk}/orders", {"quantity": 1}, c)
    assert r.status_code == 409 and r.json()["code"] == "sold_out" and "已抢完" in r.json()["message"]
    r = client.get(f"{BASE}/sales/{sale.pk}", **a)
    assert r.status_code == 200
    body = r.json()
    assert {k: body[k] for k in ("stock_total", "sold", "stock_left", "orders", "reconciliation_diff")} == {
        "stock_total": 2, "sold": 2, "stock_left": 0, "orders": 2, "reconciliation_diff": 0}


def test_order_without_token_or_with_session_but_no_csrf(client, tree, make_member, make_sale):
    sale = make_sale()
    user = make_member(tree.union_a).user
    r = _post(client, f"{BASE}/sales/{sale.pk}/orders", {"quantity": 1}, {})
    assert r.status_code == 401
    client.force_login(user)
    r = _post(client, f"{BASE}/sales/{sale.pk}/orders", {"quantity": 1}, {})
    assert r.status_code == 403
    assert Order.objects.count() == 0


@pytest.mark.parametrize("quantity", [0, -1, "x"])
def test_bad_quantity(client, tree, make_member, make_sale, bearer, quantity):
    sale = make_sale(limit=3)
    r = _post(client, f"{BASE}/sales/{sale.pk}/orders", {"quantity": quantity}, bearer(make_member(tree.union_a).user))
    assert r.status_code == 422
    assert FlashSale.objects.get(pk=sale.pk).sold == 0
