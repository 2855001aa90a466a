"""PostgreSQL only: a separate tsvector of title + question with its own GIN index (first retrieval stage)."""

from django.db import migrations


def up(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        cur.execute("ALTER TABLE rights_knowledgearticle ADD COLUMN IF NOT EXISTS title_vec tsvector")
        cur.execute("CREATE INDEX IF NOT EXISTS rights_kb_title_vec ON rights_knowledgearticle USING GIN (title_vec)")
        cur.execute("UPDATE rights_knowledgearticle SET title_vec = to_tsvector('simple', title_tokens)")


def down(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        cur.execute("DROP INDEX IF EXISTS rights_kb_title_vec")
        cur.execute("ALTER TABLE rights_knowledgearticle DROP COLUMN IF EXISTS title_vec")


class Migration(migrations.Migration):
    dependencies = [("rights", "0002_kb_fulltext_index")]
    operations = [migrations.RunPython(up, down)]
