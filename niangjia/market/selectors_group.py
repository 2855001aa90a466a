"""Reads of group orders. A cycle is visible to staff whose scope covers the union running it, and to staff of
the unions below it (they order in it); a union's orders and lists only to staff covering that union."""

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from niangjia.core import scoping, selectors
from niangjia.core.errors import NotFound
from niangjia.market.models import GroupOrder, GroupOrderLine, OrderCycle, Product, Supplier


def _cycle_q(actor) -> Q:
    q = scoping.scope_q(actor, org_field="org")
    paths = {p for org in scoping.top_orgs(actor) for p in org.ancestor_paths()}
    return q | Q(org__path__in=paths)


def cycles_visible(*, actor) -> QuerySet[OrderCycle]:
    return (OrderCycle.objects.filter(_cycle_q(actor)).select_related("supplier", "org")
            .annotate(n_orders=Count("group_orders", filter=~Q(group_orders__status="cancelled"), distinct=True)))


def cycle_for(*, actor, cycle_id: int) -> OrderCycle:
    cycle = OrderCycle.objects.filter(_cycle_q(actor)).select_related("supplier", "org").filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound("未找到该团购周期，或您无权查看。")
    cycle.runs = scoping.covers(actor, cycle.org)
    return cycle


def group_orders_in(*, actor, cycle: OrderCycle) -> list[GroupOrder]:
    return list(GroupOrder.objects.filter(scoping.scope_q(actor, org_field="org"), cycle=cycle)
                .select_related("org").annotate(n_members=Count("lines__member", distinct=True))
                .order_by("org__name"))


def unions_for_ordering(*, actor, cycle: OrderCycle):
    return scoping.orgs_visible_to(actor).filter(path__startswith=cycle.org.path).order_by("path")[:500]


def suppliers_for_cycles(*, actor) -> QuerySet[Supplier]:
    return Supplier.objects.filter(scoping.scope_q(actor, org_field="org")).order_by("name")


def products_of(*, actor, supplier_id: int) -> list[Product]:
    return list(Product.objects.filter(scoping.scope_q(actor, org_field="supplier__org"), supplier_id=supplier_id,
                                       status=Product.Status.ON_SALE))


def lines_in_scope(*, actor, cycle: OrderCycle) -> QuerySet[GroupOrderLine]:
    return (GroupOrderLine.objects.filter(scoping.scope_q(actor, org_field="order__org"), order__cycle=cycle,
                                          order__status=GroupOrder.Status.PLACED)
            .select_related("order__org", "member", "item__product"))


def purchase_order_rows(*, actor, cycle: OrderCycle) -> list[dict]:
    """One purchase order per supplier (a cycle has one supplier): units and amount per product."""
    rows = (lines_in_scope(actor=actor, cycle=cycle).values("item__product__title", "item__product__unit",
                                                             "item__product__specification", "unit_price")
            .annotate(units=Sum(Coalesce("allocated", "quantity"))).order_by("item__product__title"))
    return [{**r, "amount": r["unit_price"] * r["units"]} for r in rows]


def delivery_rows(*, actor, cycle: OrderCycle) -> list[dict]:
    """Per union and delivery point: units per product."""
    return list(lines_in_scope(actor=actor, cycle=cycle)
                .values("order__org__name", "order__delivery_point", "item__product__title", "item__product__unit")
                .annotate(units=Sum(Coalesce("allocated", "quantity")), members=Count("member", distinct=True))
                .order_by("order__delivery_point", "order__org__name", "item__product__title"))


def pick_rows(*, actor, cycle: OrderCycle) -> list[GroupOrderLine]:
    """Per member: what to put in the member's bag, grouped by delivery point and union."""
    return list(lines_in_scope(actor=actor, cycle=cycle)
                .order_by("order__delivery_point", "order__org__name", "member__member_no", "item_id"))


def open_orders_for_member(*, user) -> list[GroupOrder]:
    """Budget-mode orders of the member's union (or above) still collecting choices."""
    membership = selectors.active_membership_of(user)
    if membership is None:
        return []
    return list(GroupOrder.objects.filter(status=GroupOrder.Status.COLLECTING,
                                          org__path__in=membership.org.ancestor_paths())
                .select_related("cycle", "cycle__supplier"))


def member_order(*, user, order_id: int):
    membership = selectors.active_membership_of(user)
    order = (GroupOrder.objects.select_related("cycle", "cycle__supplier", "org").filter(pk=order_id).first()
             if membership else None)
    if order is None or not membership.org.path.startswith(order.org.path):
        raise NotFound("未找到该团购，或您不在该工会。")
    items = list(order.cycle.items.select_related("product"))
    chosen = dict(GroupOrderLine.objects.filter(order=order, member=membership).values_list("item_id", "quantity"))
    for item in items:
        item.chosen = chosen.get(item.pk, 0)
    return order, items


def member_ids_for_order(*, actor, org_id: int, member_numbers: list[str]) -> list[int]:
    """The member list of a `list`-mode order: the given member numbers, or every active member of the union.
    A number not found among the union's active members is kept as -1 so the service refuses the list."""
    from niangjia.core.models import Member

    org = scoping.orgs_visible_to(actor).filter(pk=org_id).first()
    if org is None:
        return []
    qs = Member.objects.filter(org__path__startswith=org.path, status=Member.Status.ACTIVE)
    if not member_numbers:
        return list(qs.values_list("pk", flat=True)[:5001])
    found = dict(qs.filter(member_no__in=member_numbers).values_list("member_no", "pk"))
    return [found.get(n, -1) for n in dict.fromkeys(member_numbers)]


def cycle_items(*, cycle: OrderCycle) -> list:
    return list(cycle.items.select_related("product"))
