"""Vendor-specific full-text index of job posts (core.search): SQLite FTS5 table or PostgreSQL tsvectors."""

from django.db import migrations

from niangjia.core.search import fts_migration_sql

SQLITE_UP, SQLITE_DOWN, PG_UP, PG_DOWN = fts_migration_sql(table="jobs_position", fts_table="jobs_position_fts",
                                                           prefix="jobs_position")


def _run(schema_editor, sqlite, pg):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        for sql in pg if conn.vendor == "postgresql" else sqlite if conn.vendor == "sqlite" else []:
            cur.execute(sql)


def up(apps, schema_editor):
    _run(schema_editor, SQLITE_UP, PG_UP)


def down(apps, schema_editor):
    _run(schema_editor, SQLITE_DOWN, PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_employers_posts_fairs_applications_matching")]
    operations = [migrations.RunPython(up, down)]
