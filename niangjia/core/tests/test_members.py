"""Registration, identity, joining and transfers through the services and pages."""

import pytest

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent, JoinRequest, Member, Message, TransferRequest, User
from niangjia.core.services import accounts, members


@pytest.fixture
def applicant(db):
    user = accounts.register_user(phone="13911112222", password="Worker-pass-1", display_name="小李")
    return accounts.verify_identity(actor=user, real_name="李小梅", id_number="11010519491231002X")


def test_register_refuses_bad_phone_and_duplicates(db):
    with pytest.raises(Invalid):
        accounts.register_user(phone="12345", password="Worker-pass-1")
    accounts.register_user(phone="13911112222", password="Worker-pass-1")
    with pytest.raises(Conflict):
        accounts.register_user(phone="139-1111-2222", password="Other-pass-1")
    assert User.objects.count() == 1


def test_identity_refusals_write_nothing(db):
    user = accounts.register_user(phone="13911112222", password="Worker-pass-1")
    for bad in ("11010519491231002", "110105194912310021", "110105203001010011"):
        with pytest.raises(Invalid):
            accounts.verify_identity(actor=user, real_name="李小梅", id_number=bad)
    user.refresh_from_db()
    assert user.verified_at is None and user.id_index is None


def test_same_id_number_cannot_verify_two_accounts(applicant):
    other = accounts.register_user(phone="13933334444", password="Worker-pass-1")
    with pytest.raises(Conflict):
        accounts.verify_identity(actor=other, real_name="李小梅", id_number="11010519491231002X")
    other.refresh_from_db()
    assert other.verified_at is None


def test_join_approve_flow(tree, make_user, applicant):
    staff = make_user(roles=[(tree.street_a, "staff")])
    request = members.apply_to_join(actor=applicant, org_id=tree.union_a.pk)
    member = members.approve_join(actor=staff, request_id=request.pk)
    assert member.status == "active" and member.org == tree.union_a and member.user == applicant
    assert member.member_no.startswith(tree.union_a.region_code)
    assert member.birth_date.isoformat() == "1949-12-31" and member.gender == "F"
    assert Message.objects.filter(recipient=applicant, kind="member.join_approved").exists()
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "account.register", "account.verify_identity", "member.join_apply", "member.join_approve"}


def test_stale_approval_gives_one_member(tree, make_user, applicant):
    s1 = make_user(roles=[(tree.street_a, "staff")])
    s2 = make_user(roles=[(tree.district_a, "staff")])
    request = members.apply_to_join(actor=applicant, org_id=tree.union_a.pk)
    members.approve_join(actor=s1, request_id=request.pk)
    with pytest.raises(Conflict):
        members.approve_join(actor=s2, request_id=request.pk)
    assert Member.objects.count() == 1


def test_reject_needs_reason_and_scope(tree, make_user, applicant):
    staff_b = make_user(roles=[(tree.district_b, "staff")])
    staff_a = make_user(roles=[(tree.district_a, "staff")])
    request = members.apply_to_join(actor=applicant, org_id=tree.union_a.pk)
    with pytest.raises(NotFound):
        members.reject_join(actor=staff_b, request_id=request.pk, reason="不是本单位职工")
    with pytest.raises(Invalid):
        members.reject_join(actor=staff_a, request_id=request.pk, reason=" ")
    request.refresh_from_db()
    assert request.status == "pending"
    members.reject_join(actor=staff_a, request_id=request.pk, reason="不是本单位职工")
    request.refresh_from_db()
    assert request.status == "rejected" and request.reason == "不是本单位职工"


def test_unverified_user_cannot_apply(tree, db):
    user = accounts.register_user(phone="13955556666", password="Worker-pass-1")
    with pytest.raises(Invalid):
        members.apply_to_join(actor=user, org_id=tree.union_a.pk)
    assert JoinRequest.objects.count() == 0


def test_transfer_keeps_history(tree, make_user, make_member):
    member = make_member(tree.union_a)
    staff_b = make_user(roles=[(tree.district_b, "staff")])
    staff_a = make_user(roles=[(tree.district_a, "staff")])
    transfer = members.request_transfer(actor=member.user, to_org_id=tree.union_b.pk)
    with pytest.raises(NotFound):  # the receiving union decides, not the sending one
        members.approve_transfer(actor=staff_a, transfer_id=transfer.pk)
    new = members.approve_transfer(actor=staff_b, transfer_id=transfer.pk)
    member.refresh_from_db()
    assert member.status == "transferred" and new.status == "active" and new.org == tree.union_b
    assert new.id_index == member.id_index and new.user == member.user
    assert TransferRequest.objects.get().status == "approved"
    assert Member.objects.filter(id_index=member.id_index).count() == 2


def test_imported_roster_row_links_on_verification(tree, make_user, db):
    from niangjia.core.services.members import create_member_row

    roster = create_member_row(org=tree.union_a, user=None, name="赵师傅", id_number="440524188001010014")
    user = accounts.register_user(phone="13977778888", password="Worker-pass-1")
    accounts.verify_identity(actor=user, real_name="赵师傅", id_number="440524188001010014")
    roster.refresh_from_db()
    assert roster.user == user
