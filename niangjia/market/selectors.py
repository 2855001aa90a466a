"""Reads of the market. A member sees the sales and products of the unions above (and including) their own;
staff and suppliers see those of their scope."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from niangjia.core import scoping, selectors
from niangjia.core.errors import NotFound
from niangjia.market.models import FlashSale, Product, Supplier, SupplierAccount

SUPPLIER_ROLES = frozenset({"supplier"})


def own_supplier_q(actor, supplier_field: str) -> Q:
    """Rows of the suppliers this login is linked to, while it holds the supplier role over their union: the role
    without a link (or a link without the role) reaches nothing."""
    prefix = f"{supplier_field}__" if supplier_field else ""
    linked = SupplierAccount.objects.filter(user_id=actor.pk).values("supplier_id")
    return (scoping.scope_q(actor, roles=SUPPLIER_ROLES, org_field=f"{prefix}org")
            & Q(**{f"{prefix}pk__in" if prefix else "pk__in": linked}))


def _visible_org_q(actor, org_field: str, supplier_field: str) -> Q:
    q = scoping.scope_q(actor, org_field=org_field) | own_supplier_q(actor, supplier_field)
    membership = selectors.active_membership_of(actor)
    if membership is not None:
        q |= Q(**{f"{org_field}__path__in": membership.org.ancestor_paths()})
    return q


def products_on_sale(*, actor) -> QuerySet[Product]:
    return (Product.objects.filter(_visible_org_q(actor, "supplier__org", "supplier"), status=Product.Status.ON_SALE)
            .select_related("supplier").order_by("-id"))


def sales_visible(*, actor, status: str | None = None) -> QuerySet[FlashSale]:
    qs = FlashSale.objects.filter(_visible_org_q(actor, "org", "product__supplier")).select_related("product", "product__supplier")
    now = timezone.now()
    if status == "open":
        qs = qs.filter(starts_at__lte=now, ends_at__gt=now)
    elif status == "upcoming":
        qs = qs.filter(starts_at__gt=now)
    elif status == "ended":
        qs = qs.filter(ends_at__lte=now)
    return qs.order_by("ends_at", "id")


def sales_for_member_page(*, actor, now) -> list[FlashSale]:
    """Sales not yet ended, soonest end first (at most 50), with their sessions (one more query)."""
    return list(sales_visible(actor=actor).filter(ends_at__gt=now).prefetch_related("sessions")[:50])


def sale_for(*, actor, sale_id: int) -> FlashSale:
    sale = sales_visible(actor=actor).select_related("org").filter(pk=sale_id).first()
    if sale is None:
        raise NotFound("未找到该抢购，或您无权查看。")
    return sale


def staff_sales(*, actor) -> QuerySet[FlashSale]:
    """The workbench list: sales run by unions in the actor's scope."""
    return (FlashSale.objects.filter(scoping.scope_q(actor, org_field="org"))
            .select_related("product", "product__supplier", "org"))


def suppliers_with_expired_certificates(*, actor, today) -> QuerySet[Supplier]:
    return Supplier.objects.filter(scoping.scope_q(actor, org_field="org"), certificate_expires__lt=today)


def staff_sales_with_totals(*, actor) -> QuerySet[FlashSale]:
    """Workbench rows with what reconciliation needs, as subqueries (one page query, whatever the page size)."""
    from django.db.models import IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from niangjia.market.models import MemberSaleTotal, Order

    def _sum(model, **flt):
        qs = (model.objects.filter(sale=OuterRef("pk"), **flt).order_by().values("sale")
              .annotate(s=Sum("quantity")).values("s"))
        return Coalesce(Subquery(qs, output_field=IntegerField()), 0)

    return staff_sales(actor=actor).annotate(
        ordered=_sum(Order, status__in=["pending", "paid"]), paid=_sum(Order, status="paid"),
        member_qty=_sum(MemberSaleTotal))


def my_recent_orders(*, user, limit: int = 10):
    """The member's latest flash-sale orders (to pay the pending ones)."""
    from niangjia.market.models import Order

    return list(Order.objects.filter(user=user).select_related("sale__product").order_by("-id")[:limit])


_SALE_SHAPE = None


def _sale_for_buyer_sql():
    """Written out once (core.rawrows): composing this query through the ORM (two EXISTS annotations) cost more
    CPU than the rest of the order request together (about 8 ms of 19 ms per request on the loaded machine).
    Standard SQL, the same on SQLite and PostgreSQL."""
    global _SALE_SHAPE
    if _SALE_SHAPE is None:
        from niangjia.core.models import Member, Org
        from niangjia.core.rawrows import RowShape
        from niangjia.market.models import SaleSession

        shape = RowShape(FlashSale, "s")
        sale, org, member, session = (FlashSale._meta.db_table, Org._meta.db_table, Member._meta.db_table,
                                      SaleSession._meta.db_table)
        # The buyer's union lies in the sale's subtree: its path starts with the sale union's path.
        sql = (f"SELECT {shape.select}, "
               f"EXISTS (SELECT 1 FROM {member} m JOIN {org} mo ON mo.id = m.org_id WHERE m.user_id = %s "
               f"AND m.status = %s AND substr(mo.path, 1, length(so.path)) = so.path), "
               f"(EXISTS (SELECT 1 FROM {session} x WHERE x.sale_id = s.id AND x.starts_at <= %s AND x.ends_at > %s) "
               f"OR NOT EXISTS (SELECT 1 FROM {session} x WHERE x.sale_id = s.id)) "
               f"FROM {sale} s JOIN {org} so ON so.id = s.org_id WHERE s.id = %s")
        _SALE_SHAPE = (shape, sql)
    return _SALE_SHAPE


def sale_for_buyer(*, actor, sale_id: int) -> FlashSale | None:
    """The sale with `may_buy` (the actor is an active member of a union in the sale's subtree) and `in_session`
    (a session is running, or the sale has no session rows). One query: the order path pays per round trip and
    per CPU millisecond under load."""
    from django.db import connection

    from niangjia.core.models import Member

    shape, sql = _sale_for_buyer_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [actor.pk, Member.Status.ACTIVE, now, now, sale_id])
        row = cursor.fetchone()
    if row is None:
        return None
    sale = shape.build(row[: shape.width], connection)
    sale.may_buy, sale.in_session = bool(row[shape.width]), bool(row[shape.width + 1])
    return sale


def my_business_items(user) -> list:
    """The member's flash-sale orders as 我的办事 rows (one query): unpaid ones wait on the member."""
    from django.urls import reverse

    from niangjia.core.my_business import BusinessItem
    from niangjia.market.models import Order

    now = timezone.now()
    items = []
    for o in Order.objects.filter(user=user).select_related("sale__product").order_by("-id")[:50]:
        payable = o.status == Order.Status.PENDING and o.expires_at > now
        items.append(BusinessItem(
            number=f"QG{o.pk}", kind="消费扶贫抢购", code="market_order",
            title=f"{o.sale.product.title} × {o.quantity}（{o.amount:.2f} 元）",
            stage="待付款" if payable else o.get_status_display(), url=reverse("market:home"), created_at=o.created_at,
            pending=payable, holder="您" if payable else "",
            next_step=f"请在 {timezone.localtime(o.expires_at):%H:%M} 前付款，超时商品将重新开放抢购" if payable else "",
        ))
    return items


def sales_for_export(*, actor, limit: int = 20000):
    return staff_sales_with_totals(actor=actor).order_by("-id")[:limit]
