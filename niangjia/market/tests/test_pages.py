"""The worker's flash-sale page and the staff list, in Chinese; a double-tapped buy button orders once."""

import re

from django.test import Client

from niangjia.market.models import FlashSale, Order


def _token(html):
    return re.search(r'name="submission_token" value="([^"]+)"', html).group(1)


def test_worker_buys_once_and_sees_sold_out(tree, make_member, make_sale):
    sale = make_sale(stock=1, limit=1)
    user = make_member(tree.union_a).user
    client = Client()
    client.force_login(user)
    html = client.get("/market/").content.decode()
    assert "立即抢购" in html and "剩余 1 / 共 1" in html and "countdown.js" in html and "<script>" not in html
    token = _token(html)
    for _ in range(2):  # double tap: same token
        r = client.post(f"/market/sales/{sale.pk}/buy/", {"quantity": "1", "submission_token": token})
        assert r.status_code == 302
    assert Order.objects.filter(sale=sale, user=user).count() == 1
    assert FlashSale.objects.get(pk=sale.pk).sold == 1
    html = client.get("/market/").content.decode()
    assert "抢到了" in html and "已抢完" in html and "立即抢购" not in html


def test_refusal_is_a_chinese_message_and_changes_nothing(tree, make_member, make_sale):
    sale = make_sale(stock=5, limit=1, org=tree.district_b)
    client = Client()
    client.force_login(make_member(tree.union_a).user)  # not under district B: the sale is not theirs
    html = client.get("/market/").content.decode()
    assert "现在没有进行中的抢购" in html
    r = client.post(f"/market/sales/{sale.pk}/buy/", {"quantity": "1"}, follow=True)
    assert "无权参加" in r.content.decode()
    assert FlashSale.objects.get(pk=sale.pk).sold == 0 and not Order.objects.exists()


def test_workbench_lists_sales_with_reconciliation(tree, make_user, make_member, make_sale, supplier):
    from niangjia.market import services

    sale = make_sale(stock=3, limit=1)
    services.place_order(actor=make_member(tree.union_a).user, sale_id=sale.pk, quantity=1)
    client = Client()
    client.force_login(make_user(roles=[(tree.city, "staff")]))
    html = client.get("/market/workbench/").content.decode()
    assert "山阳核桃" in html and "账实相符" in html and "限时抢购" in html
    FlashSale.objects.filter(pk=sale.pk).update(sold=2)
    html = client.get("/market/workbench/").content.decode()
    assert "差异 1 件" in html
    # a district B staff member sees none of the city's sales
    other = Client()
    other.force_login(make_user(roles=[(tree.district_b, "staff")]))
    assert "山阳核桃" not in other.get("/market/workbench/").content.decode()


def test_unpaid_order_in_my_business_then_paid(tree, make_member, make_sale):
    from django.test import Client

    from niangjia.market.models import Order

    sale = make_sale(stock=5, limit=1)
    member = make_member(tree.union_a)
    c = Client()
    c.force_login(member.user)
    from niangjia.market import services

    order = services.place_order(actor=member.user, sale_id=sale.pk, quantity=1)
    page = c.get("/me/business/").content.decode()
    assert "消费扶贫抢购" in page and "前付款" in page
    c.post(f"/market/orders/{order.pk}/pay/")
    assert Order.objects.get().status == "paid"
    other = make_member(tree.union_b)
    c.force_login(other.user)
    c.post(f"/market/orders/{order.pk}/pay/")  # someone else's order: refused, nothing changes
    assert Order.objects.get().paid_at is not None


def test_sales_export_is_scoped(tree, make_user, make_sale):
    import io

    from django.test import Client
    from openpyxl import load_workbook

    sale = make_sale(stock=7, limit=1)
    c = Client()
    c.force_login(make_user(roles=[(tree.city, "staff")]))
    resp = c.get("/market/workbench/?export=xlsx")
    rows = [[x.value for x in r] for r in load_workbook(io.BytesIO(resp.content)).active.iter_rows(min_row=3)]
    assert rows[0][0] == sale.pk and rows[0][7] == 7 and rows[0][-1] == 0
    c.force_login(make_user(roles=[(tree.union_b, "staff")]))
    resp = c.get("/market/workbench/?export=xlsx")
    assert list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(min_row=3)) == []
