"""Flash-sale use cases. The stock and the per-member limit are enforced by conditional UPDATEs inside one
transaction and backed by check constraints; payment happens outside that transaction (mark_paid)."""

import contextlib
import datetime as dt
import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.market import rules
from niangjia.market import selectors as market_selectors
from niangjia.market.models import FlashSale, MemberSaleTotal, Order, Product, SaleSession

log = logging.getLogger("niangjia.market")

SOLD_OUT = "已抢完，下次早点来。"
NOT_OPEN = "抢购尚未开始或已经结束。"
OVER_LIMIT = "每人限购 {limit} 件，您已达到限购数量。"
SUPPLIER_ROLES = frozenset({"supplier"})


def _rule(exc: rules.RuleError):
    if exc.code == "over_limit":
        return Conflict(str(exc), code="over_limit")
    return Invalid(str(exc), code=exc.code)


def _can_run_sale(actor, product: Product) -> bool:
    from niangjia.market.selectors_suppliers import is_linked_supplier

    return scoping.covers(actor, product.supplier.org) or is_linked_supplier(actor, product.supplier)


@transaction.atomic
def create_sale(*, actor, product_id: int, stock: int, per_member_limit: int, price, starts_at: dt.datetime,
                ends_at: dt.datetime | None = None, payment_timeout_minutes: int = 15,
                sessions: list[tuple[dt.datetime, dt.datetime]] | None = None) -> FlashSale:
    """Staff in scope of the supplier's union, or the supplier's own account, open a sale of one product, over one
    period or in several sessions (场次) sharing the stock and the per-member limit."""
    product = Product.objects.select_related("supplier__org").filter(pk=product_id).first()
    if product is None or not _can_run_sale(actor, product):
        raise NotFound("未找到该商品，或您无权操作。")
    try:
        amount = parse_yuan(price, "抢购价")
    except MoneyError as exc:
        raise Invalid(str(exc), code="market.price") from None
    if amount <= 0:
        raise Invalid("抢购价必须大于 0。", code="market.price")
    if not 1 <= payment_timeout_minutes <= 24 * 60:
        raise Invalid("付款时限应在 1 到 1440 分钟之间。", code="market.timeout")
    try:
        if sessions:
            sessions = rules.check_sessions(list(sessions))
            starts_at, ends_at = sessions[0][0], sessions[-1][1]
        elif ends_at is None:
            raise rules.RuleError("请填写结束时间或场次。", "market.period")
        rules.check_new_sale(stock=stock, per_member_limit=per_member_limit, starts_at=starts_at, ends_at=ends_at,
                             certificate_expires=product.supplier.certificate_expires,
                             product_on_sale=product.status == Product.Status.ON_SALE, now=timezone.now())
    except rules.RuleError as exc:
        raise _rule(exc) from None
    sale = FlashSale.objects.create(product=product, org=product.supplier.org, price=amount, stock_total=stock,
                                    per_member_limit=per_member_limit, starts_at=starts_at, ends_at=ends_at,
                                    payment_timeout_minutes=payment_timeout_minutes, created_by=actor)
    if sessions:
        SaleSession.objects.bulk_create(SaleSession(sale=sale, starts_at=a, ends_at=b) for a, b in sessions)
    audit.record(actor, "market.sale_create", sale, org=sale.org,
                 summary={"stock": stock, "limit": per_member_limit, "price": str(amount)})
    return sale


def _take_member_quantity(sale: FlashSale, user, quantity: int) -> None:
    """Add `quantity` to the member's total in this sale, never above the limit: one statement (an upsert whose
    update is conditional), so a member's first order costs no extra round trips and racing orders of one member
    serialise on the row. No row back = the limit would be exceeded; the check constraint stands behind it."""
    table = MemberSaleTotal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} (sale_id, user_id, quantity, "limit") VALUES (%s, %s, %s, %s) '
            f'ON CONFLICT (sale_id, user_id) DO UPDATE SET quantity = {table}.quantity + EXCLUDED.quantity '
            f'WHERE {table}.quantity + EXCLUDED.quantity <= {table}."limit" RETURNING id',
            [sale.pk, user.pk, quantity, sale.per_member_limit])
        if cursor.fetchone() is None:
            raise Conflict(OVER_LIMIT.format(limit=sale.per_member_limit), code="over_limit",
                           details={"per_member_limit": sale.per_member_limit})


