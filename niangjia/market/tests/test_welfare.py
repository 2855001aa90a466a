"""Welfare rules applied to group orders of a Shaanxi union (cap 2,200, 30%), the gauge and the report."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.conftest import make_org
from niangjia.core.errors import Invalid
from niangjia.market import services_group as sg
from niangjia.market import services_welfare as sw
from niangjia.market.models import GroupOrder, WelfareRule, WelfareSpend


@pytest.fixture
def shaanxi(tree):
    """A Shangluo (6110) and an Ankang (6109) grassroots union under the test city (scope follows the tree)."""
    from niangjia.core.validators import uscc_check_char

    def uscc(seed):
        return seed + uscc_check_char(seed)

    return (make_org("商洛电力公司工会", "grassroots", tree.street_a, "611002", employer="商洛电力公司",
                     uscc=uscc("91611002MA2CCCCC1")),
            make_org("安康茶业公司工会", "grassroots", tree.street_a, "610902", employer="安康茶业公司",
                     uscc=uscc("91610902MA2DDDDD1")))


@pytest.fixture
def cycle(make_user, tree, supplier, product):
    staff = make_user(roles=[(tree.city, "staff")])
    now = timezone.now()
    return sg.create_cycle(actor=staff, supplier_id=supplier.pk, title="春节团购", opens_at=now - dt.timedelta(hours=1),
                           closes_at=now + dt.timedelta(days=2), delivery_on=(now + dt.timedelta(days=3)).date(),
                           min_quantity=0, shortfall_rule="pro_rata", items=[(product.pk, "550.00", 1000)])


def order(actor, cycle, org, members, qty):
    return sg.create_group_order(actor=actor, cycle_id=cycle.pk, org_id=org.pk, mode="list", occasion="spring",
                                 delivery_point="食堂", member_ids=[m.pk for m in members],
                                 quantities={cycle.items.first().pk: qty})


def test_shaanxi_cap_refuses_with_reason_and_version(shaanxi, cycle, make_user, make_member):
    shangluo, _ankang = shaanxi
    staff = make_user(roles=[(shangluo, "staff")])
    m = make_member(shangluo, name="李师傅")
    order(staff, cycle, shangluo, [m], qty=4)  # 2,200.00: exactly the cap
    sg.cancel_group_order(actor=staff, order_id=GroupOrder.objects.get().pk)
    with pytest.raises(Invalid) as exc:
        order(staff, cycle, shangluo, [m], qty=5)  # 2,750.00 > 2,200
    assert exc.value.code == "welfare.festival_cap"
    assert "2200.00" in exc.value.message and "李师傅" in exc.value.message and "陕西 2020" in exc.value.message
    assert GroupOrder.objects.exclude(status="cancelled").count() == 0


def test_cap_counts_earlier_orders_of_the_year(shaanxi, cycle, make_user, make_member, supplier, product, tree):
    shangluo, _ = shaanxi
    staff = make_user(roles=[(shangluo, "staff")])
    m = make_member(shangluo)
    order(staff, cycle, shangluo, [m], qty=3)  # 1,650.00
    now = timezone.now()
    second = sg.create_cycle(actor=make_user(roles=[(tree.city, "staff")]), supplier_id=supplier.pk, title="端午",
                             opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
                             delivery_on=(now + dt.timedelta(days=2)).date(), min_quantity=0,
                             shortfall_rule="pro_rata", items=[(product.pk, "550.01", 10)])
    with pytest.raises(Invalid):  # 1,650.00 + 550.01 = 2,200.01
        order(staff, second, shangluo, [m], qty=1)


def test_flag_rule_places_and_records(shaanxi, cycle, make_user, make_member):
    shangluo, _ = shaanxi
    WelfareRule.objects.filter(region="61").update(enforcement="flag")
    staff = make_user(roles=[(shangluo, "staff")])
    placed = order(staff, cycle, shangluo, [make_member(shangluo, name="赵")], qty=5)
    assert placed.status == "placed" and placed.flags[0]["code"] == "welfare.festival_cap"
    assert placed.flags[0]["member"] == "赵" and "陕西" in placed.rule_version


def test_no_cash_or_cards(shaanxi, make_user):
    shangluo, _ = shaanxi
    staff = make_user(roles=[(shangluo, "staff")])
    for kind in ("cash", "card"):
        with pytest.raises(Invalid) as exc:
            sw.record_spend(actor=staff, org_id=shangluo.pk, year=2026, occasion="spring", kind=kind, amount="100",
                            certified=False, supplier_name="超市")
        assert exc.value.code == "welfare.no_cash"
    assert WelfareSpend.objects.count() == 0


def test_gauge_ankang_half_share(shaanxi, cycle, make_user, make_member):
    _, ankang = shaanxi
    staff = make_user(roles=[(ankang, "staff")])
    order(staff, cycle, ankang, [make_member(ankang), make_member(ankang)], qty=1)  # 1,100.00 certified
    year = timezone.localdate().year
    sw.record_spend(actor=staff, org_id=ankang.pk, year=year, occasion="spring", kind="goods", amount="1400.00",
                    certified=False, supplier_name="本地超市", supplier_county="汉滨区")
    g = sw.gauge_for(actor=staff, org_id=ankang.pk, year=year)["gauge"]
    # 1,100 of 2,500 = 44% < 50% (Ankang); (1,250 - 1,100) / 0.5 = 300 more needed
    assert (g.total, g.certified, g.share, g.share_min, g.share_ok, g.shortfall) == (
        D("2500.00"), D("1100.00"), D("0.4400"), D("0.500"), False, D("300.00"))
    assert g.cap == D("2200.00") and g.room == D("950.00")  # 2,200 - (550 + 1,400 / 2 members)


def test_report_by_county_and_scope(shaanxi, cycle, make_user, make_member, tree):
    _, ankang = shaanxi
    staff = make_user(roles=[(ankang, "staff")])
    order(staff, cycle, ankang, [make_member(ankang)], qty=2)
    year = timezone.localdate().year
    sw.record_spend(actor=staff, org_id=ankang.pk, year=year, occasion="spring", kind="goods", amount="300",
                    certified=False, supplier_name="本地超市", supplier_county="汉滨区")
    client = Client()
    client.force_login(staff)
    resp = client.get(f"/market/welfare/report.xlsx?org={ankang.pk}&year={year}")
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert ["山阳县", "商洛山阳县天竹农业合作社", "是", 2, 1100] in rows
    assert ["汉滨区", "本地超市", "否", None, 300] in rows
    assert rows[-2][-1] == 1400 and rows[-1][-1] == 1100
    assert client.get(f"/market/welfare/?org={ankang.pk}&year={year}").status_code == 200
    outsider = make_user(roles=[(tree.union_b, "staff")])
    client.force_login(outsider)
    assert client.get(f"/market/welfare/report.xlsx?org={ankang.pk}&year={year}").status_code == 404
    assert client.get(f"/market/welfare/?org={ankang.pk}&year={year}").status_code == 404
