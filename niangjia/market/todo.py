"""The market's entries in the to-do centre: order cycles past their close awaiting confirmation, union orders in a
printed cycle awaiting the charge to union funds, printed cycles awaiting settlement (approvers), and budget-mode
union orders whose members are choosing (to place before the close)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from niangjia.core import scoping, todo
from niangjia.market.models import GroupOrder, OrderCycle


def _cycle_item(kind: str, label: str):
    def to_item(c: OrderCycle) -> todo.Item:
        return todo.Item(kind=kind, who=c.supplier.name, title=f"{c.title}（{label}）", created=c.closes_at,
                         deadline=c.delivery_on, url=reverse("market:cycle", args=[c.pk]), org_name=c.org.name)
    return to_item


def _order_item(kind: str, label: str):
    def to_item(o: GroupOrder) -> todo.Item:
        return todo.Item(kind=kind, who=o.org.name, title=f"{o.cycle.title}（{label}）", created=o.placed_at or o.created_at,
                         deadline=timezone.localtime(o.cycle.closes_at).date(), amount=o.total_amount or None,
                         url=reverse("market:cycle", args=[o.cycle_id]), org_name=o.org.name)
    return to_item


def _cycles(actor, **flt):
    return (OrderCycle.objects.filter(scoping.scope_q(actor, org_field="org"), **flt)
            .select_related("supplier", "org"))


def _orders(actor, **flt):
    return GroupOrder.objects.filter(scoping.scope_q(actor, org_field="org"), **flt).select_related("cycle", "org")


def to_close(actor, limit: int):
    qs = _cycles(actor, status=OrderCycle.Status.OPEN, closes_at__lte=timezone.now()).order_by("closes_at", "id")
    return todo.count_and_take(qs, limit, _cycle_item("market.cycle_close", "已截止，待确认、延长或取消"))


def to_charge(actor, limit: int):
    qs = _orders(actor, status=GroupOrder.Status.PLACED, cycle__status=OrderCycle.Status.LOCKED,
                 charged_at__isnull=True).order_by("cycle__delivery_on", "id")
    return todo.count_and_take(qs, limit, _order_item("market.group_charge", "待工会经费扣款"))


def to_settle(actor, limit: int):
    uncharged = GroupOrder.objects.filter(cycle=OuterRef("pk"), status=GroupOrder.Status.PLACED, charged_at__isnull=True)
    qs = (_cycles(actor, status=OrderCycle.Status.LOCKED).filter(~Exists(uncharged))
          .exclude(confirmed_by=actor).order_by("delivery_on", "id"))
    return todo.count_and_take(qs, limit, _cycle_item("market.cycle_settle", "各工会已扣款，待与供应商结算"))


def collecting(actor, limit: int):
    qs = _orders(actor, status=GroupOrder.Status.COLLECTING, cycle__status=OrderCycle.Status.OPEN).order_by(
        "cycle__closes_at", "id")
    return todo.count_and_take(qs, limit, _order_item("market.group_collecting", "会员自选中，截止前提交"))


def register() -> None:
    module = "消费扶贫"
    todo.register(todo.Provider(kind="market.cycle_close", label="团购周期待确认", module=module, fetch=to_close,
                                list_url_name="market:cycles", order=80))
    todo.register(todo.Provider(kind="market.group_collecting", label="工会团购待提交", module=module,
                                fetch=collecting, list_url_name="market:cycles", order=81))
    todo.register(todo.Provider(kind="market.group_charge", label="工会团购待扣款", module=module, fetch=to_charge,
                                list_url_name="market:cycles", order=82))
    todo.register(todo.Provider(kind="market.cycle_settle", label="团购周期待结算", module=module, fetch=to_settle,
                                roles=scoping.APPROVER_ROLES, list_url_name="market:cycles", order=83))
