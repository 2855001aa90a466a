import django.utils.timezone
from django.db import migrations, models


def seed(apps, schema_editor):
    # policies.md §9 letter deadlines and the windows that used to be constants in rules.py
    apps.get_model("rights", "DeadlinePolicy").objects.get_or_create(
        pk=1, defaults={"opinion_answer_working_days": 15, "suggestion_answer_working_days": 5,
                        "reopen_days": 15, "cancel_hours_before": 2})


class Migration(migrations.Migration):

    dependencies = [
        ("rights", "0004_review_and_supervisor"),
    ]

    operations = [
        migrations.CreateModel(
            name="DeadlinePolicy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("opinion_answer_working_days", models.PositiveSmallIntegerField(default=15)),
                ("suggestion_answer_working_days", models.PositiveSmallIntegerField(default=5)),
                ("reopen_days", models.PositiveSmallIntegerField(default=15)),
                ("cancel_hours_before", models.PositiveSmallIntegerField(default=2)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("pk", 1)), name="rights_deadline_policy_single_row")],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
