"""The supplier's own area (issue 15: "a supplier role manages its own products only"): its own sidebar in the
workbench shell, its products (grid, create, edit stock/status, photos), its flash sales, its orders per sale and per
group-order cycle with the purchase order and delivery list addressed to it, and read-only settlement statements.
Another supplier's ids are 404 and change nothing; a role without a link, or staff without the role, reach nothing."""

import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.core.models import AuditEvent
from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.market import services, services_group
from niangjia.market.models import FlashSale, OrderCycle, Product, Supplier, SupplierAccount

PRODUCT_FORM = {"title": "山阳香菇 500 克", "unit": "袋", "specification": "500 克", "origin_county": "",
                "price": "36.50", "stock": "200", "status": "on_sale"}


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


@pytest.fixture
def city_staff(make_user, tree):
    return make_user(roles=[(tree.city, "staff")], name="市总团购专员")


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _cycle(staff, supplier, product, title="2026 中秋团购"):
    now = timezone.now()
    return services_group.create_cycle(
        actor=staff, supplier_id=supplier.pk, title=title, opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=3), delivery_on=(now + dt.timedelta(days=5)).date(), min_quantity=0,
        shortfall_rule="pro_rata", items=[(product.pk, "50.00", 100)])


def _placed_order(make_user, make_member, tree, cycle, n=3, qty=2):
    staff = make_user(roles=[(tree.union_a, "staff")])
    members = [make_member(tree.union_a, name=f"会员{i}") for i in range(n)]
    item = cycle.items.first()
    order = services_group.create_group_order(
        actor=staff, cycle_id=cycle.pk, org_id=tree.union_a.pk, mode="list", occasion="mid_autumn",
        delivery_point="一号门卫室", member_ids=[m.pk for m in members], quantities={item.pk: qty})
    return staff, order


def _sheet_rows(response):
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                  else response.content))
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


# --- navigation -------------------------------------------------------------------------------------------------

def test_supplier_gets_its_own_sidebar_and_no_staff_links(own_login):
    c = _client(own_login)
    page = c.get("/market/supply/").content.decode()
    assert 'data-testid="sidenav"' in page
    for url in ("/market/supply/", "/market/supply/sales/", "/market/supply/orders/", "/market/supply/statements/"):
        assert f'href="{url}"' in page
    for staff_url in ("/relief/workbench/", "/market/workbench/", "/market/cycles/", "/workbench/stats/"):
        assert f'href="{staff_url}"' not in page
    assert "todo_counts" not in page and "/workbench/todo" not in page  # no staff to-do counter
    home = c.get("/").content.decode()
    assert 'href="/market/supply/"' in home  # the header and tab bar's 工作台 lead to the supplier area


def test_staff_sidebar_unchanged_and_supply_area_closed_to_staff(make_user, tree, supplier):
    staff = make_user(roles=[(tree.city, "staff")])
    c = _client(staff)
    page = c.get("/market/workbench/").content.decode()
    assert 'href="/market/workbench/"' in page and 'href="/market/supply/"' not in page
    assert c.get("/market/supply/").status_code == 404  # staff hold no supplier link


def test_role_without_link_reaches_nothing(make_user, tree, supplier, product):
    unlinked = make_user(roles=[(tree.city, "supplier")])
    c = _client(unlinked)
    for url in ("/market/supply/", "/market/supply/sales/", "/market/supply/orders/", "/market/supply/statements/",
                f"/market/supply/products/{product.pk}/"):
        assert c.get(url).status_code == 404, url


# --- products ---------------------------------------------------------------------------------------------------

def test_products_grid_lists_only_own(own_login, product, other_product):
    page = _client(own_login).get("/market/supply/").content.decode()
    assert product.title in page and other_product.title not in page


def test_create_and_edit_stock_audited(own_login, supplier):
    c = _client(own_login)
    r = c.post("/market/supply/products/new/", PRODUCT_FORM)
    p = Product.objects.get(title="山阳香菇 500 克")
    assert r.status_code == 302 and r["Location"] == f"/market/supply/products/{p.pk}/"
    assert (p.supplier_id, p.stock, p.price, p.origin_county) == (supplier.pk, 200, D("36.50"), "山阳县")
    c.post(f"/market/supply/products/{p.pk}/", {**PRODUCT_FORM, "stock": "150", "status": "off"})
    p.refresh_from_db()
    assert (p.stock, p.status) == (150, "off")
    assert AuditEvent.objects.filter(action="market.product_save", actor=own_login).count() == 2


