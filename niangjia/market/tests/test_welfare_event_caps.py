"""policies.md §13, "other gift caps": marriage ≤ 600 (安徽) or ≤ 1,000 (湖北); hospitalisation ≤ 1,000; death of a
member ≤ 2,000, of a close relative ≤ 1,000 (安徽). Per member per event. Expected values are the policy's figures,
read from the seeded rule rows (so the data, not only the code, is checked)."""

from decimal import Decimal as D

import pytest
from django.test import Client

from niangjia.conftest import make_org
from niangjia.core.errors import Invalid
from niangjia.market import rules_welfare as rw
from niangjia.market import services_welfare as sw
from niangjia.market.models import WelfareRule, WelfareSpend

# region, year, occasion, amount per member for one event, breach expected
CASES = [
    ("340100", 2026, "marriage", "600.00", False),
    ("340100", 2026, "marriage", "600.01", True),
    ("340100", 2026, "hospital", "1000.00", False),
    ("340100", 2026, "hospital", "1000.01", True),
    ("340100", 2026, "death", "2000.00", False),
    ("340100", 2026, "death", "2000.01", True),
    ("340100", 2026, "death_kin", "1000.00", False),
    ("340100", 2026, "death_kin", "1000.01", True),
    ("420100", 2026, "marriage", "1000.00", False),
    ("420100", 2026, "marriage", "1000.01", True),
    ("420100", 2020, "marriage", "1000.01", True),   # the 2020 row too
    ("610200", 2026, "marriage", "5000.00", False),  # 陕西 states no marriage cap
    ("330100", 2026, "death", "9000.00", False),  # 浙江 neither
]


@pytest.mark.django_db
@pytest.mark.parametrize(("region", "year", "occasion", "amount", "breach"), CASES)
def test_event_caps_table(region, year, occasion, amount, breach):
    rule = sw.rule_for(region, year)
    assert rule is not None
    found = rw.check_order(rule, occasion=occasion, new={1: D(amount)}, spent_year={1: D("99999")},
                           spent_occasion={1: D("99999")})
    assert bool(found) is breach
    if breach:
        assert found[0].code == "welfare.event_cap"


def test_event_caps_ignore_festival_totals_and_festival_list():
    """A marriage gift is not a festival gift: the festival cap and the allowed festivals do not apply to it."""
    rule = rw.Rule(festival_cap=D("100"), allowed_festivals=("spring",), event_caps={"marriage": D("600")})
    assert rw.check_order(rule, occasion="marriage", new={1: D("600")}, spent_year={1: D("100")},
                          spent_occasion={}) == []


@pytest.fixture
def anhui(tree):
    from niangjia.core.validators import uscc_check_char

    seed = "91340102MA2EEEEE1"
    return make_org("合肥机械厂工会", "grassroots", tree.street_a, "340102", employer="合肥机械厂",
                    uscc=seed + uscc_check_char(seed))


def _spend(actor, org, occasion, amount):
    return sw.record_spend(actor=actor, org_id=org.pk, year=2026, occasion=occasion, kind="goods", amount=amount,
                           certified=False, supplier_name="合肥百货")


def test_record_spend_refuses_over_the_cap_with_rule_version(make_user, tree, anhui):
    staff = make_user(roles=[(tree.city, "staff")])
    with pytest.raises(Invalid) as exc:
        _spend(staff, anhui, "marriage", "600.01")
    assert "600.00" in exc.value.message and "安徽" in exc.value.message
    assert exc.value.details["rule_version"].startswith("安徽")
    assert not WelfareSpend.objects.exists()
    ok = _spend(staff, anhui, "marriage", "600")
    assert ok.rule_version.startswith("安徽") and ok.flags == []


def test_record_spend_flags_when_the_rule_says_flag(make_user, tree, anhui):
    WelfareRule.objects.filter(region="34").update(enforcement="flag")
    staff = make_user(roles=[(tree.city, "staff")])
    spend = _spend(staff, anhui, "hospital", "1500")
    assert [f["code"] for f in spend.flags] == ["welfare.event_cap"] and spend.rule_version.startswith("安徽")


def test_record_spend_page_shows_the_refusal_in_chinese(make_user, tree, anhui):
    c = Client()
    c.force_login(make_user(roles=[(tree.city, "staff")]))
    from django.urls import reverse

    resp = c.post(reverse("market:welfare_spend"), {"org": anhui.pk, "year": 2026, "occasion": "death",
                                                    "kind": "goods", "amount": "2500", "supplier_name": "合肥百货"},
                  follow=True)
    assert resp.status_code == 200 and "2000.00" in resp.content.decode()
    assert not WelfareSpend.objects.exists()


@pytest.fixture
def new_cycle(make_user, tree, supplier, product):
    """A fresh cycle per order (a union places one order per cycle)."""
    import datetime as dt

    from django.utils import timezone

    from niangjia.market import services_group as sg

    now, staff = timezone.now(), make_user(roles=[(tree.city, "staff")])
    return lambda: sg.create_cycle(actor=staff, supplier_id=supplier.pk, title="慰问团购",
                                   opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=2),
                                   delivery_on=(now + dt.timedelta(days=3)).date(), min_quantity=0,
                                   shortfall_rule="pro_rata", items=[(product.pk, "550.00", 1000)])


def _group_order(actor, cycle, org, member, occasion, qty):
    from niangjia.market import services_group as sg

    return sg.create_group_order(actor=actor, cycle_id=cycle.pk, org_id=org.pk, mode="list", occasion=occasion,
                                 delivery_point="工会办公室", member_ids=[member.pk],
                                 quantities={cycle.items.first().pk: qty})


def test_group_order_event_cap_refused_and_outside_the_festival_cap(make_user, make_member, anhui, new_cycle):
    staff = make_user(roles=[(anhui, "staff")])
    m = make_member(anhui, name="孙师傅")
    _group_order(staff, new_cycle(), anhui, m, "spring", 2)  # 1,100.00 of 安徽's 1,500 festival cap
    # 550.00 for a marriage: within 600, and not added to the festival total (1,650 would break 1,500)
    assert _group_order(staff, new_cycle(), anhui, m, "marriage", 1).status == "placed"
    with pytest.raises(Invalid) as exc:
        _group_order(staff, new_cycle(), anhui, m, "marriage", 2)  # 1,100.00 > 600 for one marriage
    assert exc.value.code == "welfare.event_cap"
    assert "600.00" in exc.value.message and "孙师傅" in exc.value.message and "安徽" in exc.value.message
