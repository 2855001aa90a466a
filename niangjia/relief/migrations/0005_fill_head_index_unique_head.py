"""One household per head: fill the head's ID-number blind index, then the unique constraint.

Kept apart from 0004 so the data step runs in its own transaction after the columns exist."""

from django.db import migrations, models


def fill_head_index(apps, schema_editor):
    """Copy each head's ID-number blind index onto the household. Where one person already heads several
    households (the duplicates the constraint forbids), only the oldest gets the index: the constraint then
    holds at once, and the others are listed by the workbench duplicate tool (which groups by the head's
    index) until an admin merges them with their ledgers."""
    Household = apps.get_model("relief", "Household")
    seen: set[str] = set()
    rows = (Household.objects.filter(head__isnull=False, merged_into__isnull=True).order_by("id")
            .values_list("id", "head__id_index"))
    batch: dict[str, list[int]] = {}
    for pk, index in rows.iterator(chunk_size=5000):
        if not index or index in seen:
            continue
        seen.add(index)
        batch.setdefault(index, []).append(pk)
        if len(batch) >= 1000:
            _write(Household, batch)
            batch = {}
    _write(Household, batch)


def _write(Household, batch):
    for index, (pk,) in batch.items():
        Household.objects.filter(pk=pk).update(head_id_index=index)



class Migration(migrations.Migration):

    dependencies = [
        ("relief", "0004_income_records_exit_override_merge_fields"),
    ]

    operations = [
        migrations.RunPython(fill_head_index, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='household',
            constraint=models.UniqueConstraint(condition=models.Q(('head_id_index', ''), _negated=True), fields=('head_id_index',), name='relief_one_household_per_head'),
        ),
    ]
