"""Group-order pages as staff use them: open a cycle, order for a union, confirm, download the pick list."""

import datetime as dt
import io

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.market.models import GroupOrder, OrderCycle


def _login(user):
    c = Client()
    c.force_login(user)
    return c


def test_cycle_flow_through_pages(make_user, make_member, tree, supplier, product):
    city = _login(make_user(roles=[(tree.city, "staff")]))
    now = timezone.localtime()
    resp = city.post(f"/market/cycles/new/?supplier={supplier.pk}", {
        "supplier": supplier.pk, "title": "中秋团购", "opens_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "delivery_on": (now + dt.timedelta(days=3)).date().isoformat(), "min_quantity": "2",
        "shortfall_rule": "pro_rata", f"use_{product.pk}": "1", f"price_{product.pk}": "60.00",
        f"available_{product.pk}": "100"})
    cycle = OrderCycle.objects.get()
    assert resp.status_code == 302 and cycle.items.get().price == 60
    [make_member(tree.union_a, name=n) for n in ("张三", "李四")]
    union = _login(make_user(roles=[(tree.union_a, "staff")]))
    page = union.get(f"/market/cycles/{cycle.pk}/")
    assert page.status_code == 200 and "湖滨商贸有限公司工会" in page.content.decode()
    item = cycle.items.get()
    resp = union.post(f"/market/cycles/{cycle.pk}/orders/", {
        "org": tree.union_a.pk, "mode": "list", "occasion": "mid_autumn", "delivery_point": "一号门卫室",
        f"qty_{item.pk}": "1", "member_numbers": "", "submission_token": _token(page)})
    assert resp.status_code == 302
    order = GroupOrder.objects.get()
    assert order.total_amount == 120 and order.lines.count() == 2
    # union staff cannot confirm the city's cycle
    assert union.post(f"/market/cycles/{cycle.pk}/close/", {"action": "confirm"}).status_code in (302, 404)
    assert OrderCycle.objects.get().status == "open"
    page = city.get(f"/market/cycles/{cycle.pk}/")
    assert "data-testid=\"preview\"" in page.content.decode()
    city.post(f"/market/cycles/{cycle.pk}/close/", {"action": "confirm"})
    assert OrderCycle.objects.get().status == "confirmed"
    resp = city.get(f"/market/cycles/{cycle.pk}/pick.xlsx")
    assert resp.status_code == 200
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(resp.content)).active.iter_rows(min_row=3)]
    assert sorted(r[3] for r in rows) == ["张三", "李四"] and all(r[0] == "一号门卫室" and r[5] == 1 for r in rows)
    assert OrderCycle.objects.get().status == "locked"  # printing locks
    for doc in ("po.pdf", "delivery.xlsx", "pick.pdf"):
        r = city.get(f"/market/cycles/{cycle.pk}/{doc}")
        assert r.status_code == 200 and len(r.content) > 500
    # another district sees neither the cycle's orders nor the lists
    other = _login(make_user(roles=[(tree.union_b, "staff")]))
    resp = other.get(f"/market/cycles/{cycle.pk}/pick.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(resp.content)).active.iter_rows(min_row=3)]
    assert rows == []
    assert "湖滨商贸" not in other.get(f"/market/cycles/{cycle.pk}/").content.decode()
    assert city.get("/market/cycles/").status_code == 200


def test_bad_input_is_a_message_not_500(make_user, tree, supplier, product):
    city = _login(make_user(roles=[(tree.city, "staff")]))
    resp = city.post(f"/market/cycles/new/?supplier={supplier.pk}", {
        "supplier": supplier.pk, "title": "x", "opens_at": "not a date", "closes_at": "", "delivery_on": "",
        "shortfall_rule": "pro_rata", f"use_{product.pk}": "1", f"price_{product.pk}": "1e5",
        f"available_{product.pk}": "abc"})
    assert resp.status_code == 200 and OrderCycle.objects.count() == 0
    assert city.get("/market/cycles/999999/").status_code == 404


def _token(page):
    import re

    m = re.search(r'name="submission_token" value="([^"]+)"', page.content.decode())
    return m.group(1) if m else ""
