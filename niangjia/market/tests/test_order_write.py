"""The order's writes, both ways they can run: one call of market_place_order (PostgreSQL) and the statements of
one Django transaction (SQLite; PostgreSQL with NIANGJIA_MARKET_ORDER_WRITE=transaction). Same rows either way,
and a sale row that refuses after the read leaves nothing written."""

import pytest
from django.db import connection
from django.db.models import F

from niangjia.core.context import client_ip
from niangjia.core.errors import Conflict
from niangjia.core.models import AuditEvent
from niangjia.market import selectors, services
from niangjia.market.models import FlashSale, MemberSaleTotal, Order

WAYS = ["statement", "transaction"]


def _way(way, settings):
    if way == "statement" and connection.vendor != "postgresql":
        pytest.skip("market_place_order exists on PostgreSQL only")
    settings.NIANGJIA_MARKET_ORDER_WRITE = way
    assert services._one_statement() is (way == "statement")


def _state(sale):
    return (FlashSale.objects.get(pk=sale.pk).sold, Order.objects.filter(sale=sale).count(),
            list(MemberSaleTotal.objects.filter(sale=sale).values_list("quantity", flat=True)),
            AuditEvent.objects.filter(action="market.order_place").count())


@pytest.mark.parametrize("way", WAYS)
def test_placed_order_rows(way, settings, tree, make_member, make_sale):
    _way(way, settings)
    sale = make_sale(stock=5, limit=2)
    user = make_member(tree.union_a).user
    token = client_ip.set("203.0.113.7")
    try:
        order = services.place_order(actor=user, sale_id=sale.pk, quantity=2)
    finally:
        client_ip.reset(token)
    row = Order.objects.get(pk=order.pk)
    assert (row.user_id, row.quantity, row.amount, row.status) == (user.pk, 2, order.amount, "pending")
    assert row.expires_at == order.expires_at and row.created_at == order.created_at
    assert _state(sale) == (2, 1, [2], 1)
    event = AuditEvent.objects.get(action="market.order_place")
    assert (event.actor_id, event.object_type, event.object_id, event.org_id, event.ip, event.summary) == (
        user.pk, "market.order", str(order.pk), sale.org_id, "203.0.113.7", {"sale": sale.pk, "quantity": 2})
    with pytest.raises(Conflict) as exc:
        services.place_order(actor=user, sale_id=sale.pk, quantity=1)
    assert exc.value.code == "over_limit"
    assert _state(sale) == (2, 1, [2], 1)


@pytest.mark.parametrize("way", WAYS)
def test_sale_refusing_after_the_read_writes_nothing(way, settings, tree, make_member, make_sale, monkeypatch):
    """The read said one unit was left; another buyer took it before the write: 409 sold_out, and the member's
    total, order and audit row written before the sale row refused are all undone."""
    _way(way, settings)
    sale = make_sale(stock=3, limit=1)
    user = make_member(tree.union_a).user
    stale = selectors.sale_for_buyer(actor=user, sale_id=sale.pk)
    FlashSale.objects.filter(pk=sale.pk).update(sold=F("stock_total"))
    monkeypatch.setattr(services.market_selectors, "sale_for_buyer", lambda **kw: stale)
    with pytest.raises(Conflict) as exc:
        services.place_order(actor=user, sale_id=sale.pk, quantity=1)
    assert exc.value.code == "sold_out"
    assert _state(sale) == (3, 0, [], 0)  # and the connection is still usable
