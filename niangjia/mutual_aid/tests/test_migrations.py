"""Data migrations of mutual_aid: 0004 (a claim's single photo → Claim.photos, and back) and 0006 (totals by plan code and year)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("mutual_aid", "0003_claim_fewer_indexes")]
AFTER = [("mutual_aid", "0004_claim_photos")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_single_photo_becomes_the_first_of_photos_and_back(tree, make_member):
    member = make_member(tree.union_a, name="迁移会员")
    try:
        apps = migrate(BEFORE)
        Attachment = apps.get_model("core", "Attachment")
        Plan, Enrolment, Claim = (apps.get_model("mutual_aid", m) for m in ("Plan", "Enrolment", "Claim"))
        plan = Plan.objects.create(code="MIG", name="迁移计划", org_id=tree.city.pk, year=2020, premium=30,
                                   coverage_start=dt.date(2020, 1, 1), coverage_end=dt.date(2020, 12, 31))
        enrolment = Enrolment.objects.create(plan=plan, member_id=member.pk, person_index="p1", org_id=member.org_id,
                                             enrolled_on=dt.date(2020, 1, 1), waiting_until=dt.date(2020, 1, 1),
                                             premium=30)
        photo = Attachment.objects.create(original_name="a.png", content_type="image/png", extension="png", size=9,
                                          sha256="0" * 64, file="a.png", purpose="mutual_aid.invoice")
        common = {"plan": plan, "enrolment": enrolment, "member_id": member.pk, "person_index": "p1",
                  "org_id": member.org_id, "kind": "inpatient", "hospital": "医院", "admitted_on": dt.date(2020, 6, 1),
                  "total_cost": 10, "insurance_paid": 0, "self_paid": 10, "computed_amount": 0}
        with_photo = Claim.objects.create(invoice_no="M1", photo=photo, **common)
        without = Claim.objects.create(invoice_no="M2", **common)

        apps = migrate(AFTER)
        Claim = apps.get_model("mutual_aid", "Claim")
        assert list(Claim.objects.get(pk=with_photo.pk).photos.values_list("pk", flat=True)) == [photo.pk]
        assert not Claim.objects.get(pk=without.pk).photos.exists()

        apps = migrate(BEFORE)
        Claim = apps.get_model("mutual_aid", "Claim")
        assert Claim.objects.get(pk=with_photo.pk).photo_id == photo.pk
        assert Claim.objects.get(pk=without.pk).photo_id is None
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("mutual_aid"))


@pytest.mark.django_db(transaction=True)
def test_totals_of_two_versions_become_one_row_per_code_and_year(tree):
    """Migration 0006: totals keyed by (person, plan code, year); rows of two versions of one plan year merge."""
    try:
        apps = migrate([("mutual_aid", "0005_claim_enrolment_index")])
        Plan, Total = apps.get_model("mutual_aid", "Plan"), apps.get_model("mutual_aid", "PersonYearTotal")
        terms = {"org_id": tree.city.pk, "year": 2020, "premium": 30, "coverage_start": dt.date(2020, 1, 1),
                 "coverage_end": dt.date(2020, 12, 31)}
        v1 = Plan.objects.create(code="ZYHZ-2020", version=1, name="v1", **terms)
        v2 = Plan.objects.create(code="ZYHZ-2020", version=2, name="v2", **terms)
        Total.objects.create(plan=v1, person_index="p1", inpatient_paid=15000, inpatient_cap=20000, serious_count=1)
        Total.objects.create(plan=v2, person_index="p1", inpatient_paid=10000, inpatient_cap=20000, serious_count=1)
        Total.objects.create(plan=v1, person_index="p2", inpatient_paid=500, inpatient_cap=20000)

        apps = migrate([("mutual_aid", "0006_plan_cycle_and_totals_by_code_year")])
        Total = apps.get_model("mutual_aid", "PersonYearTotal")
        rows = {t.person_index: t for t in Total.objects.all()}
        assert set(rows) == {"p1", "p2"}
        p1 = rows["p1"]
        # what was overpaid under the old keying stays visible (the cap is raised to it, not hidden)
        assert (p1.plan_code, p1.plan_year, p1.inpatient_paid, p1.inpatient_cap, p1.serious_count) == (
            "ZYHZ-2020", 2020, 25000, 25000, 1)
        assert (rows["p2"].plan_code, rows["p2"].plan_year, rows["p2"].inpatient_paid) == ("ZYHZ-2020", 2020, 500)
        assert apps.get_model("mutual_aid", "Plan").objects.get(pk=v1.pk).status == "published"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("mutual_aid"))
