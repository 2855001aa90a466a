"""Key rotation: `manage.py rotate_pii_keys` re-encrypts every personal-data column under the new key and
rebuilds blind indexes (and the columns that copy them), in batches, and can stop and resume. Runs on
SQLite and on PostgreSQL (CI runs the suite on both).
"""

import base64
import datetime as dt
import io
import secrets

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from niangjia.core import pii
from niangjia.core.models import Member, User


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _raw_values() -> list[str]:
    """Every non-empty stored value of every encrypted column, straight from the tables."""
    values = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, pii.EncryptedTextField):
                    cursor.execute(f'SELECT "{field.column}" FROM "{model._meta.db_table}"')  # noqa: S608
                    values += [v for (v,) in cursor.fetchall() if v]
    return values


@pytest.fixture
def world(tree, make_member, make_user):
    from niangjia.mutual_aid import services as mutual_aid
    from niangjia.mutual_aid.demo import ensure_plan
    from niangjia.mutual_aid.models import Enrolment

    members = [make_member(tree.union_a, phone=f"1380000{n:04d}") for n in range(7)]
    staff = make_user(roles=[(tree.district_a, "staff")])
    plan = ensure_plan(tree.city)
    mutual_aid.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk,
                             member_ids=[m.pk for m in members[:3]], on=dt.date(plan.year, 1, 1))
    assert Enrolment.objects.count() == 3
    return members


def _run(**kwargs) -> str:
    out = io.StringIO()
    call_command("rotate_pii_keys", stdout=out, **kwargs)
    return out.getvalue()


def test_rotation_reencrypts_everything_and_rebuilds_indexes_resumably(world, settings):
    from niangjia.mutual_aid.models import Enrolment

    plain = {m.pk: (m.id_number, m.phone) for m in Member.objects.all()}
    old_pii, old_index = settings.NIANGJIA_PII_KEY, settings.NIANGJIA_INDEX_KEY
    settings.NIANGJIA_PII_KEY, settings.NIANGJIA_PII_OLD_KEYS = _new_key(), old_pii
    settings.NIANGJIA_INDEX_KEY = _new_key()

    # interrupted after two small batches: some rows moved, the rest still readable under the old key
    first = _run(batch_size=3, old_index_key=old_index, max_batches=2)
    assert "run the command again" in first
    raw = _raw_values()
    assert 0 < sum(pii.is_current(v) for v in raw) < len(raw)
    assert {m.pk: (m.id_number, m.phone) for m in Member.objects.all()} == plain

    assert "done" in _run(batch_size=3, old_index_key=old_index)
    assert all(pii.is_current(v) for v in _raw_values())
    settings.NIANGJIA_PII_OLD_KEYS = ""  # the old key is gone: everything still reads
    assert {m.pk: (m.id_number, m.phone) for m in Member.objects.all()} == plain
    for member in Member.objects.all():
        assert member.id_index == pii.blind_index(member.id_number, purpose="id")
        assert member.phone_index == pii.blind_index(member.phone, purpose="phone")
        assert User.objects.get_by_phone(member.user.phone).pk == member.user_id  # lookups use the new index
    for enrolment in Enrolment.objects.select_related("member"):
        assert enrolment.person_index == enrolment.member.id_index  # the copies followed

    again = _run(batch_size=3, old_index_key=old_index)  # idempotent: nothing left to do
    assert "ciphertext: 0 rows" in again and "indexes: 0 rows" in again and "0 rows mapped" in again


def test_first_format_rows_are_upgraded(world, settings):
    member = world[0]
    legacy = pii.LEGACY_PREFIX + "not-a-ciphertext"  # what the old field stored for typed "v1:..." text
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_member SET phone = %s WHERE id = %s", [legacy, member.pk])
    assert "done" in _run()
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM core_member WHERE id = %s", [member.pk])
        assert pii.is_current(cursor.fetchone()[0])
    assert Member.objects.get(pk=member.pk).phone == legacy
