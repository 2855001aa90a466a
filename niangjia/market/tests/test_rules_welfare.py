"""Rules table from policies.md §13, hand-computed before the code (5+ provinces/cities)."""

from decimal import Decimal as D

import pytest

from niangjia.market import rules_welfare as rw

SHAANXI = rw.Rule(region="61", version="陕西", festival_cap=D("2200"), poverty_share_min=D("0.30"))
ZHEJIANG = rw.Rule(region="33", version="浙江", poverty_share_min=D("0.30"))
ANKANG = rw.Rule(region="6109", version="安康", poverty_share_min=D("0.5"))
QINGHAI = rw.Rule(region="63", version="青海", poverty_per_worker_min=D("300"))
GUIZHOU = rw.Rule(region="52", version="贵州", occasion_caps={"spring": "500", "*": "200"}, birthday_cap=D("300"))
HUBEI_2020 = rw.Rule(region="42", version="湖北", festival_cap=D("1200"), poverty_extra=D("500"), birthday_cap=D("300"))
ANHUI = rw.Rule(region="34", version="安徽", festival_cap=D("1500"), birthday_cap=D("300"))


def codes(rule, occasion, new, spent_year=None, spent_occasion=None, poverty=True):
    return [b.code for b in rw.check_order(rule, occasion=occasion, new={"m": D(new)},
                                           spent_year={"m": D(spent_year or 0)},
                                           spent_occasion={"m": D(spent_occasion or 0)}, poverty=poverty)]


@pytest.mark.parametrize(("rule", "occasion", "new", "spent_year", "spent_occasion", "poverty", "expected"), [
    (SHAANXI, "spring", "150", "2000", "0", True, []),                       # 2,150 <= 2,200
    (SHAANXI, "spring", "200", "2000", "0", True, []),                       # exactly 2,200
    (SHAANXI, "spring", "200.01", "2000", "0", True, ["welfare.festival_cap"]),
    (ZHEJIANG, "mid_autumn", "5000", "0", "0", True, []),                    # no per-member cap in Zhejiang
    (GUIZHOU, "spring", "100", "400", "400", True, []),                      # Spring Festival 500
    (GUIZHOU, "spring", "101", "400", "400", True, ["welfare.occasion_cap"]),
    (GUIZHOU, "mid_autumn", "200", "500", "0", True, []),                    # other festivals 200 each
    (GUIZHOU, "mid_autumn", "201", "500", "0", True, ["welfare.occasion_cap"]),
    (HUBEI_2020, "spring", "200", "1500", "0", True, []),                    # 1,200 + 500 poverty purchases
    (HUBEI_2020, "spring", "201", "1500", "0", True, ["welfare.festival_cap"]),
    (HUBEI_2020, "spring", "101", "1100", "0", False, ["welfare.festival_cap"]),  # not a poverty purchase
    (ANHUI, "birthday", "300", "0", "0", True, []),
    (ANHUI, "birthday", "301", "0", "0", True, ["welfare.birthday_cap"]),
    (ANHUI, "national", "1500", "0", "0", True, []),
    (ANHUI, "national", "1", "1500", "0", True, ["welfare.festival_cap"]),
    (ANHUI, "christmas", "10", "0", "0", True, ["welfare.festival_not_allowed"]),  # not one of the 7 festivals
])
def test_caps(rule, occasion, new, spent_year, spent_occasion, poverty, expected):
    assert codes(rule, occasion, new, spent_year, spent_occasion, poverty) == expected


def test_ankang_takes_half_share_and_keeps_shaanxi_cap():
    rule = rw.merge(SHAANXI, ANKANG)
    assert rule.festival_cap == D("2200") and rule.poverty_share_min == D("0.5")
    assert "陕西" in rule.version and "安康" in rule.version


@pytest.mark.parametrize(("rule", "total", "certified", "workers", "share", "ok", "shortfall"), [
    (SHAANXI, "10000", "2500", 10, D("0.2500"), False, D("714.29")),   # (3000-2500)/0.7
    (SHAANXI, "10000", "3000", 10, D("0.3000"), True, D("0")),
    (ZHEJIANG, "10000", "2999.99", 10, D("0.3000"), False, D("0.01")),   # 0.29999.. rounds for display only
    (rw.merge(SHAANXI, ANKANG), "10000", "4000", 10, D("0.4000"), False, D("2000.00")),  # (5000-4000)/0.5
    (rw.merge(SHAANXI, ANKANG), "10000", "5000", 10, D("0.5000"), True, D("0")),
])
def test_share(rule, total, certified, workers, share, ok, shortfall):
    g = rw.gauge(rule, total=D(total), certified=D(certified), workers=workers, max_member_spent=D(0))
    assert (g.share, g.share_ok, g.shortfall) == (share, ok, shortfall)


def test_qinghai_300_per_worker():
    assert rw.gauge(QINGHAI, total=D("40000"), certified=D("29900"), workers=100,
                    max_member_spent=D(0)).per_worker_ok is False     # 299 per worker
    g = rw.gauge(QINGHAI, total=D("40000"), certified=D("30000"), workers=100, max_member_spent=D(0))
    assert (g.per_worker, g.per_worker_ok, g.share_ok) == (D("300.00"), True, None)


def test_room_under_cap():
    g = rw.gauge(SHAANXI, total=D("0"), certified=D("0"), workers=3, max_member_spent=D("1800"))
    assert (g.room, g.share, g.share_ok) == (D("400"), None, True)


# --- shortfall allocation (issue 15: pro-rata or first-come, stated before confirmation) ---------------------
from niangjia.market import rules_group as rg  # noqa: E402


@pytest.mark.parametrize(("lines", "available", "rule", "expected"), [
    ([("a", 5), ("b", 5)], 10, "pro_rata", {"a": 5, "b": 5}),            # enough: everyone gets all
    ([("a", 6), ("b", 3), ("c", 1)], 5, "pro_rata", {"a": 3, "b": 2, "c": 0}),  # 3.0, 1.5, 0.5 -> b wins the tie
    ([("a", 1), ("b", 1), ("c", 1)], 2, "pro_rata", {"a": 1, "b": 1, "c": 0}),  # equal remainders: earlier first
    ([("a", 6), ("b", 3), ("c", 1)], 5, "first_come", {"a": 5, "b": 0, "c": 0}),
    ([("a", 2), ("b", 3), ("c", 1)], 4, "first_come", {"a": 2, "b": 2, "c": 0}),
    ([("a", 7)], 0, "pro_rata", {"a": 0}),
])
def test_allocate(lines, available, rule, expected):
    got = rg.allocate(lines, available, rule)
    assert got == expected
    assert sum(got.values()) <= available
