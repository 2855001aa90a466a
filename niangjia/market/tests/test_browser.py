"""Browser: a member grabs in a flash sale on the phone (390 px) and pays; staff on a 1440 px screen place a union
group order, confirm the cycle and download the pick list. Runs on SQLite and PostgreSQL."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.market import services_group
from niangjia.market.models import FlashSale, GroupOrder, Order, OrderCycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_member_grabs_and_pays_on_the_phone(live_server, phone_page, tree, make_member, product):
    now = timezone.now()
    sale = FlashSale.objects.create(product=product, org=tree.city, price=D("59.90"), stock_total=1, per_member_limit=1,
                                    starts_at=now - dt.timedelta(minutes=1), ends_at=now + dt.timedelta(hours=1))
    member = make_member(tree.union_a, name="王阿姨")
    assert phone_page.viewport_size["width"] == 390
    _log_in(phone_page, live_server, member.user)
    phone_page.goto(live_server.url + "/market/")
    phone_page.get_by_test_id("buy").click()
    phone_page.get_by_test_id("pay").wait_for()
    assert "抢到了" in phone_page.locator(".alert").first.inner_text()
    assert phone_page.get_by_test_id("sold-out").is_visible()  # the only unit is taken: 已抢完
    phone_page.get_by_test_id("pay").click()
    phone_page.locator("[data-testid=order][data-status=paid]").wait_for()
    assert "已付款" in phone_page.get_by_test_id("my-orders").inner_text()
    order = Order.objects.get()
    assert (order.status, order.sale_id, FlashSale.objects.get().sold) == ("paid", sale.pk, 1)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_staff_place_group_order_and_download_pick_list(live_server, browser, tree, make_user, make_member, supplier,
                                                        product):
    city_staff = make_user(roles=[(tree.city, "staff")], name="市总")
    now = timezone.now()
    cycle = services_group.create_cycle(
        actor=city_staff, supplier_id=supplier.pk, title="中秋慰问团购", opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=2), delivery_on=(now + dt.timedelta(days=3)).date(), min_quantity=2,
        shortfall_rule="pro_rata", items=[(product.pk, "60.00", 100)])
    for name in ("张三", "李四", "王五"):
        make_member(tree.union_a, name=name)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        _log_in(page, live_server, city_staff)
        page.goto(f"{live_server.url}/market/cycles/")
        page.get_by_role("link", name="中秋慰问团购").click()
        page.get_by_test_id("order-union").select_option(str(tree.union_a.pk))
        page.fill("#delivery_point", "湖滨商贸一楼门卫室")
        page.select_option("#occasion", "mid_autumn")
        page.fill(f"#qty_{cycle.items.get().pk}", "2")
        page.get_by_test_id("place-group-order").click()
        page.get_by_test_id("group-order").wait_for()
        assert "360.00" in page.get_by_test_id("group-orders").inner_text()  # 3 members x 2 x 60.00
        page.get_by_test_id("confirm-cycle").click()
        page.get_by_test_id("pick-xlsx").wait_for()
        with page.expect_download() as info:
            page.get_by_test_id("pick-xlsx").click()
        data = open(info.value.path(), "rb").read()
        rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=3)]
        assert sorted(r[3] for r in rows) == ["张三", "李四", "王五"]
        assert all(r[0] == "湖滨商贸一楼门卫室" and r[5] == 2 for r in rows)
        assert OrderCycle.objects.get().status == "locked" and GroupOrder.objects.get().status == "placed"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    finally:
        context.close()