@pytest.mark.parametrize(("bad", "message"), [
    ({"price": "abc"}, "价格"), ({"price": "0"}, "价格必须大于 0"), ({"stock": "-1"}, "库存"),
    ({"stock": "1.5"}, "库存应为整数"), ({"title": ""}, "商品名称"), ({"status": "sold"}, "商品状态"),
])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(own_login, product, bad, message):
    c = _client(own_login)
    r = c.post(f"/market/supply/products/{product.pk}/", {**PRODUCT_FORM, **bad})
    assert r.status_code == 200 and message in r.content.decode()
    product.refresh_from_db()
    assert (product.title, product.stock) == ("山阳核桃 5 斤装", 1000)


def test_guessed_ids_of_another_supplier_are_404_and_change_nothing(own_login, other_supplier, other_product,
                                                                    city_staff, make_user, make_member, tree):
    c = _client(own_login)
    assert c.get(f"/market/supply/products/{other_product.pk}/").status_code == 404
    assert c.post(f"/market/supply/products/{other_product.pk}/", {**PRODUCT_FORM, "stock": "1"}).status_code == 404
    assert c.post(f"/market/supply/products/{other_product.pk}/photos/", {}).status_code == 404
    # creating under another supplier: the supplier field is checked by the service
    c.post("/market/supply/products/new/", {**PRODUCT_FORM, "supplier": other_supplier.pk})
    assert not Product.objects.filter(supplier=other_supplier, title=PRODUCT_FORM["title"]).exists()
    other_product.refresh_from_db()
    assert other_product.stock == 500
    cycle = _cycle(city_staff, other_supplier, other_product)
    _placed_order(make_user, make_member, tree, cycle)
    services_group.close_cycle(actor=city_staff, cycle_id=cycle.pk)
    assert c.get(f"/market/supply/cycles/{cycle.pk}/purchase.xlsx").status_code == 404
    assert c.get(f"/market/supply/cycles/{cycle.pk}/delivery.xlsx").status_code == 404
    for tab in ("sales", "cycles"):
        assert cycle.title not in c.get(f"/market/supply/orders/?tab={tab}").content.decode()
    assert cycle.title not in c.get("/market/supply/statements/").content.decode()


def test_products_grid_constant_queries(own_login, supplier, django_assert_num_queries):
    c = _client(own_login)
    n = {"i": 0}

    def add(k):
        for _ in range(k):
            n["i"] += 1
            Product.objects.create(supplier=supplier, title=f"核桃{n['i']}号", unit="箱", origin_county="山阳县",
                                   price=D("10"), stock=5, status="draft")

    assert_constant_queries(django_assert_num_queries, 7, lambda: c.get("/market/supply/"), add,
                            markers=lambda r: r.content.decode().count('data-testid="supply-product-row"'))


# --- flash sales ------------------------------------------------------------------------------------------------

def _sale_form(product_id, **kw):
    now = timezone.localtime() + dt.timedelta(minutes=5)
    fmt = "%Y-%m-%dT%H:%M"
    return {"product": product_id, "price": "39.90", "stock": "50", "per_member_limit": "2",
            "starts_at": [now.strftime(fmt), (now + dt.timedelta(hours=3)).strftime(fmt), ""],
            "ends_at": [(now + dt.timedelta(hours=1)).strftime(fmt), (now + dt.timedelta(hours=4)).strftime(fmt), ""],
            **kw}


def test_supplier_creates_a_sale_with_sessions_of_its_own_product(own_login, product, other_product):
    c = _client(own_login)
    r = c.post("/market/supply/sales/new/", _sale_form(product.pk))
    assert r.status_code == 302
    sale = FlashSale.objects.get(product=product)
    assert (sale.stock_total, sale.per_member_limit, sale.price, sale.sessions.count()) == (50, 2, D("39.90"), 2)
    page = c.get("/market/supply/sales/").content.decode()
    assert 'data-testid="supply-sale-row"' in page and "2 场" in page
    c.post("/market/supply/sales/new/", _sale_form(other_product.pk))  # a guessed product id
    assert not FlashSale.objects.filter(product=other_product).exists()


def test_sale_bad_input_refused(own_login, product):
    c = _client(own_login)
    r = c.post("/market/supply/sales/new/", _sale_form(product.pk, price="-3"), follow=True)
    assert "抢购价" in r.content.decode() and not FlashSale.objects.exists()
    r = c.post("/market/supply/sales/new/", _sale_form(product.pk, starts_at=["明天", "", ""]), follow=True)
    assert "场次开始时间" in r.content.decode() and not FlashSale.objects.exists()