def _one_statement() -> bool:
    """PostgreSQL places an order with one call of the `market_place_order` function (migration 0009); SQLite, and
    PostgreSQL with NIANGJIA_MARKET_ORDER_WRITE=transaction (kept to measure against), run the same steps as
    statements inside a Django transaction."""
    from django.conf import settings

    return connection.vendor == "postgresql" and getattr(settings, "NIANGJIA_MARKET_ORDER_WRITE", "") != "transaction"


# Raised by market_place_order when the sale row refuses the units (sold out meanwhile, or the sale just ended):
# the statement fails, so PostgreSQL undoes the member total, order and audit rows it had written.
SOLD_OUT_SQLSTATE = "MK409"


def _write_in_one_statement(sale: FlashSale, actor, quantity: int, amount, now, expires_at) -> int | None:
    """One round trip, autocommit: the hot sale row is locked only inside the database, from its UPDATE (the
    function's last write) to the commit — never while this thread waits for the network or the CPU, which on a
    loaded machine is what made every other buyer queue behind a lock holder. Returns the order id, None when
    the member's limit refuses; raises sold_out when the stock does."""
    row = audit.sql_row(actor, "market.order_place", object_type="market.order", org_id=sale.org_id,
                        summary={"sale": sale.pk, "quantity": quantity})
    params = [sale.pk, actor.pk, quantity, sale.per_member_limit, amount, now, expires_at, sale.org_id,
              row["actor_id"], row["ip"], row["summary"]]
    sql = "SELECT market_place_order(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::inet, %s::jsonb)"
    try:
        # Inside a caller's transaction (tests, a larger use case) a savepoint keeps it usable after a refusal.
        with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                order_id = cursor.fetchone()[0]
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == SOLD_OUT_SQLSTATE:
            raise Conflict(SOLD_OUT, code="sold_out", details={"stock_left": 0}) from None
        raise
    return order_id


def _write_in_transaction(sale: FlashSale, actor, quantity: int, amount, now, expires_at) -> int:
    """The same writes as market_place_order, as statements of one transaction (SQLite; the reference on PG)."""
    with transaction.atomic():
        _take_member_quantity(sale, actor, quantity)
        order = Order.objects.create(sale_id=sale.pk, user=actor, quantity=quantity, amount=amount,
                                     created_at=now, expires_at=expires_at)
        taken = FlashSale.objects.filter(
            pk=sale.pk, sold__lte=F("stock_total") - quantity, starts_at__lte=now, ends_at__gt=now,
        ).update(sold=F("sold") + quantity)
        if not taken:
            raise Conflict(SOLD_OUT, code="sold_out", details={"stock_left": 0})
        audit.record(actor, "market.order_place", order, org_id=sale.org_id,
                     summary={"sale": sale.pk, "quantity": quantity})
    return order.pk


def place_order(*, actor, sale_id: int, quantity: int) -> Order:
    """Grab `quantity` units. The checks read one row outside any transaction (a sold-out sale answers without
    writing); the writes are all or nothing, the member's total first and the conditional UPDATE of the sale row
    last, so the hot row is locked only from that statement to the commit."""
    sale = market_selectors.sale_for_buyer(actor=actor, sale_id=sale_id)
    if sale is None or not sale.may_buy:
        raise NotFound("未找到该抢购，或您无权参加。")
    try:
        rules.check_quantity(quantity, sale.per_member_limit)
    except rules.RuleError as exc:
        raise _rule(exc) from None
    now = timezone.now()
    if not sale.starts_at <= now < sale.ends_at or not sale.in_session:
        raise Conflict(NOT_OPEN, code="not_open")
    if sale.sold + quantity > sale.stock_total:
        # Sold out as of the row just read: answer at once, without writing anything. A stale read can only
        # under-count sales, never invent them, so this answer is never wrong; a release later reopens the stock.
        raise Conflict(SOLD_OUT, code="sold_out", details={"stock_left": max(0, sale.stock_left)})
    amount = rules.order_amount(sale.price, quantity)
    expires_at = now + dt.timedelta(minutes=sale.payment_timeout_minutes)
    if _one_statement():
        order_id = _write_in_one_statement(sale, actor, quantity, amount, now, expires_at)
        if order_id is None:
            raise Conflict(OVER_LIMIT.format(limit=sale.per_member_limit), code="over_limit",
                           details={"per_member_limit": sale.per_member_limit})
    else:
        order_id = _write_in_transaction(sale, actor, quantity, amount, now, expires_at)
    order = Order(pk=order_id, sale=sale, user=actor, quantity=quantity, amount=amount,
                  status=Order.Status.PENDING, created_at=now, expires_at=expires_at)
    order._state.adding, order._state.db = False, connection.alias
    return order


