"""Union group orders (工会团购): order cycles, the two ways to order, minimums, shortfall allocation, printing
(locks the cycle), charging and four-eyes settlement. Every yuan traces member line → union order → supplier."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from niangjia.core import audit, notifications, scoping, selectors
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.four_eyes import require_other_hands
from niangjia.core.models import Member
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.market import rules, rules_group, services_welfare
from niangjia.market.models import (
    CycleItem,
    GroupOrder,
    GroupOrderLine,
    Occasion,
    OrderCycle,
    Product,
    Supplier,
)

MAX_ITEMS = 50
MAX_MEMBERS = 5000


def _cycle_for_update(actor, cycle_id: int) -> OrderCycle:
    cycle = OrderCycle.objects.select_for_update().filter(pk=cycle_id).first()
    if cycle is None or not scoping.covers(actor, cycle.org):
        raise NotFound("未找到该团购周期，或您无权操作。")
    return cycle


def _yuan(value, label: str) -> Decimal:
    try:
        amount = parse_yuan(value, label)
    except MoneyError as exc:
        raise Invalid(str(exc), code="market.amount") from None
    if amount <= 0:
        raise Invalid(f"{label}必须大于 0。", code="market.amount")
    return amount


@transaction.atomic
def create_cycle(*, actor, supplier_id: int, title: str, opens_at: dt.datetime, closes_at: dt.datetime,
                 delivery_on: dt.date, min_quantity: int, shortfall_rule: str,
                 items: list[tuple[int, object, int]]) -> OrderCycle:
    """Open a supplier's catalogue (items: product id, price, units available) to the unions under its union."""
    supplier = Supplier.objects.select_related("org").filter(pk=supplier_id).first()
    if supplier is None or not scoping.covers(actor, supplier.org):
        raise NotFound("未找到该供应商，或您无权操作。")
    title = (title or "").strip()
    if not title:
        raise Invalid("请填写团购周期名称。", code="market.title")
    if closes_at <= opens_at or closes_at <= timezone.now():
        raise Invalid("截止时间必须晚于开始时间和现在。", code="market.period")
    if delivery_on < closes_at.date():
        raise Invalid("配送日期不能早于截止日期。", code="market.period")
    if rules.certificate_expired(supplier.certificate_expires, closes_at.date()):
        raise Invalid("供应商的认定证书在周期结束前到期，不能上新；请先更新证书。", code="market.certificate_expired")
    if shortfall_rule not in OrderCycle.Shortfall.values:
        raise Invalid("请选择缺货时的分配规则（按比例或先到先得）。", code="market.shortfall_rule")
    if not 0 <= min_quantity <= 1_000_000:
        raise Invalid("最低起订量应在 0 到 1000000 之间。", code="market.minimum")
    if not 1 <= len(items) <= MAX_ITEMS:
        raise Invalid(f"一个周期应有 1 到 {MAX_ITEMS} 个商品。", code="market.items")
    products = {p.pk: p for p in Product.objects.filter(supplier=supplier, status=Product.Status.ON_SALE,
                                                         pk__in=[i[0] for i in items])}
    cycle = OrderCycle.objects.create(supplier=supplier, org=supplier.org, title=title[:120], opens_at=opens_at,
                                      closes_at=closes_at, delivery_on=delivery_on, min_quantity=min_quantity,
                                      shortfall_rule=shortfall_rule, created_by=actor)
    seen = set()
    for product_id, price, available in items:
        if product_id not in products or product_id in seen:
            raise Invalid("商品不属于该供应商、未上架或重复。", code="market.items")
        seen.add(product_id)
        if not 0 <= int(available) <= 1_000_000:
            raise Invalid("可供数量应在 0 到 1000000 之间。", code="market.items")
        CycleItem.objects.create(cycle=cycle, product=products[product_id], price=_yuan(price, "团购价"),
                                 available=int(available))
    audit.record(actor, "market.cycle_create", cycle, org=cycle.org,
                 summary={"supplier": supplier.name, "items": len(items), "min": min_quantity})
    return cycle


def _ordering_union(actor, cycle: OrderCycle, org_id: int):
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    if not org.path.startswith(cycle.org.path):
        raise NotFound("该工会不在本团购周期的范围内。")
    return org


