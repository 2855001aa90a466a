from django.db import migrations, models


def mark_untouched_seed_articles(apps, schema_editor):
    """Seed articles nobody has saved on the workbench become seed version 1, so the corrected seed (version 2:
    wage-arrears limitation, ID cards vs deposits, decision times) can replace them. Edited ones stay as edited."""
    Article = apps.get_model("rights", "KnowledgeArticle")
    AuditEvent = apps.get_model("core", "AuditEvent")
    edited = set(AuditEvent.objects.filter(action="rights.article_save").values_list("object_id", flat=True))
    for pk, slug in Article.objects.values_list("id", "slug"):
        if not slug.startswith("kb-") and str(pk) not in edited:
            Article.objects.filter(pk=pk).update(seed_version=1)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_member_model_worker"),
        ("rights", "0005_deadline_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="knowledgearticle",
            name="similar_questions",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="knowledgearticle",
            name="seed_version",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(mark_untouched_seed_articles, migrations.RunPython.noop),
    ]
