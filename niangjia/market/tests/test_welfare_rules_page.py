"""The welfare-spending rules on the workbench (policies.md §13): the seeded rows agree with §13's figures; admins
of the union owning a region list, create and edit its rules with validation (money through core.money, shares
0–100 %, dates); a version cited by an order or purchase is never edited in place (a new version is made); every
write is audited; nobody else writes."""

from decimal import Decimal as D

import pytest
from django.test import Client

from niangjia.conftest import make_org
from niangjia.core.models import AuditEvent
from niangjia.market import services_welfare
from niangjia.market.models import WelfareRule, WelfareSpend

pytestmark = pytest.mark.django_db

# policies.md §13, read by hand: (region, year) -> festival cap, birthday cap, poverty extra, share, per worker
SECTION_13 = {
    ("34", 2020): (D("1500"), D("300"), None, None, None),       # 安徽
    ("35", 2018): (D("1300"), D("300"), None, None, None),       # 福建 (from 2018)
    ("42", 2020): (D("1200"), D("300"), D("500"), None, None),   # 湖北 2020: +500 爱心消费扶贫
    ("14", 2020): (D("1500"), None, None, None, None),           # 山西
    ("23", 2017): (D("1000"), None, None, None, None),           # 黑龙江 (2017)
    ("61", 2020): (D("2200"), None, None, D("0.300"), None),     # 陕西 ≥ 30 %
    ("33", 2020): (None, None, None, D("0.300"), None),          # 浙江 ≥ 30 %
    ("43", 2020): (None, None, None, D("0.300"), None),          # 湖南 ≥ 30 %
    ("6109", 2020): (None, None, None, D("0.500"), None),        # 安康 one half
    ("44", 2020): (D("2500"), None, D("600"), None, None),       # 广东 + one-off 600
    ("63", 2025): (None, None, None, None, D("300")),            # 青海 2025: ≥ 300 per worker
}


@pytest.mark.parametrize(("key", "expected"), list(SECTION_13.items()))
def test_seeded_rows_match_section_13(key, expected):
    row = WelfareRule.objects.get(region=key[0], year=key[1], superseded_at__isnull=True)
    assert (row.festival_cap, row.birthday_cap, row.poverty_extra, row.poverty_share_min,
            row.poverty_per_worker_min) == expected


def test_guizhou_spring_500_others_200():
    row = WelfareRule.objects.get(region="52", superseded_at__isnull=True)
    assert row.festival_cap is None and {k: D(v) for k, v in row.occasion_caps.items()} == {"spring": 500, "*": 200}


@pytest.fixture
def shaanxi(tree):
    """A Shaanxi province federation above a Shangluo city federation and an Ankang one (region codes 61, 6110, 6109)."""
    prov = make_org("陕西省总工会", "province", region="610000")
    cities = {code: make_org(name, "city", prov, region=code)
              for name, code in (("商洛市总工会", "611000"), ("安康市总工会", "610900"))}
    return prov, cities


def _form(**kw):
    data = {"region_name": "陕西", "version": "2027 版", "source": "陕西省总工会 2027 年通知", "effective_from": "2027-01-01",
            "festival_cap": "2300", "birthday_cap": "", "poverty_extra": "", "poverty_per_worker_min": "",
            "poverty_share_pct": "30", "enforcement": "refuse"}
    data.update(kw)
    return data


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_province_admin_creates_a_rule_and_it_applies(make_user, shaanxi):
    prov, _cities = shaanxi
    admin = make_user(roles=[(prov, "admin")])
    c = _client(admin)
    r = c.post("/market/welfare/rules/new/", {**_form(), "region": "61", "year": "2027",
                                                "allowed_festivals": ["spring", "mid_autumn"]})
    row = WelfareRule.objects.get(region="61", year=2027)
    assert r.status_code == 302 and r["Location"] == f"/market/welfare/rules/{row.pk}/"
    assert (row.festival_cap, row.poverty_share_min, row.allowed_festivals) == (D("2300.00"), D("0.300"),
                                                                                 ["spring", "mid_autumn"])
    assert AuditEvent.objects.filter(action="market.welfare_rule_create", actor=admin).exists()
    rule = services_welfare.rule_for("611000", 2027)
    assert rule.festival_cap == D("2300.00") and "2027 版" in rule.version
    page = c.get("/market/welfare/rules/").content.decode()
    assert "2027 版" in page and 'data-testid="welfare-rule-row"' in page


@pytest.mark.parametrize(("change", "message"), [
    ({"festival_cap": "abc"}, "节日慰问品每人每年上限"),
    ({"festival_cap": "-5"}, "不能是负数"),
    ({"festival_cap": "100.001"}, "两位小数"),
    ({"poverty_share_pct": "101"}, "不超过 100"),
    ({"poverty_share_pct": "0"}, "大于 0"),
    ({"poverty_share_pct": "30.25"}, "一位小数"),
    ({"poverty_share_pct": "三十"}, "百分比"),
    ({"effective_from": "2027-02-30"}, "施行日期"),
    ({"effective_from": "2020-01-01"}, "施行日期应在"),
    ({"year": "1999"}, "2000 到 2100"),
    ({"region": "6a"}, "地区代码"),
    ({"version": ""}, "版本号"),
    ({"version": "甲 + 乙"}, "+"),
    ({"enforcement": "ignore"}, "处理方式"),
    ({"festival_cap": "", "poverty_share_pct": ""}, "至少填写一项"),
    ({"allowed_festivals": ["christmas"]}, "七个节日"),
])
def test_bad_rule_data_refused_in_chinese_nothing_written(make_user, shaanxi, change, message):
    prov, _cities = shaanxi
    c = _client(make_user(roles=[(prov, "admin")]))
    before = WelfareRule.objects.count()
    r = c.post("/market/welfare/rules/new/", {**_form(), "region": "61", "year": "2027", **change})
    assert r.status_code == 200 and message in r.content.decode()
    assert WelfareRule.objects.count() == before


