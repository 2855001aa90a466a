"""Admins add volunteer lawyers and psychologists to their own unions' desks, or pause them."""

import pytest
from django.urls import reverse

from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import AuditEvent, OrgRole
from niangjia.rights.models import Counsellor
from niangjia.rights.services import cases, config

pytestmark = pytest.mark.django_db
URL = "/rights/workbench/settings/volunteers/"
DESC = "公司连续三个月拖欠工资不发，老板一直拖着，我该怎么讨薪？"


@pytest.fixture
def admin_a(tree, make_user):
    return make_user(roles=[(tree.district_a, "admin")])


def test_admin_adds_a_volunteer_lawyer_who_can_then_take_cases(client, tree, admin_a, make_member):
    lawyer = make_member(tree.union_a, name="张律师").user
    client.force_login(admin_a)
    client.post(URL, {"op": "enrol", "org": tree.district_a.pk, "phone": lawyer.phone, "kind": "lawyer",
                      "display_name": "张律师（湖滨律师事务所）", "bio": "劳动争议"})
    c = Counsellor.objects.get(user=lawyer)
    assert (c.org, c.kind, c.active) == (tree.district_a, "lawyer", True)
    assert OrgRole.objects.filter(user=lawyer, org=tree.district_a, role="lawyer").exists()
    assert {"role.grant", "rights.counsellor_register"} <= set(AuditEvent.objects.values_list("action", flat=True))
    body = client.get(URL).content.decode()
    assert "张律师（湖滨律师事务所）" in body and lawyer.phone not in body
    client.force_login(lawyer)
    assert client.get(reverse("rights:workbench")).status_code == 200

    worker = make_member(tree.union_a, name="求助职工").user
    first = cases.open_online_case(worker, category="wages", description=DESC)
    cases.assign(admin_a, case_id=first.pk, assignee_id=lawyer.pk)
    client.force_login(admin_a)
    client.post(URL, {"op": "pause", "id": c.pk})
    c.refresh_from_db()
    assert not c.active
    second = cases.open_online_case(worker, category="wages", description=DESC)
    with pytest.raises(Invalid):  # a paused volunteer takes no new cases
        cases.assign(admin_a, case_id=second.pk, assignee_id=lawyer.pk)


def test_bad_input_changes_nothing(client, tree, admin_a, make_member, make_user):
    client.force_login(admin_a)
    worker = make_member(tree.union_a).user
    unverified = make_user()
    for data, reason in [
        ({"phone": "12", "kind": "lawyer", "display_name": "李律师"}, "11 位手机号"),
        ({"phone": unverified.phone, "kind": "lawyer", "display_name": "李律师"}, "实名认证"),
        ({"phone": worker.phone, "kind": "judge", "display_name": "李律师"}, "律师或心理咨询师"),
        ({"phone": worker.phone, "kind": "lawyer", "display_name": "李"}, "称呼"),
    ]:
        body = client.post(URL, {"op": "enrol", "org": tree.district_a.pk, **data}, follow=True).content.decode()
        assert reason in body
    assert not Counsellor.objects.exists()
    assert not OrgRole.objects.filter(user=worker).exists()


def test_other_district_and_non_admins_are_refused(client, tree, admin_a, make_member, make_user):
    worker = make_member(tree.union_b).user
    with pytest.raises(NotFound):
        config.enrol_volunteer(admin_a, org_id=tree.district_b.pk, phone=worker.phone, kind="lawyer",
                               display_name="王律师")
    theirs = make_member(tree.union_b).user
    other_admin = make_user(roles=[(tree.district_b, "admin")])
    c = config.enrol_volunteer(other_admin, org_id=tree.district_b.pk, phone=theirs.phone, kind="psychologist",
                               display_name="赵老师")
    with pytest.raises(NotFound):
        config.set_volunteer_active(admin_a, counsellor_id=c.pk, active=False)
    client.force_login(admin_a)
    assert "赵老师" not in client.get(URL).content.decode()
    assert "赵老师" not in client.get(URL, {"q": "赵"}).content.decode()  # nor when searched for
    staff = make_user(roles=[(tree.district_a, "approver")])
    client.force_login(staff)
    assert client.get(URL).status_code == 404
    assert not Counsellor.objects.filter(user=worker).exists()