def _open_cycle(cycle_id: int) -> OrderCycle:
    cycle = OrderCycle.objects.select_for_update().select_related("org", "supplier").filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound("未找到该团购周期。")
    now = timezone.now()
    if cycle.status != OrderCycle.Status.OPEN or not cycle.opens_at <= now < cycle.closes_at:
        raise Conflict("该团购周期现在不接受下单（未开始、已截止或已锁定）。", code="market.cycle_closed")
    return cycle


@transaction.atomic
def create_group_order(*, actor, cycle_id: int, org_id: int, mode: str, occasion: str, delivery_point: str,
                       budget_per_person=None, member_ids: list[int] | None = None,
                       quantities: dict[int, int] | None = None) -> GroupOrder:
    """A union orders for its members. `list`: `quantities` (item id → units per member) for each member in
    `member_ids`, placed at once (welfare rules checked). `budget`: members choose within `budget_per_person`
    until staff place the order."""
    cycle = _open_cycle(cycle_id)
    org = _ordering_union(actor, cycle, org_id)
    if mode not in GroupOrder.Mode.values:
        raise Invalid("请选择团购方式。", code="market.mode")
    if occasion not in Occasion.values:
        raise Invalid("请选择慰问的节日或事由。", code="market.occasion")
    delivery_point = (delivery_point or "").strip()
    if not delivery_point:
        raise Invalid("请填写配送点。", code="market.delivery_point")
    if GroupOrder.objects.filter(cycle=cycle, org=org).exclude(status=GroupOrder.Status.CANCELLED).exists():
        raise Conflict("本工会在该周期已有团购单。", code="market.group_order_exists")
    budget = _yuan(budget_per_person, "每人预算") if mode == GroupOrder.Mode.BUDGET else None
    order = GroupOrder.objects.create(
        cycle=cycle, org=org, mode=mode, occasion=occasion, budget_per_person=budget,
        delivery_point=delivery_point[:120], created_by=actor,
        status=GroupOrder.Status.COLLECTING if mode == GroupOrder.Mode.BUDGET else GroupOrder.Status.PLACED)
    if mode == GroupOrder.Mode.LIST:
        quantities = {int(k): int(v) for k, v in (quantities or {}).items() if int(v)}
        if not quantities or any(v < 0 or v > 1000 for v in quantities.values()):
            raise Invalid("请为每人填写 1 到 1000 件的数量。", code="market.quantity")
        items = {i.pk: i for i in CycleItem.objects.filter(cycle=cycle, pk__in=list(quantities))}
        if set(items) != set(quantities):
            raise Invalid("所选商品不在本周期内。", code="market.items")
        members = list(Member.objects.filter(pk__in=member_ids or [], status=Member.Status.ACTIVE,
                                             org__path__startswith=org.path))
        if not members or len(members) != len(set(member_ids or [])) or len(members) > MAX_MEMBERS:
            raise Invalid("名单中有不属于本工会的会员或非在册会员，或名单为空。", code="market.members")
        GroupOrderLine.objects.bulk_create(
            GroupOrderLine(order=order, member=m, item=items[item_id], quantity=q, unit_price=items[item_id].price)
            for m in members for item_id, q in quantities.items())
        _place(actor, order)
    audit.record(actor, "market.group_order_create", order, org=org,
                 summary={"cycle": cycle.pk, "mode": mode, "occasion": occasion})
    return order


def _place(actor, order: GroupOrder) -> None:
    lines = list(order.lines.all())
    if not lines:
        raise Invalid("团购单还没有任何商品。", code="market.empty")
    total = sum((ln.unit_price * ln.quantity for ln in lines), Decimal(0))
    verdict = services_welfare.check_group_order(order, lines)
    order.status = GroupOrder.Status.PLACED
    order.placed_at = timezone.now()
    order.total_amount = total
    order.rule_version = verdict.version
    order.flags = verdict.flags
    order.save(update_fields=["status", "placed_at", "total_amount", "rule_version", "flags"])