@transaction.atomic
def mark_paid(*, actor, order_id: int) -> Order:
    """Payment confirmed (by the payment callback or staff). Outside the stock lock: only the order row changes,
    and only while it is still pending and not expired — a released order is never revived."""
    order = Order.objects.select_related("sale__org").filter(pk=order_id).first()
    if order is None or not (order.user_id == actor.pk or scoping.covers(actor, order.sale.org)):
        raise NotFound("未找到该订单，或您无权查看。")
    now = timezone.now()
    done = Order.objects.filter(pk=order.pk, status=Order.Status.PENDING, expires_at__gt=now).update(
        status=Order.Status.PAID, paid_at=now)
    if not done:
        raise Conflict("订单已超时释放或已付款。", code="market.not_payable")
    audit.record(actor, "market.order_paid", order, org=order.sale.org, summary={"amount": str(order.amount)})
    order.refresh_from_db()
    return order


def _release_one(order_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        order = Order.objects.filter(pk=order_id).values("sale_id", "user_id", "quantity").first()
        if order is None:
            return False
        q = order["quantity"]
        if not Order.objects.filter(pk=order_id, status=Order.Status.PENDING, expires_at__lte=now).update(
                status=Order.Status.RELEASED, released_at=now):
            return False  # paid or released meanwhile
        # Same lock order as place_order (member total, then the sale row), so the two never deadlock.
        MemberSaleTotal.objects.filter(sale_id=order["sale_id"], user_id=order["user_id"], quantity__gte=q).update(
            quantity=F("quantity") - q)
        if not FlashSale.objects.filter(pk=order["sale_id"], sold__gte=q).update(sold=F("sold") - q):
            log.error("market: release of order %s found sold < %s on sale %s", order_id, q, order["sale_id"])
            transaction.set_rollback(True)
            return False
        audit.record(None, "market.order_release", None, summary={"order": order_id, "quantity": q})
        return True


def release_expired_orders(*, now: dt.datetime | None = None, limit: int = 5000) -> int:
    """Give the stock of unpaid orders past their payment time back to the sale. One short transaction per order."""
    now = now or timezone.now()
    ids = list(Order.objects.filter(status=Order.Status.PENDING, expires_at__lte=now)
               .order_by("expires_at").values_list("pk", flat=True)[:limit])
    return sum(_release_one(pk, now) for pk in ids)


def reconcile(sale: FlashSale) -> dict:
    """Stock, sold and active orders of one sale; every difference is reported (the target is 0)."""
    sale = FlashSale.objects.get(pk=sale.pk)
    active = Order.objects.filter(sale=sale, status__in=[Order.Status.PENDING, Order.Status.PAID])
    ordered = active.aggregate(q=Sum("quantity"))["q"] or 0
    member_sum = MemberSaleTotal.objects.filter(sale=sale).aggregate(q=Sum("quantity"))["q"] or 0
    over_limit = MemberSaleTotal.objects.filter(sale=sale, quantity__gt=F("limit")).count()
    return {
        "sale": sale.pk, "stock_total": sale.stock_total, "sold": sale.sold, "stock_left": sale.stock_left,
        "ordered": ordered, "orders": active.count(),
        "sold_vs_orders": sale.sold - ordered, "members_vs_orders": member_sum - ordered,
        "oversold": max(0, sale.sold - sale.stock_total), "over_limit_members": over_limit,
        "diff": abs(sale.sold - ordered) + abs(member_sum - ordered) + over_limit + max(0, sale.sold - sale.stock_total),
    }


def reconcile_recent(*, days: int = 2) -> list[dict]:
    """The reconciliation job: every sale that was open in the last `days`; differences are logged."""
    since = timezone.now() - dt.timedelta(days=days)
    reports = [reconcile(s) for s in FlashSale.objects.filter(ends_at__gte=since)]
    for r in reports:
        if r["diff"]:
            log.error("market: reconciliation difference %s", r)
    return reports
