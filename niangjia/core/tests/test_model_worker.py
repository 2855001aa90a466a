"""The model-worker (劳模) tag: set by staff in scope through a service, audited, imported from Excel, shown."""

import pytest

from niangjia.conftest import id_number_for
from niangjia.core import selectors
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent, Member
from niangjia.core.services import members, roster
from niangjia.core.tests.test_roster_io import HEADERS, xlsx


def test_staff_in_scope_tags_and_untags_with_audit(tree, make_user, make_member):
    m = make_member(tree.union_a)
    staff = make_user(roles=[(tree.district_a, "staff")])
    members.set_model_worker(actor=staff, member_id=m.pk, model_worker=True, title=" 省劳动模范 ")
    m.refresh_from_db()
    assert m.model_worker and m.model_worker_title == "省劳动模范"
    event = AuditEvent.objects.get(action="member.model_worker")
    assert event.actor_id == staff.pk and event.org_id == tree.union_a.pk and event.object_id == str(m.pk)
    assert event.summary["after"] == {"model_worker": True, "title": "省劳动模范"}
    members.set_model_worker(actor=staff, member_id=m.pk, model_worker=False, title="省劳动模范")
    m.refresh_from_db()
    assert not m.model_worker and m.model_worker_title == ""  # untagging clears the title
    assert AuditEvent.objects.filter(action="member.model_worker").count() == 2


def test_out_of_scope_member_and_self_cannot_tag(tree, make_user, make_member):
    m = make_member(tree.union_a)
    other = make_user(roles=[(tree.district_b, "staff")])
    with pytest.raises(NotFound):
        members.set_model_worker(actor=other, member_id=m.pk, model_worker=True)
    with pytest.raises(NotFound):  # a member cannot tag themself
        members.set_model_worker(actor=m.user, member_id=m.pk, model_worker=True)
    m.refresh_from_db()
    assert not m.model_worker
    assert not AuditEvent.objects.filter(action="member.model_worker").exists()


def test_bad_title_and_inactive_member_write_nothing(tree, make_user, make_member):
    m = make_member(tree.union_a)
    staff = make_user(roles=[(tree.district_a, "staff")])
    with pytest.raises(Invalid, match="劳模荣誉称号"):
        members.set_model_worker(actor=staff, member_id=m.pk, model_worker=True, title="劳" * 61)
    Member.objects.filter(pk=m.pk).update(status="left")
    with pytest.raises(Conflict):
        members.set_model_worker(actor=staff, member_id=m.pk, model_worker=True)
    m.refresh_from_db()
    assert not m.model_worker
    assert not AuditEvent.objects.filter(action="member.model_worker").exists()


def test_selector_lists_active_model_workers_of_a_subtree(tree, make_user, make_member):
    staff = make_user(roles=[(tree.city, "staff")])
    a = make_member(tree.union_a)
    make_member(tree.union_a)
    b = make_member(tree.union_b)
    gone = make_member(tree.union_a2)
    Member.objects.filter(pk__in=[a.pk, b.pk, gone.pk]).update(model_worker=True)
    Member.objects.filter(pk=gone.pk).update(status="left")
    assert set(selectors.model_workers_in(actor=staff, org_id=tree.district_a.pk)) == {a}
    assert set(selectors.model_workers_in(actor=staff, org_id=tree.city.pk)) == {a, b}
    district_b_staff = make_user(roles=[(tree.district_b, "staff")])
    with pytest.raises(NotFound):
        selectors.model_workers_in(actor=district_b_staff, org_id=tree.district_a.pk)


def test_import_reads_the_optional_model_worker_columns(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    headers = HEADERS + ["劳模", "劳模称号"]
    bad = xlsx([
        ["张三", "11010519491231002X", "", tree.union_a.uscc, "", "也许", ""],
        ["李四", "440524188001010014", "", tree.union_a.uscc, "", "否", "全国劳动模范"],
    ], headers=headers)
    with pytest.raises(Exception) as exc:
        roster.import_members(actor=staff, upload=bad)
    lines = {e.line: e.reason for e in exc.value.errors}
    assert "是" in lines[2] and "劳模称号" in lines[3]
    assert Member.objects.count() == 0
    count = roster.import_members(actor=staff, upload=xlsx([
        ["张三", "11010519491231002X", "", tree.union_a.uscc, "", "是", "省劳动模范"],
        ["李四", "440524188001010014", "", tree.union_a.uscc, "", "", "市劳动模范"],
        ["王五", id_number_for(7), "", tree.union_a.uscc, "", "", ""],
    ], headers=headers))
    assert count == 3
    flags = {m.name: (m.model_worker, m.model_worker_title) for m in Member.objects.all()}
    assert flags == {"张三": (True, "省劳动模范"), "李四": (True, "市劳动模范"), "王五": (False, "")}
    assert AuditEvent.objects.get(action="member.import").summary == {"rows": 3, "model_workers": 2}


def test_transfer_keeps_the_tag(tree, make_user, make_member):
    from niangjia.core.models import TransferRequest

    m = make_member(tree.union_a)
    Member.objects.filter(pk=m.pk).update(model_worker=True, model_worker_title="省劳动模范")
    staff_b = make_user(roles=[(tree.union_b, "staff")])
    transfer = TransferRequest.objects.create(member=m, from_org=tree.union_a, to_org=tree.union_b)
    new = members.approve_transfer(actor=staff_b, transfer_id=transfer.pk)
    assert new.model_worker and new.model_worker_title == "省劳动模范"


def test_detail_page_shows_and_sets_the_tag(client, tree, make_user, make_member):
    m = make_member(tree.union_a)
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    body = client.get(f"/workbench/members/{m.pk}/").content.decode()
    assert 'data-model-worker="0"' in body and "劳模" in body
    response = client.post(f"/workbench/members/{m.pk}/", {"action": "model_worker", "model_worker": "1",
                                                           "model_worker_title": "全国劳动模范"})
    assert response.status_code == 302
    body = client.get(f"/workbench/members/{m.pk}/").content.decode()
    assert 'data-model-worker="1"' in body and "全国劳动模范" in body
    other = make_user(roles=[(tree.district_b, "staff")])
    client.force_login(other)
    assert client.post(f"/workbench/members/{m.pk}/", {"action": "model_worker", "model_worker": "0"}).status_code == 404
    m.refresh_from_db()
    assert m.model_worker
