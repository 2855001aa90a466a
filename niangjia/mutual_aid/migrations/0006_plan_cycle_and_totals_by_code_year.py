"""Plan cycle (draft → published, enrolment window, what-if stamp) and per-person totals keyed by the
plan's code and year instead of one version row (issue 9: a second version must not reopen the caps)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.db.models import F, Q


def key_totals_by_code_year(apps, schema_editor):
    """Copy each row's plan code and year onto it; rows of several versions of one plan year for the
    same person are merged into one (paid amounts added, the once-per-year count kept at most 1, the
    cap raised to what was already paid so the constraint holds — an overpayment stays visible)."""
    Total = apps.get_model("mutual_aid", "PersonYearTotal")
    if schema_editor.connection.vendor == "postgresql":
        # check the (deferred) foreign keys of these writes now, not at COMMIT: PostgreSQL refuses the
        # ALTER TABLE below while trigger events are pending on the table
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    seen = {}
    for row in Total.objects.select_related("plan").order_by("id"):
        key = (row.person_index, row.plan.code, row.plan.year)
        if key not in seen:
            row.plan_code, row.plan_year = row.plan.code, row.plan.year
            row.save(update_fields=["plan_code", "plan_year"])
            seen[key] = row
            continue
        keep = seen[key]
        keep.inpatient_paid += row.inpatient_paid
        keep.accident_paid += row.accident_paid
        keep.serious_count = min(1, keep.serious_count + row.serious_count)
        keep.inpatient_cap = max(keep.inpatient_cap, keep.inpatient_paid)
        keep.accident_cap = max(keep.accident_cap, keep.accident_paid)
        keep.save()
        row.delete()
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ("mutual_aid", "0005_claim_enrolment_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan", name="status",
            field=models.CharField(choices=[("draft", "Draft"), ("published", "Published")], default="published",
                                   max_length=10),
        ),
        migrations.AddField(model_name="plan", name="enrol_start",
                            field=models.DateField(blank=True, null=True, verbose_name="enrolment opens")),
        migrations.AddField(model_name="plan", name="enrol_end",
                            field=models.DateField(blank=True, null=True, verbose_name="enrolment closes")),
        migrations.AddField(
            model_name="plan", name="copied_from",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="mutual_aid.plan"),
        ),
        migrations.AddField(
            model_name="plan", name="whatif_at",
            field=models.DateTimeField(blank=True, help_text="last what-if run; publishing needs a fresh one",
                                       null=True),
        ),
        migrations.AddField(model_name="plan", name="updated_at",
                            field=models.DateTimeField(default=django.utils.timezone.now)),
        migrations.AddField(model_name="plan", name="published_at",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(condition=Q(status__in=["draft", "published"]), name="ma_plan_status"),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=Q(enrol_start__isnull=True) | Q(enrol_end__isnull=True) | Q(enrol_end__gte=F("enrol_start")),
                name="ma_plan_enrol_window"),
        ),
        migrations.AddField(model_name="personyeartotal", name="plan_code",
                            field=models.CharField(default="", max_length=30), preserve_default=False),
        migrations.AddField(model_name="personyeartotal", name="plan_year",
                            field=models.PositiveSmallIntegerField(default=0), preserve_default=False),
        migrations.RemoveConstraint(model_name="personyeartotal", name="ma_total_once"),
        migrations.RunPython(key_totals_by_code_year, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="personyeartotal",
            constraint=models.UniqueConstraint(fields=["person_index", "plan_code", "plan_year"],
                                               name="ma_total_code_year_once"),
        ),
    ]
