"""Migration 0004 turns each claim's single photo into its first entry in Claim.photos (and back)."""

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
