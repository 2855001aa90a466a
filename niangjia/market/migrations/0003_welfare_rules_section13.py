"""The welfare-spending figures of policies.md §13 as data (per member per year unless noted)."""

from decimal import Decimal as D

from django.db import migrations

NATIONAL = "全总 2014 年基层工会经费通知及补充通知"
FESTIVALS = ["new_year", "spring", "qingming", "labour", "dragon_boat", "mid_autumn", "national"]
ROWS = [
    # region, name, year, festival cap, occasion caps, birthday, poverty extra, share, per worker, source
    ("34", "安徽", 2020, D("1500"), {}, D("300"), None, None, None, "安徽省基层工会经费收支管理实施办法"),
    ("35", "福建", 2018, D("1300"), {}, D("300"), None, None, None, "福建省基层工会经费收支管理实施细则（2018 起）"),
    ("42", "湖北", 2020, D("1200"), {}, D("300"), D("500"), None, None, "湖北省基层工会经费收支管理办法；2020 年爱心消费扶贫另计 500 元"),
    ("42", "湖北", 2021, D("1200"), {}, D("300"), None, None, None, "湖北省基层工会经费收支管理办法"),
    ("14", "山西", 2020, D("1500"), {}, None, None, None, None, "山西省基层工会经费收支管理办法"),
    ("23", "黑龙江", 2017, D("1000"), {}, None, None, None, None, "黑龙江省基层工会经费收支管理办法（2017）"),
    ("52", "贵州", 2020, None, {"spring": "500", "*": "200"}, D("300"), None, None, None, "贵州省基层工会经费收支管理办法"),
    ("61", "陕西", 2020, D("2200"), {}, None, None, D("0.30"), None, "陕西省总工会：慰问品不低于 30% 采购贫困地区产品"),
    ("33", "浙江", 2020, None, {}, None, None, D("0.30"), None, "浙江省总工会：节日慰问品资金不低于 30% 采购结对帮扶地区产品"),
    ("43", "湖南", 2020, None, {}, None, None, D("0.30"), None, "湖南省总工会：会员福利资金不低于 30%"),
    ("6109", "安康", 2020, None, {}, None, None, D("0.5"), None, "安康市总工会：一半用于采购扶贫产品"),
    ("44", "广东", 2020, D("2500"), {}, None, D("600"), None, None, "广东省总工会：另有一次性 600 元须购买扶贫产品（至 2021-02）"),
    ("44", "广东", 2021, D("2500"), {}, None, None, None, None, "广东省基层工会经费收支管理办法"),
    ("63", "青海", 2025, None, {}, None, None, None, D("300"), "青海省总工会 2025：每名职工每年通过 832 平台采购不少于 300 元"),
]


def seed(apps, schema_editor):
    WelfareRule = apps.get_model("market", "WelfareRule")
    for region, name, year, cap, occ, birthday, extra, share, per_worker, source in ROWS:
        WelfareRule.objects.update_or_create(region=region, year=year, defaults=dict(
            region_name=name, version="§13", source=f"{source}；{NATIONAL}", festival_cap=cap, occasion_caps=occ,
            allowed_festivals=FESTIVALS, birthday_cap=birthday, poverty_extra=extra, poverty_share_min=share,
            poverty_per_worker_min=per_worker, enforcement="refuse"))


class Migration(migrations.Migration):
    dependencies = [("market", "0002_group_orders_welfare_photos")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
