"""Issue 15: "a supplier role manages its own products only". A login with the supplier role is linked to one
supplier; it reaches that supplier's products and sales by page and API, and nothing of another supplier of the same
union, even by guessed id. Staff in scope link and unlink accounts (audited)."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import timezone

from niangjia.core.models import AuditEvent
from niangjia.market.models import FlashSale, Product, Supplier, SupplierAccount

BASE = "/api/v1/market"


@pytest.fixture
def other_supplier(tree):
    return Supplier.objects.create(name="安康平利县女娲茶业有限公司", kind="enterprise", county="平利县",
                                   certificate_no="SX-FP-2026-002", certificate_expires=dt.date(2099, 12, 31),
                                   org=tree.city)


@pytest.fixture
def other_product(other_supplier):
    return Product.objects.create(supplier=other_supplier, title="平利绞股蓝茶", unit="盒", specification="250 克",
                                  origin_county="平利县", price=D("68.00"), stock=500, status="on_sale")


@pytest.fixture
def own_login(make_user, tree, supplier):
    user = make_user(roles=[(tree.city, "supplier")], name="天竹合作社")
    SupplierAccount.objects.create(user=user, supplier=supplier)
    return user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _sale_body(product_id):
    now = timezone.now()
    return {"product_id": product_id, "stock": 10, "per_member_limit": 1, "price": "39.90",
            "starts_at": now.isoformat(), "ends_at": (now + dt.timedelta(hours=1)).isoformat()}


def _api_post(user, url, body, bearer):
    return Client(enforce_csrf_checks=True).post(url, json.dumps(body), content_type="application/json",
                                                 **bearer(user))


PRODUCT_FORM = {"title": "新茶", "unit": "盒", "specification": "100 克", "origin_county": "", "price": "30.00",
                "stock": "10", "status": "on_sale"}


def test_pages_show_only_the_linked_supplier(own_login, supplier, product, other_supplier, other_product):
    c = _client(own_login)
    page = c.get("/market/suppliers/").content.decode()
    assert supplier.name in page and other_supplier.name not in page
    assert c.get(f"/market/suppliers/{supplier.pk}/").status_code == 200
    assert c.get(f"/market/suppliers/{other_supplier.pk}/").status_code == 404  # guessed id


def test_page_writes_refused_on_another_supplier(own_login, supplier, product, other_supplier, other_product):
    c = _client(own_login)
    c.post(f"/market/suppliers/{other_supplier.pk}/products/", PRODUCT_FORM)
    # the other supplier's product id under the own supplier's url: not found, not moved
    c.post(f"/market/suppliers/{supplier.pk}/products/", {**PRODUCT_FORM, "product": other_product.pk})
    other_product.refresh_from_db()
    assert (other_product.title, other_product.supplier_id) == ("平利绞股蓝茶", other_supplier.pk)
    assert not Product.objects.filter(title="新茶", supplier=other_supplier).exists()
    c.post(f"/market/suppliers/{supplier.pk}/products/", PRODUCT_FORM)  # its own: allowed
    assert Product.objects.filter(title="新茶", supplier=supplier).count() == 1


def test_api_sale_creation_only_for_own_products(own_login, product, other_product, bearer):
    r = _api_post(own_login, f"{BASE}/sales", _sale_body(other_product.pk), bearer)
    assert r.status_code == 404
    assert not FlashSale.objects.filter(product=other_product).exists()
    r = _api_post(own_login, f"{BASE}/sales", _sale_body(product.pk), bearer)
    assert r.status_code == 201, r.content


def test_api_lists_and_guessed_sale_id(own_login, tree, product, other_product, bearer):
    now = timezone.now()
    mine, theirs = (FlashSale.objects.create(product=p, org=tree.city, price=D("9.90"), stock_total=5,
                                             per_member_limit=1, starts_at=now - dt.timedelta(minutes=1),
                                             ends_at=now + dt.timedelta(hours=1)) for p in (product, other_product))
    c, auth = Client(), bearer(own_login)
    assert [p["id"] for p in c.get(f"{BASE}/products", **auth).json()] == [product.pk]
    assert [s["id"] for s in c.get(f"{BASE}/sales", **auth).json()] == [mine.pk]
    assert c.get(f"{BASE}/sales/{mine.pk}", **auth).status_code == 200
    assert c.get(f"{BASE}/sales/{theirs.pk}", **auth).status_code == 404


def test_supplier_role_without_a_link_reaches_nothing(make_user, tree, supplier, product, bearer):
    unlinked = make_user(roles=[(tree.city, "supplier")])
    assert supplier.name not in _client(unlinked).get("/market/suppliers/").content.decode()
    assert _api_post(unlinked, f"{BASE}/sales", _sale_body(product.pk), bearer).status_code == 404


def test_a_link_without_the_role_reaches_nothing(make_user, tree, supplier, product, bearer):
    former = make_user()
    SupplierAccount.objects.create(user=former, supplier=supplier)
    assert _api_post(former, f"{BASE}/sales", _sale_body(product.pk), bearer).status_code == 404


def test_staff_link_and_unlink_audited_and_scoped(make_user, tree, supplier):
    login = make_user(phone="13912345678", roles=[(tree.city, "supplier")])
    url = f"/market/suppliers/{supplier.pk}/accounts/"
    outsider = _client(make_user(roles=[(tree.district_b, "staff")]))  # below the supplier's union
    outsider.post(url, {"phone": "13912345678"})
    assert not SupplierAccount.objects.exists()
    _client(login).post(url, {"phone": "13912345678"})  # a supplier cannot link itself
    assert not SupplierAccount.objects.exists()
    staff = _client(make_user(roles=[(tree.city, "staff")]))
    staff.post(url, {"phone": "13900000000"})  # unknown number: refused
    no_role = make_user(phone="13912340000")
    staff.post(url, {"phone": "13912340000"})  # no supplier role: refused
    assert not SupplierAccount.objects.filter(user=no_role).exists()
    staff.post(url, {"phone": "13912345678"})
    assert SupplierAccount.objects.filter(user=login, supplier=supplier).count() == 1
    page = staff.get(f"/market/suppliers/{supplier.pk}/").content.decode()
    assert "供应商账号" in page and "13912345678" not in page  # masked
    staff.post(url + "remove/", {"user": login.pk})
    assert not SupplierAccount.objects.exists()
    actions = list(AuditEvent.objects.filter(action__startswith="market.supplier_").values_list("action", flat=True))
    assert sorted(actions) == ["market.supplier_link", "market.supplier_unlink"]


def test_demo_links_the_supplier_login_to_one_supplier_once(make_user, tree):
    import io

    from niangjia.market import demo

    login = make_user(phone=demo.SUPPLIER_LOGIN, roles=[(tree.city, "supplier")])
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # idempotent
    assert Supplier.objects.filter(certificate_no__startswith="DEMO-").count() == 2
    [link] = SupplierAccount.objects.filter(user=login)
    assert link.supplier.certificate_no == "DEMO-SX-FP-001"


def test_demo_keeps_a_sale_open_now_and_one_to_come(make_user, tree, monkeypatch):
    import datetime as dt
    import io

    from django.utils import timezone

    from niangjia.market import demo
    from niangjia.market.models import FlashSale

    make_user(phone=demo.SUPPLIER_LOGIN, roles=[(tree.city, "supplier")])
    make_user(roles=[(tree.city, "admin")])
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # idempotent while the sales run
    now = timezone.now()
    assert FlashSale.objects.count() == 2
    assert FlashSale.objects.filter(starts_at__lte=now, ends_at__gt=now).count() == 1
    assert FlashSale.objects.filter(starts_at__gt=now).count() == 1
    # Weeks later both have ended: the next load opens new ones rather than leaving the page empty.
    FlashSale.objects.update(starts_at=now - dt.timedelta(days=40), ends_at=now - dt.timedelta(days=10))
    demo.seed(io.StringIO())
    assert FlashSale.objects.count() == 4
    later = timezone.now()
    assert FlashSale.objects.filter(starts_at__lte=later, ends_at__gt=later).count() == 1