# --- orders, purchase orders, delivery lists, statements ---------------------------------------------------------

def test_orders_per_sale(own_login, make_sale, make_member, tree):
    sale = make_sale(stock=10, limit=3)
    buyers = [make_member(tree.union_a) for _ in range(2)]
    o1 = services.place_order(actor=buyers[0].user, sale_id=sale.pk, quantity=2)
    services.place_order(actor=buyers[1].user, sale_id=sale.pk, quantity=1)
    services.mark_paid(actor=buyers[0].user, order_id=o1.pk)
    c = _client(own_login)
    page = c.get("/market/supply/orders/").content.decode()
    assert 'data-testid="n-orders">2<' in page and 'data-testid="paid">2<' in page
    rows = _sheet_rows(c.get("/market/supply/orders/?tab=sales&export=xlsx"))
    data = [r for r in rows if r and r[0] == sale.pk][0]
    assert data[6:11] == [2, 1, 2, 0, D("119.80")] or data[6:11] == [2, 1, 2, 0, 119.8]


def test_cycle_orders_documents_and_statement(own_login, supplier, product, city_staff, make_user, make_member, tree):
    cycle = _cycle(city_staff, supplier, product)
    union_staff, order = _placed_order(make_user, make_member, tree, cycle, n=3, qty=2)
    c = _client(own_login)
    page = c.get("/market/supply/orders/?tab=cycles").content.decode()
    assert cycle.title in page and "确认后" in page
    r = c.get(f"/market/supply/cycles/{cycle.pk}/purchase.xlsx")
    assert r.status_code == 302  # not final yet: the units may still change
    assert cycle.title not in c.get("/market/supply/statements/").content.decode()
    services_group.close_cycle(actor=city_staff, cycle_id=cycle.pk)
    purchase = _sheet_rows(c.get(f"/market/supply/cycles/{cycle.pk}/purchase.xlsx"))
    assert any(r[0] == product.title and r[4] == 6 for r in purchase if r and r[0])
    delivery = _sheet_rows(c.get(f"/market/supply/cycles/{cycle.pk}/delivery.xlsx"))
    assert any(r[0] == "一号门卫室" and r[4] == 6 and r[5] == 3 for r in delivery if r and r[0])
    assert not any("会员0" in str(cell) for r in delivery for cell in r)  # no member names for the supplier
    page = c.get("/market/supply/statements/").content.decode()
    assert cycle.title in page and "300.00" in page
    services_group.mark_printed(actor=city_staff, cycle_id=cycle.pk, document="pick.xlsx")
    services_group.charge_group_order(actor=union_staff, order_id=order.pk)
    services_group.settle_cycle(actor=make_user(roles=[(tree.city, "approver")]), cycle_id=cycle.pk)
    rows = _sheet_rows(c.get("/market/supply/statements/?export=xlsx"))
    row = [r for r in rows if r and r[0] == cycle.title][0]
    assert [float(x) for x in row[4:7]] == [300.0, 300.0, 300.0] and row[8] == "已结清"
    assert OrderCycle.objects.get(pk=cycle.pk).status == "settled"
    # read-only: the supplier cannot settle or charge
    assert c.post(f"/market/cycles/{cycle.pk}/settle/").status_code == 404


# --- language ---------------------------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
TAGS = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.S)
ALLOWED = {"Excel", "JPG", "PNG"}


def english_words(html: str) -> set[str]:
    main = html.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return set(WORD.findall(re.sub(r"&[a-z#0-9]+;", " ", TAGS.sub(" ", main)))) - ALLOWED


def test_supplier_pages_have_no_english(own_login, product, make_sale, city_staff, supplier, make_member, tree,
                                        make_user):
    make_sale()
    cycle = _cycle(city_staff, supplier, product)
    _placed_order(make_user, make_member, tree, cycle)
    services_group.close_cycle(actor=city_staff, cycle_id=cycle.pk)
    c = _client(own_login)
    for url in ("/market/supply/", "/market/supply/products/new/", f"/market/supply/products/{product.pk}/",
                "/market/supply/sales/", "/market/supply/orders/", "/market/supply/orders/?tab=cycles",
                "/market/supply/statements/"):
        r = c.get(url)
        assert r.status_code == 200 and not english_words(r.content.decode()), (url, english_words(r.content.decode()))
