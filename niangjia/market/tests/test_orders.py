"""Placing, paying and releasing flash-sale orders; reconciliation; refusals change nothing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import IntegrityError
from django.utils import timezone

from niangjia.core.errors import Conflict, NotFound
from niangjia.market import services
from niangjia.market.models import FlashSale, MemberSaleTotal, Order


def _state(sale):
    sale = FlashSale.objects.get(pk=sale.pk)
    return sale.sold, Order.objects.filter(sale=sale).count(), list(
        MemberSaleTotal.objects.filter(sale=sale).values_list("user_id", "quantity"))


def test_order_takes_stock_and_counts_against_the_limit(tree, make_member, make_sale):
    sale = make_sale(stock=3, limit=2)
    user = make_member(tree.union_a).user
    order = services.place_order(actor=user, sale_id=sale.pk, quantity=2)
    assert order.amount == D("119.80") and order.status == "pending"
    assert order.expires_at - order.created_at == dt.timedelta(minutes=15)
    assert _state(sale) == (2, 1, [(user.pk, 2)])
    before = _state(sale)
    with pytest.raises(Conflict) as exc:
        services.place_order(actor=user, sale_id=sale.pk, quantity=1)
    assert exc.value.code == "over_limit" and "限购" in exc.value.message
    assert _state(sale) == before


def test_sold_out_refusal_changes_nothing(tree, make_member, make_sale):
    sale = make_sale(stock=1, limit=1)
    first, second = make_member(tree.union_a).user, make_member(tree.union_b).user
    services.place_order(actor=first, sale_id=sale.pk, quantity=1)
    before = _state(sale)
    with pytest.raises(Conflict) as exc:
        services.place_order(actor=second, sale_id=sale.pk, quantity=1)
    assert exc.value.code == "sold_out" and "已抢完" in exc.value.message
    assert _state(sale) == before


@pytest.mark.parametrize("where", ["upcoming", "outside"])
def test_not_open_or_not_in_subtree(tree, make_member, make_sale, where):
    if where == "upcoming":
        sale, user, err = make_sale(open_=False), make_member(tree.union_a).user, Conflict
    else:
        sale, user, err = make_sale(org=tree.district_a), make_member(tree.union_b).user, NotFound
    with pytest.raises(err):
        services.place_order(actor=user, sale_id=sale.pk, quantity=1)
    assert _state(sale) == (0, 0, [])


def test_release_returns_stock_and_limit_once(tree, make_member, make_sale):
    sale = make_sale(stock=1, limit=1)
    user = make_member(tree.union_a).user
    order = services.place_order(actor=user, sale_id=sale.pk, quantity=1)
    assert services.release_expired_orders() == 0  # not yet expired
    later = timezone.now() + dt.timedelta(minutes=16)
    assert services.release_expired_orders(now=later) == 1
    assert services.release_expired_orders(now=later) == 0  # never twice
    order.refresh_from_db()
    assert order.status == "released"
    assert _state(sale) == (0, 1, [(user.pk, 0)])
    assert services.reconcile(sale)["diff"] == 0
    with pytest.raises(Conflict):
        services.mark_paid(actor=user, order_id=order.pk)  # a released order is never revived
    services.place_order(actor=user, sale_id=sale.pk, quantity=1)  # the unit and the limit are back


def test_paid_order_is_not_released(tree, make_member, make_sale):
    sale = make_sale(stock=2, limit=1)
    user = make_member(tree.union_a).user
    order = services.place_order(actor=user, sale_id=sale.pk, quantity=1)
    services.mark_paid(actor=user, order_id=order.pk)
    assert services.release_expired_orders(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert FlashSale.objects.get(pk=sale.pk).sold == 1


def test_reconcile_reports_a_difference(tree, make_member, make_sale):
    sale = make_sale(stock=5, limit=1)
    services.place_order(actor=make_member(tree.union_a).user, sale_id=sale.pk, quantity=1)
    assert services.reconcile(sale)["diff"] == 0
    FlashSale.objects.filter(pk=sale.pk).update(sold=2)  # a unit taken without an order
    rec = services.reconcile(sale)
    assert rec["sold_vs_orders"] == 1 and rec["diff"] == 1


def test_database_refuses_oversell_and_over_limit(make_sale, tree, make_member):
    sale = make_sale(stock=1, limit=1)
    with pytest.raises(IntegrityError):
        FlashSale.objects.filter(pk=sale.pk).update(sold=2)


def test_database_refuses_member_over_limit(make_sale, tree, make_member):
    sale = make_sale(stock=5, limit=1)
    user = make_member(tree.union_a).user
    with pytest.raises(IntegrityError):
        MemberSaleTotal.objects.create(sale=sale, user=user, quantity=2, limit=1)


def test_expired_certificate_stops_new_sales(tree, make_user, product):
    staff = make_user(roles=[(tree.city, "staff")])
    product.supplier.certificate_expires = dt.date(2020, 1, 1)
    product.supplier.save()
    now = timezone.now()
    with pytest.raises(Exception) as exc:
        services.create_sale(actor=staff, product_id=product.pk, stock=10, per_member_limit=1, price="9.90",
                             starts_at=now, ends_at=now + dt.timedelta(hours=1))
    assert getattr(exc.value, "code", "") == "market.certificate_expired"
    assert FlashSale.objects.count() == 0


def test_sessions_share_stock_and_limit_and_refuse_between(tree, make_user, make_member, product):
    """场次: a sale with two windows; orders only inside one, one stock and one limit across both."""
    import datetime as dt

    from django.utils import timezone

    from niangjia.core.errors import Conflict, Invalid
    from niangjia.market import services as svc
    from niangjia.market.models import FlashSale, SaleSession

    staff = make_user(roles=[(tree.city, "staff")])
    now = timezone.now()
    with pytest.raises(Invalid):  # overlapping sessions
        svc.create_sale(actor=staff, product_id=product.pk, stock=2, per_member_limit=1, price="9.90",
                        starts_at=now, sessions=[(now, now + dt.timedelta(hours=2)),
                                                 (now + dt.timedelta(hours=1), now + dt.timedelta(hours=3))])
    assert FlashSale.objects.count() == 0
    sale = svc.create_sale(actor=staff, product_id=product.pk, stock=2, per_member_limit=1, price="9.90",
                           starts_at=now, sessions=[(now + dt.timedelta(hours=2), now + dt.timedelta(hours=3)),
                                                    (now - dt.timedelta(minutes=5), now + dt.timedelta(minutes=30))])
    assert (sale.starts_at, sale.ends_at) == (now - dt.timedelta(minutes=5), now + dt.timedelta(hours=3))
    m1, m2, m3 = (make_member(tree.union_a) for _ in range(3))
    svc.place_order(actor=m1.user, sale_id=sale.pk, quantity=1)  # first session is running
    with pytest.raises(Conflict) as exc:
        svc.place_order(actor=m1.user, sale_id=sale.pk, quantity=1)
    assert exc.value.code == "over_limit"
    # between the sessions: closed
    SaleSession.objects.filter(sale=sale, starts_at__lt=now).update(ends_at=now - dt.timedelta(minutes=1))
    with pytest.raises(Conflict) as exc:
        svc.place_order(actor=m2.user, sale_id=sale.pk, quantity=1)
    assert exc.value.code == "not_open"
    # the second session opens: the one stock left is shared
    SaleSession.objects.filter(sale=sale, starts_at__gt=now).update(starts_at=now - dt.timedelta(seconds=1))
    svc.place_order(actor=m2.user, sale_id=sale.pk, quantity=1)
    with pytest.raises(Conflict) as exc:
        svc.place_order(actor=m3.user, sale_id=sale.pk, quantity=1)
    assert exc.value.code == "sold_out"
    assert FlashSale.objects.get().sold == 2