def test_who_may_write(make_user, shaanxi, tree):
    prov, cities = shaanxi
    shangluo_admin = make_user(roles=[(cities["611000"], "admin")])
    c = _client(shangluo_admin)
    # a city admin: its own city row yes, the province row or another city's no
    assert c.post("/market/welfare/rules/new/", {**_form(region_name="商洛"), "region": "6110", "year": "2027"}
                  ).status_code == 302
    for region in ("61", "6109"):
        c.post("/market/welfare/rules/new/", {**_form(), "region": region, "year": "2027"})
        assert not WelfareRule.objects.filter(region=region, year=2027).exists()
    province_row = WelfareRule.objects.get(region="61", year=2020)
    assert c.get(f"/market/welfare/rules/{province_row.pk}/").status_code == 404
    assert c.post(f"/market/welfare/rules/{province_row.pk}/", _form()).status_code == 404
    # province staff who are not admins, and admins of a grassroots union: read, never write
    for user in (make_user(roles=[(prov, "staff")]), make_user(roles=[(tree.union_a, "admin")])):
        uc = _client(user)
        assert uc.get("/market/welfare/rules/").status_code == 200
        assert uc.get(f"/market/welfare/rules/{province_row.pk}/").status_code == 404
        uc.post("/market/welfare/rules/new/", {**_form(), "region": "61", "year": "2028"})
    assert not WelfareRule.objects.filter(year=2028).exists()
    province_row.refresh_from_db()
    assert province_row.festival_cap == D("2200")


def test_unused_version_edited_in_place_used_version_gets_a_new_one(make_user, shaanxi):
    prov, cities = shaanxi
    admin = make_user(roles=[(prov, "admin")])
    c = _client(admin)
    c.post("/market/welfare/rules/new/", {**_form(), "region": "61", "year": "2027"})
    row = WelfareRule.objects.get(region="61", year=2027)
    c.post(f"/market/welfare/rules/{row.pk}/", _form(festival_cap="2250"))  # nobody cites it: in place
    row.refresh_from_db()
    assert (row.festival_cap, WelfareRule.objects.filter(region="61", year=2027).count()) == (D("2250.00"), 1)
    assert AuditEvent.objects.filter(action="market.welfare_rule_edit").count() == 1
    # a purchase recorded under it cites the version
    WelfareSpend.objects.create(org=cities["611000"], year=2027, occasion="spring", amount=D("100"),
                                supplier_name="超市", rule_version="陕西 2027 2027 版 + 商洛 2027 x")
    r = c.post(f"/market/welfare/rules/{row.pk}/", _form(festival_cap="2400"))  # same version number: refused
    assert "不能原地修改" in r.content.decode()
    row.refresh_from_db()
    assert row.festival_cap == D("2250.00") and row.superseded_at is None
    r = c.post(f"/market/welfare/rules/{row.pk}/", _form(festival_cap="2400", version="2027 修订版"))
    new = WelfareRule.objects.get(region="61", year=2027, superseded_at__isnull=True)
    assert r["Location"] == f"/market/welfare/rules/{new.pk}/"
    row.refresh_from_db()
    assert row.superseded_at is not None and row.festival_cap == D("2250.00")  # the cited figures stay readable
    assert new.festival_cap == D("2400.00") and new.pk != row.pk
    assert services_welfare.rule_for("610000", 2027).festival_cap == D("2400.00")
    event = AuditEvent.objects.get(action="market.welfare_rule_version")
    assert "2250.00" in str(event.summary) and "2400.00" in str(event.summary)
    # the replaced version: shown read-only, no write
    assert c.post(f"/market/welfare/rules/{row.pk}/", _form(festival_cap="1")).status_code == 200
    row.refresh_from_db()
    assert row.festival_cap == D("2250.00")
    page = c.get("/market/welfare/rules/?versions=all").content.decode()
    assert "已被取代" in page and "2027 修订版" in page


def test_sidebar_shows_the_rules_page(make_user, shaanxi):
    prov, _cities = shaanxi
    page = _client(make_user(roles=[(prov, "admin")])).get("/market/welfare/rules/").content.decode()
    assert 'href="/market/welfare/rules/"' in page and 'aria-current="page"' in page


def test_rules_pages_have_no_english(make_user, shaanxi):
    from niangjia.market.tests.test_supply_area import english_words

    prov, _cities = shaanxi
    c = _client(make_user(roles=[(prov, "admin")]))
    row = WelfareRule.objects.get(region="61", year=2020)
    for url in ("/market/welfare/rules/", "/market/welfare/rules/?versions=all", "/market/welfare/rules/new/",
                f"/market/welfare/rules/{row.pk}/", f"/market/welfare/rules/new/?from={row.pk}"):
        r = c.get(url)
        assert r.status_code == 200 and not english_words(r.content.decode()), (url, english_words(r.content.decode()))
