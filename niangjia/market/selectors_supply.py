"""Reads of the supplier's own area: only rows of the suppliers this login is linked to (`own_supplier_q`: the
supplier role over the supplier's union AND a SupplierAccount link). Another supplier's id is simply not found."""

from django.db.models import Count, DecimalField, F, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from niangjia.core.errors import NotFound
from niangjia.market.models import FlashSale, GroupOrder, GroupOrderLine, Order, OrderCycle, Product, Supplier
from niangjia.market.selectors import own_supplier_q

# Cycles whose quantities are final (allocated): the supplier delivers and is settled on these.
FINAL = (OrderCycle.Status.CONFIRMED, OrderCycle.Status.LOCKED, OrderCycle.Status.SETTLED)
UNITS = Coalesce("allocated", "quantity")


def own_suppliers(*, actor) -> list[Supplier]:
    return list(Supplier.objects.filter(own_supplier_q(actor, "")).order_by("name"))


def own_products(*, actor, status: str = "") -> QuerySet[Product]:
    qs = (Product.objects.filter(own_supplier_q(actor, "supplier")).select_related("supplier")
          .annotate(n_photos=Count("photos")).order_by("-id"))
    return qs.filter(status=status) if status else qs


def own_product_for(*, actor, product_id: int) -> Product:
    product = (Product.objects.filter(own_supplier_q(actor, "supplier"), pk=product_id)
               .select_related("supplier").prefetch_related("photos").first())
    if product is None:
        raise NotFound("未找到该商品，或它不属于您的供应商。")
    return product


def own_products_on_sale(*, actor) -> list[Product]:
    return list(own_products(actor=actor, status=Product.Status.ON_SALE).order_by("title"))


def _order_sum(status) -> Coalesce:
    flt = {"status__in": status} if isinstance(status, list | tuple) else {"status": status}
    qs = (Order.objects.filter(sale=OuterRef("pk"), **flt).order_by().values("sale")
          .annotate(s=Sum("quantity")).values("s"))
    return Coalesce(Subquery(qs, output_field=IntegerField()), 0)


def _paid_amount() -> Coalesce:
    qs = (Order.objects.filter(sale=OuterRef("pk"), status="paid").order_by().values("sale")
          .annotate(s=Sum("amount")).values("s"))
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(qs, output_field=money), 0, output_field=money)


def _order_count() -> Coalesce:
    qs = (Order.objects.filter(sale=OuterRef("pk"), status__in=["pending", "paid"]).order_by().values("sale")
          .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(qs, output_field=IntegerField()), 0)


def own_sales(*, actor) -> QuerySet[FlashSale]:
    """The sales of the supplier's products, with orders and quantities (subqueries: one page query)."""
    return (FlashSale.objects.filter(own_supplier_q(actor, "product__supplier"))
            .select_related("product", "product__supplier", "org").order_by("-id")
            .annotate(n_sessions=Count("sessions"), n_orders=_order_count(), pending=_order_sum("pending"),
                      paid=_order_sum("paid"), released=_order_sum("released"), paid_amount=_paid_amount()))


def _line_sum(expr, **flt) -> Coalesce:
    qs = (GroupOrderLine.objects.filter(order__cycle=OuterRef("pk"), order__status=GroupOrder.Status.PLACED, **flt)
          .order_by().values("order__cycle").annotate(s=Sum(expr)).values("s"))
    return Coalesce(Subquery(qs, output_field=DecimalField(max_digits=14, decimal_places=2)), 0,
                    output_field=DecimalField(max_digits=14, decimal_places=2))


def _charged_sum() -> Coalesce:
    qs = (GroupOrder.objects.filter(cycle=OuterRef("pk"), status=GroupOrder.Status.PLACED).order_by()
          .values("cycle").annotate(s=Sum("charged_amount")).values("s"))
    return Coalesce(Subquery(qs, output_field=DecimalField(max_digits=14, decimal_places=2)), 0,
                    output_field=DecimalField(max_digits=14, decimal_places=2))


def _union_count() -> Coalesce:
    qs = (GroupOrder.objects.filter(cycle=OuterRef("pk"), status=GroupOrder.Status.PLACED).order_by()
          .values("cycle").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(qs, output_field=IntegerField()), 0)


def own_cycles(*, actor) -> QuerySet[OrderCycle]:
    """Group-order cycles of the supplier's catalogue: unions ordering, units ordered and allocated, the amount."""
    return (OrderCycle.objects.filter(own_supplier_q(actor, "supplier")).select_related("supplier", "org")
            .annotate(n_unions=_union_count(), ordered=_line_sum("quantity"), units=_line_sum(UNITS),
                      amount=_line_sum(F("unit_price") * UNITS), charged=_charged_sum()))


def own_statements(*, actor) -> QuerySet[OrderCycle]:
    """Settlement statements: the cycles whose quantities are final (confirmed, printed or settled)."""
    return own_cycles(actor=actor).filter(status__in=FINAL)


def own_cycle_for(*, actor, cycle_id: int) -> OrderCycle:
    cycle = OrderCycle.objects.filter(own_supplier_q(actor, "supplier"), pk=cycle_id).select_related("supplier", "org").first()
    if cycle is None:
        raise NotFound("未找到该团购周期，或它不属于您的供应商。")
    return cycle


def _cycle_lines(cycle: OrderCycle) -> QuerySet[GroupOrderLine]:
    return GroupOrderLine.objects.filter(order__cycle=cycle, order__status=GroupOrder.Status.PLACED)


def purchase_order_rows(*, cycle: OrderCycle) -> list[dict]:
    """The purchase order addressed to the supplier: units and amount per product over every ordering union."""
    rows = (_cycle_lines(cycle).values("item__product__title", "item__product__unit", "item__product__specification",
                                       "unit_price")
            .annotate(units=Sum(UNITS)).order_by("item__product__title"))
    return [{**r, "amount": r["unit_price"] * r["units"]} for r in rows]


def delivery_rows(*, cycle: OrderCycle) -> list[dict]:
    """Where to deliver: per delivery point and union, units per product (no member names: the pick list of each
    member stays with the unions)."""
    return list(_cycle_lines(cycle)
                .values("order__org__name", "order__delivery_point", "item__product__title", "item__product__unit")
                .annotate(units=Sum(UNITS), members=Count("member", distinct=True))
                .order_by("order__delivery_point", "order__org__name", "item__product__title"))


def has_final_quantities(cycle: OrderCycle) -> bool:
    return cycle.status in FINAL



def for_export(qs: QuerySet, limit: int = 20000) -> QuerySet:
    """Rows of an Excel export: newest first, capped."""
    return qs.order_by("-id")[:limit]