@transaction.atomic
def choose_items(*, actor, order_id: int, quantities: dict[int, int]) -> list[GroupOrderLine]:
    """A member picks goods within the per-person budget (replaces the member's earlier choice)."""
    order = GroupOrder.objects.select_related("org").filter(pk=order_id).first()
    membership = selectors.active_membership_of(actor)
    if order is None or membership is None or not membership.org.path.startswith(order.org.path):
        raise NotFound("未找到该团购，或您不在该工会。")
    _open_cycle(order.cycle_id)
    order = GroupOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != GroupOrder.Status.COLLECTING:
        raise Conflict("工会已提交该团购单，不能再修改。", code="market.group_order_placed")
    quantities = {int(k): int(v) for k, v in quantities.items() if int(v)}
    if any(v < 0 or v > 100 for v in quantities.values()):
        raise Invalid("每件商品数量应在 0 到 100 之间。", code="market.quantity")
    items = {i.pk: i for i in CycleItem.objects.filter(cycle_id=order.cycle_id, pk__in=list(quantities))}
    if set(items) != set(quantities):
        raise Invalid("所选商品不在本周期内。", code="market.items")
    amount = sum((items[k].price * q for k, q in quantities.items()), Decimal(0))
    if not rules_group.within_budget(amount, order.budget_per_person):
        raise Invalid(f"所选商品合计 {amount:.2f} 元，超过每人预算 {order.budget_per_person:.2f} 元。",
                      code="market.over_budget", details={"amount": f"{amount:.2f}"})
    GroupOrderLine.objects.filter(order=order, member=membership).delete()
    lines = GroupOrderLine.objects.bulk_create(
        GroupOrderLine(order=order, member=membership, item=items[k], quantity=q, unit_price=items[k].price)
        for k, q in quantities.items())
    audit.record(actor, "market.group_choice", order, org=order.org, summary={"amount": f"{amount:.2f}"})
    return lines


@transaction.atomic
def place_group_order(*, actor, order_id: int) -> GroupOrder:
    """Staff submit a budget-mode order once members have chosen (welfare rules checked now)."""
    order = GroupOrder.objects.select_for_update().select_related("org").filter(pk=order_id).first()
    if order is None or not scoping.covers(actor, order.org):
        raise NotFound("未找到该团购单，或您无权操作。")
    _open_cycle(order.cycle_id)
    if order.status != GroupOrder.Status.COLLECTING:
        raise Conflict("该团购单已提交或已取消。", code="market.group_order_placed")
    _place(actor, order)
    audit.record(actor, "market.group_order_place", order, org=order.org,
                 summary={"total": f"{order.total_amount:.2f}", "flags": len(order.flags)})
    return order


@transaction.atomic
def cancel_group_order(*, actor, order_id: int) -> GroupOrder:
    order = GroupOrder.objects.select_for_update().select_related("org").filter(pk=order_id).first()
    if order is None or not scoping.covers(actor, order.org):
        raise NotFound("未找到该团购单，或您无权操作。")
    _open_cycle(order.cycle_id)
    if order.status == GroupOrder.Status.CANCELLED:
        raise Conflict("该团购单已取消。", code="market.group_order_cancelled")
    order.status = GroupOrder.Status.CANCELLED
    order.save(update_fields=["status"])
    audit.record(actor, "market.group_order_cancel", order, org=order.org)
    return order


def _placed_lines(cycle: OrderCycle) -> list[GroupOrderLine]:
    return list(GroupOrderLine.objects.filter(order__cycle=cycle, order__status=GroupOrder.Status.PLACED)
                .select_related("order", "item").order_by("order__placed_at", "order_id", "id"))


def allocation_preview(cycle: OrderCycle) -> dict:
    """What each line would get under the cycle's shortfall rule (shown before confirmation)."""
    lines = _placed_lines(cycle)
    by_item: dict[int, list] = defaultdict(list)
    for ln in lines:
        by_item[ln.item_id].append(ln)
    items = {i.pk: i for i in cycle.items.select_related("product")}
    result, rows = {}, []
    for item_id, item in items.items():
        ls = by_item.get(item_id, [])
        got = rules_group.allocate([(ln.pk, ln.quantity) for ln in ls], item.available, cycle.shortfall_rule)
        result.update(got)
        asked = sum(ln.quantity for ln in ls)
        rows.append({"item": item, "asked": asked, "available": item.available,
                     "allocated": sum(got.values()), "short": max(0, asked - item.available)})
    units = sum(ln.quantity for ln in lines)
    return {"lines": result, "items": rows, "units": units,
            "below_minimum": rules_group.below_minimum(units, cycle.min_quantity)}


