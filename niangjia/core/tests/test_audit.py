"""The audit trail is append-only and every core service writes to it."""

import pytest

from niangjia.core import audit
from niangjia.core.models import AuditEvent
from niangjia.core.services import accounts, members, orgs


def test_audit_rows_cannot_be_changed_or_deleted(tree):
    event = audit.record(None, "test.event", tree.city)
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_admin_cannot_edit_audit(client, db):
    from niangjia.core.models import User

    su = User.objects.create_superuser("13800009999", "Super-pass-1")
    event = audit.record(su, "test.event", object_type="x", object_id=1)
    client.force_login(su)
    assert client.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code in (302, 403)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_each_service_writes_its_event(tree, make_user, make_member):
    admin = make_user(roles=[(tree.city, "admin")])
    user = accounts.register_user(phone="13911110000", password="Worker-pass-1")
    accounts.verify_identity(actor=user, real_name="孙师傅", id_number="11010519491231002X")
    request = members.apply_to_join(actor=user, org_id=tree.union_a.pk)
    member = members.approve_join(actor=admin, request_id=request.pk)
    transfer = members.request_transfer(actor=user, to_org_id=tree.union_b.pk)
    members.reject_transfer(actor=admin, transfer_id=transfer.pk, reason="材料不全")
    other = make_member(tree.union_a2)
    members.record_member_left(actor=admin, member_id=other.pk, reason="退休")
    org = orgs.create_org(actor=admin, parent_id=tree.district_a.pk, name="新街道总工会", level="street",
                          region_code="330102")
    orgs.rename_org(actor=admin, org_id=org.pk, name="新街道工会联合会")
    orgs.move_org(actor=admin, org_id=org.pk, new_parent_id=tree.district_b.pk)
    accounts.reveal_member_field(actor=admin, member_id=member.pk, field="phone")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions >= {
        "account.register", "account.verify_identity", "member.join_apply", "member.join_approve",
        "member.transfer_apply", "member.transfer_reject", "member.left", "org.create", "org.rename", "org.move",
        "pii.reveal",
    }
    event = AuditEvent.objects.get(action="member.join_approve")
    assert event.actor == admin and event.org == tree.union_a


def test_audit_page_is_scoped(client, tree, make_user):
    audit.record(None, "org.rename", tree.union_a)
    audit.record(None, "org.rename", tree.union_b)
    staff_a = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff_a)
    body = client.get("/workbench/audit/?action=org.").content.decode()
    assert f"/workbench/orgs/{tree.union_a.pk}/" in body and f"/workbench/orgs/{tree.union_b.pk}/" not in body
    assert "组织更名" in body and ">org.rename<" not in body


def test_audit_page_reads_in_chinese_masks_personal_data_and_exports(client, tree, make_user):
    import io

    from openpyxl import load_workbook

    admin = make_user(roles=[(tree.district_a, "admin")], name="区管理员")
    audit.record(admin, "relief.reject", tree.union_a,
                 summary={"status": {"old": "submitted", "new": "rejected"}, "reason": "材料不全",
                          "phone": "13812345678", "id_number": "11010519491231002X"})
    client.force_login(admin)
    body = client.get("/workbench/audit/").content.decode()
    assert "退回帮扶申请" in body and ">relief.reject<" not in body
    assert "状态: 已提交 → 已退回" in body and "理由: 材料不全" in body
    assert "13812345678" not in body and "138****5678" in body and "11010519491231002X" not in body
    assert "区管理员" in body and tree.district_a.name in body  # the actor with their union
    assert "{&#x27;" not in body and "{'" not in body  # no Python dicts
    export = client.get("/workbench/audit/?export=xlsx")
    ws = load_workbook(io.BytesIO(export.content)).worksheets[0]
    values = [c.value for row in ws.iter_rows(min_row=3) for c in row]
    assert "退回帮扶申请" in values and not any("13812345678" in str(v) for v in values)
    assert AuditEvent.objects.filter(action="audit.export").exists()


def test_database_refuses_update_and_delete_of_audit_rows(tree):
    from django.db import DatabaseError, connection, transaction

    event = audit.record(None, "test.event", tree.city)
    statements = ["UPDATE core_auditevent SET action = 'x' WHERE id = %s"]
    if connection.vendor == "postgresql":
        statements.append("DELETE FROM core_auditevent WHERE id = %s")
    for sql in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"
