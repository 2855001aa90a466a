"""Union group orders: cycles, both ways to order, minimums, shortfall, printing locks, money trail, four eyes."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import Message
from niangjia.market import services_group as sg
from niangjia.market.models import CycleItem, GroupOrder, OrderCycle, Product


@pytest.fixture
def city_staff(make_user, tree):
    return make_user(roles=[(tree.city, "staff")], name="市总团购专员")


@pytest.fixture
def cycle_factory(city_staff, supplier, product):
    def _make(available=100, min_quantity=0, rule="pro_rata", extra_products=0):
        now = timezone.now()
        items = [(product.pk, "50.00", available)]
        for n in range(extra_products):
            p = Product.objects.create(supplier=supplier, title=f"商洛香菇 {n}", unit="袋", origin_county="山阳县",
                                       price=D("30.00"), stock=500, status="on_sale")
            items.append((p.pk, "30.00", 500))
        return sg.create_cycle(actor=city_staff, supplier_id=supplier.pk, title="2026 中秋团购", opens_at=now - dt.timedelta(hours=1),
                               closes_at=now + dt.timedelta(days=3), delivery_on=(now + dt.timedelta(days=5)).date(),
                               min_quantity=min_quantity, shortfall_rule=rule, items=items)
    return _make


def _list_order(actor, cycle, org, members, qty=1, occasion="mid_autumn"):
    item = cycle.items.first()
    return sg.create_group_order(actor=actor, cycle_id=cycle.pk, org_id=org.pk, mode="list", occasion=occasion,
                                 delivery_point=f"{org.name}门卫室", member_ids=[m.pk for m in members],
                                 quantities={item.pk: qty})


def test_list_order_confirm_print_lock_charge_settle(cycle_factory, city_staff, make_user, make_member, tree):
    cycle = cycle_factory(available=100)
    a_staff = make_user(roles=[(tree.union_a, "staff")])
    members = [make_member(tree.union_a, name=f"会员{i}") for i in range(3)]
    order = _list_order(a_staff, cycle, tree.union_a, members, qty=2)
    assert order.status == "placed" and order.total_amount == D("300.00")  # 3 members x 2 x 50.00
    assert "浙江" in order.rule_version  # Hangzhou: the Zhejiang row of §13
    sg.close_cycle(actor=city_staff, cycle_id=cycle.pk)
    cycle.refresh_from_db()
    assert cycle.status == "confirmed"
    sg.mark_printed(actor=city_staff, cycle_id=cycle.pk, document="pick.xlsx")
    cycle.refresh_from_db()
    assert cycle.status == "locked"
    with pytest.raises(Conflict):  # locked: nobody orders or cancels any more
        _list_order(make_user(roles=[(tree.union_a2, "staff")]), cycle, tree.union_a2, [make_member(tree.union_a2)])
    with pytest.raises(Conflict):
        sg.settle_cycle(actor=make_user(roles=[(tree.city, "approver")]), cycle_id=cycle.pk)  # not charged yet
    sg.charge_group_order(actor=a_staff, order_id=order.pk)
    with pytest.raises(Forbidden):  # four eyes: who confirmed may not settle
        sg.settle_cycle(actor=city_staff, cycle_id=cycle.pk)
    trail = sg.money_trail(cycle)
    assert trail["members"] == trail["unions"] == trail["charged"] == D("300.00")
    sg.settle_cycle(actor=make_user(roles=[(tree.city, "approver")]), cycle_id=cycle.pk)
    cycle.refresh_from_db()
    assert (cycle.status, cycle.settled_amount) == ("settled", D("300.00"))


def test_budget_mode_members_choose_within_budget(cycle_factory, make_user, make_member, tree):
    cycle = cycle_factory(extra_products=1)
    staff = make_user(roles=[(tree.union_a, "staff")])
    m1, m2 = make_member(tree.union_a, name="甲"), make_member(tree.union_a, name="乙")
    order = sg.create_group_order(actor=staff, cycle_id=cycle.pk, org_id=tree.union_a.pk, mode="budget",
                                  occasion="mid_autumn", delivery_point="一楼", budget_per_person="100")
    walnut, mushroom = list(cycle.items.order_by("id"))
    sg.choose_items(actor=m1.user, order_id=order.pk, quantities={walnut.pk: 1, mushroom.pk: 1})  # 80.00
    with pytest.raises(Invalid) as exc:
        sg.choose_items(actor=m2.user, order_id=order.pk, quantities={walnut.pk: 2, mushroom.pk: 1})  # 130.00
    assert exc.value.code == "market.over_budget" and "100.00" in exc.value.message
    sg.choose_items(actor=m2.user, order_id=order.pk, quantities={mushroom.pk: 3})  # 90.00
    outsider = make_member(tree.union_b)
    with pytest.raises(NotFound):
        sg.choose_items(actor=outsider.user, order_id=order.pk, quantities={mushroom.pk: 1})
    order = sg.place_group_order(actor=staff, order_id=order.pk)
    assert order.total_amount == D("170.00")
    with pytest.raises(Conflict):
        sg.choose_items(actor=m1.user, order_id=order.pk, quantities={mushroom.pk: 1})


def test_below_minimum_extend_or_cancel_with_messages(cycle_factory, city_staff, make_user, make_member, tree):
    cycle = cycle_factory(min_quantity=10)
    staff = make_user(roles=[(tree.union_a, "staff")])
    order = _list_order(staff, cycle, tree.union_a, [make_member(tree.union_a)], qty=2)
    with pytest.raises(Conflict) as exc:
        sg.close_cycle(actor=city_staff, cycle_id=cycle.pk)
    assert exc.value.code == "market.below_minimum"
    later = timezone.now() + dt.timedelta(days=7)
    sg.close_cycle(actor=city_staff, cycle_id=cycle.pk, extend_to=later)
    cycle.refresh_from_db()
    assert cycle.status == "open" and cycle.closes_at == later
    assert Message.objects.filter(recipient=staff, title__contains="延长").exists()
    sg.close_cycle(actor=city_staff, cycle_id=cycle.pk, cancel=True)
    cycle.refresh_from_db()
    order.refresh_from_db()
    assert (cycle.status, order.status) == ("cancelled", "cancelled")
    assert Message.objects.filter(recipient=staff, title__contains="取消").exists()


@pytest.mark.parametrize(("rule", "expected"), [("pro_rata", {"a": 6, "a2": 4}), ("first_come", {"a": 9, "a2": 1})])
def test_shortfall_rule(rule, expected, cycle_factory, city_staff, make_user, make_member, tree):
    cycle = cycle_factory(available=10, rule=rule)
    sa, sa2 = make_user(roles=[(tree.union_a, "staff")]), make_user(roles=[(tree.union_a2, "staff")])
    oa = _list_order(sa, cycle, tree.union_a, [make_member(tree.union_a) for _ in range(3)], qty=3)  # 9, first
    oa2 = _list_order(sa2, cycle, tree.union_a2, [make_member(tree.union_a2) for _ in range(2)], qty=3)  # 6
    preview = sg.allocation_preview(cycle)
    assert preview["items"][0]["short"] == 5
    sg.close_cycle(actor=city_staff, cycle_id=cycle.pk)
    # pro rata 10 of 15: 3 x 2 = 6 (each 3*10/15 = 2) and 2 x 2 = 4; first come: union A's 9, then 1 for A2.
    got = {"a": sum(ln.allocated for ln in oa.lines.all()), "a2": sum(ln.allocated for ln in oa2.lines.all())}
    assert got == expected
    oa.refresh_from_db()
    oa2.refresh_from_db()
    assert oa.total_amount + oa2.total_amount == D("500.00")  # 10 units x 50.00: every yuan traced
    assert sg.money_trail(cycle)["agree"]


def test_scope_other_district_cannot_order_or_see(cycle_factory, make_user, make_member, tree):
    cycle = cycle_factory()
    b_staff = make_user(roles=[(tree.union_b, "staff")])
    with pytest.raises(NotFound):  # union A is not B's
        _list_order(b_staff, cycle, tree.union_a, [make_member(tree.union_a)])
    a_staff = make_user(roles=[(tree.union_a, "staff")])
    with pytest.raises(Invalid):  # a member of another union on A's list
        _list_order(a_staff, cycle, tree.union_a, [make_member(tree.union_b)])
    assert GroupOrder.objects.count() == 0


def test_expired_certificate_stops_new_cycle(supplier, product, city_staff):
    supplier.certificate_expires = timezone.localdate() + dt.timedelta(days=1)
    supplier.save()
    now = timezone.now()
    with pytest.raises(Invalid) as exc:
        sg.create_cycle(actor=city_staff, supplier_id=supplier.pk, title="x", opens_at=now,
                        closes_at=now + dt.timedelta(days=3), delivery_on=(now + dt.timedelta(days=4)).date(),
                        min_quantity=0, shortfall_rule="pro_rata", items=[(product.pk, "50", 10)])
    assert exc.value.code == "market.certificate_expired"
    assert OrderCycle.objects.count() == 0 and CycleItem.objects.count() == 0


def test_todo_queues_follow_the_cycle(cycle_factory, city_staff, make_user, make_member, tree):
    from niangjia.market import todo as market_todo

    cycle = cycle_factory()
    a_staff = make_user(roles=[(tree.union_a, "staff")])
    b_staff = make_user(roles=[(tree.union_b, "staff")])
    order = _list_order(a_staff, cycle, tree.union_a, [make_member(tree.union_a)])
    OrderCycle.objects.filter(pk=cycle.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    assert market_todo.to_close(city_staff, 5)[0] == 1
    assert market_todo.to_close(a_staff, 5)[0] == 0  # the city runs the cycle, not union A
    OrderCycle.objects.filter(pk=cycle.pk).update(closes_at=timezone.now() + dt.timedelta(days=1))
    sg.close_cycle(actor=city_staff, cycle_id=cycle.pk)
    sg.mark_printed(actor=city_staff, cycle_id=cycle.pk, document="po.xlsx")
    count, items = market_todo.to_charge(a_staff, 5)
    assert count == 1 and items[0].amount == D("50.00")
    assert market_todo.to_charge(b_staff, 5)[0] == 0
    approver = make_user(roles=[(tree.city, "approver")])
    assert market_todo.to_settle(approver, 5)[0] == 0  # not charged yet
    sg.charge_group_order(actor=a_staff, order_id=order.pk)
    assert market_todo.to_settle(approver, 5)[0] == 1
    assert market_todo.to_settle(city_staff, 5)[0] == 0  # who confirmed cannot settle: not their to-do
