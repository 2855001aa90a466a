"""Flash sales under real parallel transactions (PostgreSQL): never oversold, never over a member's limit."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from niangjia.conftest import requires_postgres
from niangjia.core.errors import Conflict
from niangjia.market import services
from niangjia.market.models import FlashSale, MemberSaleTotal, Order

WORKERS = 12


def _run_parallel(jobs):
    """Run callables on WORKERS threads (each with its own connection), all starting together."""
    barrier = threading.Barrier(WORKERS)
    results, lock = [], threading.Lock()
    chunks = [jobs[i::WORKERS] for i in range(WORKERS)]

    def worker(chunk):
        try:
            barrier.wait()
            for job in chunk:
                try:
                    out = job()
                except Conflict as exc:
                    out = exc.code
                except Exception as exc:  # noqa: BLE001 - any other failure is a test failure below
                    out = repr(exc)
                with lock:
                    results.append(out)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _check_invariants(sale):
    sale = FlashSale.objects.get(pk=sale.pk)
    active = Order.objects.filter(sale=sale, status__in=["pending", "paid"])
    assert 0 <= sale.sold <= sale.stock_total
    assert sale.sold == (active.aggregate(q=Sum("quantity"))["q"] or 0)
    assert not MemberSaleTotal.objects.filter(sale=sale, quantity__gt=1).exists()
    per_user = {}
    for uid in active.values_list("user_id", flat=True):
        per_user[uid] = per_user.get(uid, 0) + 1
    assert max(per_user.values(), default=0) <= 1
    assert services.reconcile(sale)["diff"] == 0
    return sale


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_1000_orders_from_500_members_sell_exactly_100(tree, make_member, make_sale):
    """Issue 15: 1,000 concurrent orders for 100 units, limit 1: exactly 100 sold, nobody gets 2."""
    sale = make_sale(stock=100, limit=1)
    users = [make_member(tree.union_a if i % 2 else tree.union_b, name=f"会员{i}").user for i in range(500)]
    # every member twice: the second order of each must be refused (over_limit) or find it sold out
    jobs = [lambda u=u: services.place_order(actor=u, sale_id=sale.pk, quantity=1) for u in users * 2]
    results = _run_parallel(jobs)
    orders = [r for r in results if isinstance(r, Order)]
    others = [r for r in results if not isinstance(r, Order)]
    assert len(results) == 1000
    assert len(orders) == 100
    assert set(others) <= {"sold_out", "over_limit"}, set(others)
    assert len({o.user_id for o in orders}) == 100
    sale = _check_invariants(sale)
    assert sale.sold == 100


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_release_racing_new_orders_never_oversells(tree, make_member, make_sale):
    sale = make_sale(stock=30, limit=1, timeout=1)
    early = [make_member(tree.union_a, name=f"早{i}").user for i in range(30)]
    for u in early:
        services.place_order(actor=u, sale_id=sale.pk, quantity=1)
    Order.objects.filter(sale=sale).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    late = [make_member(tree.union_b, name=f"晚{i}").user for i in range(60)]
    jobs = [lambda u=u: services.place_order(actor=u, sale_id=sale.pk, quantity=1) for u in late]
    jobs += [services.release_expired_orders for _ in range(WORKERS)]
    _run_parallel(jobs)
    sale = _check_invariants(sale)
    assert Order.objects.filter(sale=sale, status="released").count() == 30
    assert sale.sold == Order.objects.filter(sale=sale, status="pending").count()
    assert sale.sold <= 30
