"""更正申请 (个人信息保护法 第四十六条): a member asks, the union's staff handle it from the to-do centre."""

import pytest
from django.urls import reverse

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import CorrectionRequest, Message
from niangjia.core.services import corrections

pytestmark = pytest.mark.django_db


def test_member_asks_staff_of_the_union_correct_and_the_member_hears(client, tree, make_member, make_user):
    member = make_member(tree.union_a, name="冯师傅")
    client.force_login(member.user)
    client.post(reverse("core:correction_request"), {"field": "name", "value": "冯建华", "reason": "名字登记错了"})
    request = CorrectionRequest.objects.get(user=member.user)
    assert request.org == tree.union_a and request.requested == "冯建华"
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    todo = client.get(reverse("core:workbench")).content.decode()
    assert "个人信息更正申请" in todo
    page = client.get(reverse("core:corrections")).content.decode()
    assert "冯建华" in page
    client.post(reverse("core:corrections"), {"id": request.pk, "action": "done", "note": "已改正"})
    request.refresh_from_db()
    assert request.status == "done" and request.decided_by == staff
    assert Message.objects.filter(recipient=member.user, title__contains="已更正").exists()


def test_refusals_change_nothing(tree, make_member, make_user):
    member = make_member(tree.union_a)
    with pytest.raises(Invalid):
        corrections.request_correction(actor=member.user, field="shoe_size", value="42")
    corrections.request_correction(actor=member.user, field="phone", value="13912349999")
    with pytest.raises(Conflict):
        corrections.request_correction(actor=member.user, field="phone", value="13912348888")
    request = CorrectionRequest.objects.get()
    other_district = make_user(roles=[(tree.district_b, "staff")])
    with pytest.raises(NotFound):
        corrections.decide_correction(actor=other_district, request_id=request.pk, corrected=True)
    staff = make_user(roles=[(tree.district_a, "staff")])
    with pytest.raises(Invalid, match="原因"):
        corrections.decide_correction(actor=staff, request_id=request.pk, corrected=False)
    request.refresh_from_db()
    assert request.status == "pending" and CorrectionRequest.objects.count() == 1


def test_staff_page_masks_a_requested_mobile_number(client, tree, make_member, make_user):
    member = make_member(tree.union_a)
    corrections.request_correction(actor=member.user, field="phone", value="13912349999")
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))
    page = client.get(reverse("core:corrections")).content.decode()
    assert "139****9999" in page and "13912349999" not in page
