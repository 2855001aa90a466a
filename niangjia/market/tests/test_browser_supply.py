"""Browser: a supplier logs in, sees its own sidebar (not the staff one), edits a product's stock and sees its orders;
the same pages on a 390 px phone fit the screen. Set NIANGJIA_SCREENSHOT_DIR to keep screenshots (outside the repo)."""

import datetime as dt
import os
from decimal import Decimal as D

import pytest
from django.utils import timezone

from niangjia.market import services
from niangjia.market.models import FlashSale, Product, SupplierAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def _shot(page, name):
    folder = os.environ.get("NIANGJIA_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def supplier_scene(tree, make_user, make_member, supplier, product):
    login = make_user(roles=[(tree.city, "supplier")], name="天竹合作社")
    SupplierAccount.objects.create(user=login, supplier=supplier)
    now = timezone.now()
    sale = FlashSale.objects.create(product=product, org=tree.city, price=D("59.90"), stock_total=20,
                                    per_member_limit=2, starts_at=now - dt.timedelta(minutes=5),
                                    ends_at=now + dt.timedelta(hours=1))
    for _ in range(3):
        services.place_order(actor=make_member(tree.union_a).user, sale_id=sale.pk, quantity=2)
    return login, sale


def test_supplier_sidebar_edit_stock_and_orders(live_server, browser, supplier_scene, product):
    login, sale = supplier_scene
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        _log_in(page, live_server, login)
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="工作台").first.click()
        nav = page.get_by_test_id("sidenav")
        nav.wait_for()
        assert [t.strip() for t in nav.locator("a").all_inner_texts()] == ["我的商品", "我的抢购", "销售与订单",
                                                                           "结算对账单"]
        _shot(page, "supplier-products-1440")
        page.locator(f"#product-{product.pk}").get_by_role("link", name="编辑").click()
        page.get_by_test_id("stock-input").fill("777")
        page.get_by_test_id("save-product").click()
        page.get_by_text("商品已保存。").wait_for()
        assert Product.objects.get(pk=product.pk).stock == 777
        nav.get_by_role("link", name="我的商品").click()
        page.locator(f"#product-{product.pk} [data-testid=stock]", has_text="777").wait_for()
        nav.get_by_role("link", name="销售与订单").click()
        row = page.get_by_test_id("supply-order-row").first
        row.wait_for()
        assert row.get_by_test_id("n-orders").inner_text() == "3" and sale.product.title in row.inner_text()
        _shot(page, "supplier-orders-1440")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    finally:
        context.close()


def test_supplier_pages_fit_a_phone(live_server, phone_page, supplier_scene):
    login, _sale = supplier_scene
    _log_in(phone_page, live_server, login)
    for path, name in (("/market/supply/", "products"), ("/market/supply/sales/", "sales"),
                       ("/market/supply/orders/", "orders"), ("/market/supply/statements/", "statements")):
        phone_page.goto(live_server.url + path)
        chips = phone_page.locator(".nj-chipnav")
        chips.wait_for()
        assert "我的商品" in chips.inner_text()
        _shot(phone_page, f"supplier-{name}-390")
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, path