def _tell_unions(cycle: OrderCycle, title: str, body: str) -> None:
    link = reverse("market:cycle", args=[cycle.pk])
    for order in cycle.group_orders.exclude(status=GroupOrder.Status.CANCELLED).select_related("created_by"):
        notifications.notify(order.created_by, "market.cycle", title, body, link=link)


@transaction.atomic
def close_cycle(*, actor, cycle_id: int, extend_to: dt.datetime | None = None, cancel: bool = False) -> OrderCycle:
    """Below the minimum the cycle is extended (`extend_to`) or cancelled, with messages to the unions; at or
    above it, shortfalls are allocated by the stated rule and the cycle is confirmed."""
    cycle = _cycle_for_update(actor, cycle_id)
    if cycle.status != OrderCycle.Status.OPEN:
        raise Conflict("该团购周期已确认、锁定或取消。", code="market.cycle_not_open")
    preview = allocation_preview(cycle)
    if preview["below_minimum"] or cancel:
        if extend_to is not None and not cancel:
            if extend_to <= max(timezone.now(), cycle.closes_at):
                raise Invalid("延长后的截止时间必须晚于现在和原截止时间。", code="market.period")
            cycle.closes_at = extend_to
            cycle.save(update_fields=["closes_at"])
            _tell_unions(cycle, f"团购周期「{cycle.title}」已延长",
                         f"订购总量 {preview['units']} 件，未达最低 {cycle.min_quantity} 件，截止时间延长至 "
                         f"{timezone.localtime(extend_to):%Y-%m-%d %H:%M}。")
            audit.record(actor, "market.cycle_extend", cycle, org=cycle.org, summary={"units": preview["units"]})
            return cycle
        if extend_to is None and not cancel:
            raise Conflict(f"订购总量 {preview['units']} 件，未达最低起订量 {cycle.min_quantity} 件：请延长或取消。",
                           code="market.below_minimum")
        cycle.status = OrderCycle.Status.CANCELLED
        cycle.save(update_fields=["status"])
        _tell_unions(cycle, f"团购周期「{cycle.title}」已取消",
                     f"订购总量 {preview['units']} 件，未达最低 {cycle.min_quantity} 件，本周期取消，不会扣款。")
        cycle.group_orders.exclude(status=GroupOrder.Status.CANCELLED).update(status=GroupOrder.Status.CANCELLED)
        audit.record(actor, "market.cycle_cancel", cycle, org=cycle.org, summary={"units": preview["units"]})
        return cycle
    allocated = preview["lines"]
    lines = _placed_lines(cycle)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for ln in lines:
        ln.allocated = allocated[ln.pk]
        totals[ln.order_id] += ln.unit_price * ln.allocated
    GroupOrderLine.objects.bulk_update(lines, ["allocated"])
    for order_id, total in totals.items():
        GroupOrder.objects.filter(pk=order_id).update(total_amount=total)
    # Members never placed by staff before the close: their choices are not ordered.
    cycle.group_orders.filter(status=GroupOrder.Status.COLLECTING).update(status=GroupOrder.Status.CANCELLED)
    cycle.status = OrderCycle.Status.CONFIRMED
    cycle.confirmed_by = actor
    cycle.save(update_fields=["status", "confirmed_by"])
    short = sum(r["short"] for r in preview["items"])
    _tell_unions(cycle, f"团购周期「{cycle.title}」已确认",
                 "订单已确认" + (f"，供应商缺货 {short} 件，已按{cycle.get_shortfall_rule_display()}分配。" if short else "。"))
    audit.record(actor, "market.cycle_confirm", cycle, org=cycle.org, summary={"units": preview["units"], "short": short})
    return cycle


