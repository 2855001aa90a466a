"""Vendor-specific full-text index of the knowledge base: SQLite FTS5 table or PostgreSQL tsvector."""

from django.db import migrations

SQLITE_UP = "CREATE VIRTUAL TABLE IF NOT EXISTS rights_kb_fts USING fts5(title_tokens, tokens)"
SQLITE_DOWN = "DROP TABLE IF EXISTS rights_kb_fts"
PG_UP = [
    "ALTER TABLE rights_knowledgearticle ADD COLUMN IF NOT EXISTS search_vec tsvector",
    "CREATE INDEX IF NOT EXISTS rights_kb_search_vec ON rights_knowledgearticle USING GIN (search_vec)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS rights_kb_search_vec",
    "ALTER TABLE rights_knowledgearticle DROP COLUMN IF EXISTS search_vec",
]


def up(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            for sql in PG_UP:
                cur.execute(sql)
        elif conn.vendor == "sqlite":
            cur.execute(SQLITE_UP)


def down(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            for sql in PG_DOWN:
                cur.execute(sql)
        elif conn.vendor == "sqlite":
            cur.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_cases_counselling_mediation_letters_kb")]
    operations = [migrations.RunPython(up, down)]
