"""Finer planner statistics on Org.path (PostgreSQL): the planner misjudged subtree sizes by 3-600x
without them (bench/scope.py, docs/benchmarks/scope.md)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_org ALTER COLUMN path SET STATISTICS 1000")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_org ALTER COLUMN path SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_auditevent_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