@transaction.atomic
def mark_printed(*, actor, cycle_id: int, document: str) -> OrderCycle:
    """Printing the purchase order, delivery lists or pick lists locks the cycle (issue 15)."""
    cycle = OrderCycle.objects.select_for_update().select_related("org").filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound("未找到该团购周期，或您无权操作。")
    if cycle.status not in (OrderCycle.Status.CONFIRMED, OrderCycle.Status.LOCKED, OrderCycle.Status.SETTLED):
        raise Conflict("周期确认后才能打印采购单、配送单和分拣单。", code="market.cycle_not_confirmed")
    # Only the union running the cycle locks it; a union below prints its own lists (scoped by the selector).
    if cycle.status == OrderCycle.Status.CONFIRMED and scoping.covers(actor, cycle.org):
        cycle.status = OrderCycle.Status.LOCKED
        cycle.locked_at = timezone.now()
        cycle.save(update_fields=["status", "locked_at"])
    audit.record(actor, "market.cycle_print", cycle, org=cycle.org, summary={"document": document})
    return cycle


@transaction.atomic
def charge_group_order(*, actor, order_id: int) -> GroupOrder:
    """The union's funds are charged the order's total once the cycle is locked (amount fixed)."""
    order = GroupOrder.objects.select_for_update().select_related("org", "cycle").filter(pk=order_id).first()
    if order is None or not scoping.covers(actor, order.org):
        raise NotFound("未找到该团购单，或您无权操作。")
    if order.status != GroupOrder.Status.PLACED or order.cycle.status != OrderCycle.Status.LOCKED:
        raise Conflict("周期打印锁定后才能记账扣款。", code="market.not_chargeable")
    if order.charged_at is not None:
        raise Conflict("该团购单已扣款。", code="market.already_charged")
    order.charged_by, order.charged_at, order.charged_amount = actor, timezone.now(), order.total_amount
    order.save(update_fields=["charged_by", "charged_at", "charged_amount"])
    audit.record(actor, "market.group_order_charge", order, org=order.org,
                 summary={"amount": f"{order.total_amount:.2f}"})
    return order


def money_trail(cycle: OrderCycle) -> dict:
    """Member lines → union orders → supplier: the three sums, which must agree to the fen."""
    orders = list(cycle.group_orders.filter(status=GroupOrder.Status.PLACED))
    lines = GroupOrderLine.objects.filter(order__in=orders)
    member_sum = sum((ln.unit_price * ln.units for ln in lines), Decimal(0))
    union_sum = sum((o.total_amount for o in orders), Decimal(0))
    charged = sum((o.charged_amount or Decimal(0) for o in orders), Decimal(0))
    return {"members": member_sum, "unions": union_sum, "charged": charged,
            "uncharged": [o for o in orders if o.charged_at is None], "agree": member_sum == union_sum}


@transaction.atomic
def settle_cycle(*, actor, cycle_id: int) -> OrderCycle:
    """Pay the supplier: only a locked cycle whose every union order is charged (no settling without
    charging), the three sums agree, and by someone other than who confirmed it (four eyes)."""
    cycle = _cycle_for_update(actor, cycle_id)
    if cycle.status != OrderCycle.Status.LOCKED:
        raise Conflict("只有已打印锁定的周期才能结算。", code="market.cycle_not_locked")
    require_other_hands(actor, prepared_by=cycle.confirmed_by_id, what="该团购周期", step="结算")
    trail = money_trail(cycle)
    if trail["uncharged"]:
        raise Conflict(f"还有 {len(trail['uncharged'])} 个工会团购单未扣款，不能结算。", code="market.uncharged")
    if not (trail["members"] == trail["unions"] == trail["charged"]):
        raise Conflict("会员明细、工会订单与扣款金额不一致，不能结算。", code="market.trail_mismatch")
    cycle.status, cycle.settled_by = OrderCycle.Status.SETTLED, actor
    cycle.settled_at, cycle.settled_amount = timezone.now(), trail["unions"]
    cycle.save(update_fields=["status", "settled_by", "settled_at", "settled_amount"])
    audit.record(actor, "market.cycle_settle", cycle, org=cycle.org, summary={"amount": f"{trail['unions']:.2f}"})
    return cycle
