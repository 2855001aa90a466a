"""Personal data is encrypted at rest, found through the blind index, masked, and unmasking is audited."""

import pytest
from django.db import connection

from niangjia.core import pii, selectors
from niangjia.core.models import AuditEvent, Member, User
from niangjia.core.services import accounts


def test_no_plaintext_id_or_phone_in_the_database(tree, make_member):
    member = make_member(tree.union_a, id_number="11010519491231002X", phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_index FROM core_member WHERE id = %s", [member.pk])
        raw_id, raw_phone, index = cursor.fetchone()
        cursor.execute("SELECT phone, id_number FROM core_user WHERE id = %s", [member.user_id])
        user_phone, user_id = cursor.fetchone()
    for raw in (raw_id, raw_phone, user_phone, user_id):
        assert raw.startswith(pii.PREFIX)
        assert "11010519491231002X" not in raw and "13812345678" not in raw
    assert index == pii.blind_index("11010519491231002X", purpose="id")
    # And a scan of every text column of both tables finds neither value.
    for table in ("core_member", "core_user"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
        assert "11010519491231002X" not in dump
        assert "13812345678" not in dump


def test_ciphertext_differs_each_time_but_decrypts():
    a, b = pii.encrypt("13812345678"), pii.encrypt("13812345678")
    assert a != b
    assert pii.decrypt(a) == pii.decrypt(b) == "13812345678"


def test_find_member_by_id_number_through_blind_index(tree, make_user, make_member):
    make_member(tree.union_a, id_number="11010519491231002X")
    make_member(tree.union_a)
    staff = make_user(roles=[(tree.district_a, "staff")])
    found = selectors.members_visible_to(actor=staff, q="11010519491231002x")
    assert [m.id_number for m in found] == ["11010519491231002X"]


@pytest.mark.parametrize(
    ("func", "value", "masked"),
    [
        (pii.mask_id_number, "11010519491231002X", "110105********002X"),
        (pii.mask_phone, "13812345678", "138****5678"),
        (pii.mask_bank_account, "6222020200112233445", "**** **** **** 3445"),
        (pii.mask_id_number, "", ""),
    ],
)
def test_masks(func, value, masked):
    assert func(value) == masked


def test_list_page_shows_masked_values_only(client, tree, make_user, make_member):
    make_member(tree.union_a, id_number="11010519491231002X", phone="13812345678")
    staff = make_user(roles=[(tree.district_a, "approver")])
    client.force_login(staff)
    body = client.get("/workbench/members/").content.decode()
    assert "110105********002X" in body and "138****5678" in body
    assert "11010519491231002X" not in body and "13812345678" not in body


def test_reveal_is_audited_and_limited_to_roles_that_need_it(client, tree, make_user, make_member):
    member = make_member(tree.union_a, id_number="11010519491231002X")
    approver = make_user(roles=[(tree.district_a, "approver")])
    staff = make_user(roles=[(tree.district_a, "staff")])
    assert accounts.reveal_member_field(actor=approver, member_id=member.pk, field="id_number") == "11010519491231002X"
    event = AuditEvent.objects.get(action="pii.reveal")
    assert event.actor == approver and event.object_id == str(member.pk) and event.summary == {"field": "id_number"}
    client.force_login(staff)
    assert client.post(f"/workbench/members/{member.pk}/reveal/id_number/").status_code == 404
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 1
    client.force_login(approver)
    response = client.post(f"/workbench/members/{member.pk}/reveal/id_number/")
    assert "11010519491231002X" in response.content.decode()
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 2


def test_user_lookup_by_phone_uses_index(db):
    User.objects.create_user("13900001111", "Secret-pass-1")
    assert User.objects.get_by_phone("13900001111").phone == "13900001111"
    assert Member.objects.count() == 0
