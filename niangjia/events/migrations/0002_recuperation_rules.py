"""The provincial recuperation rules of policies §16 as data (a union edits or adds versions on the workbench)."""

from decimal import Decimal

from django.db import migrations

RULES = [
    # region, name, version, in-province days, cross-province days, per day, per trip, cross every N years, front-line
    ("00", "通用（未设省级规则时）", "2026", 5, 7, Decimal("400"), None, 3, Decimal("0")),
    ("34", "安徽", "2024 试点", 5, 7, Decimal("400"), None, 3, Decimal("0.9")),
    ("35", "福建", "2022", 5, 7, Decimal("600"), None, 3, Decimal("0")),
    ("33", "浙江", "2026", 5, 5, Decimal("400"), Decimal("2000"), 3, Decimal("0")),
]


def add(apps, schema_editor):
    Rule = apps.get_model("events", "RecuperationRule")
    for region, name, version, days_in, days_cross, per_day, per_trip, every, frontline in RULES:
        Rule.objects.get_or_create(region=region, version=version, defaults={
            "name": name, "max_days_in_province": days_in, "max_days_cross_province": days_cross,
            "max_cost_per_day": per_day, "max_cost_per_trip": per_trip, "cross_province_every_years": every,
            "frontline_share_min": frontline, "once_per_year": True, "source": "policies.md §16"})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_events_quota_engine")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
