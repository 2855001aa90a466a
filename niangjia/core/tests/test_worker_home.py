"""The worker's side: home tiles, hotline, 我的办事, desktop header, elder mode, change password."""

import pytest
from django.urls import reverse

from niangjia.core.models import AuditEvent, JoinRequest
from niangjia.core.services import members

pytestmark = pytest.mark.django_db


def test_hotline_is_a_tap_to_call_link_and_configurable(client, settings, db):
    body = client.get("/").content.decode()
    assert 'href="tel:12351"' in body
    settings.NIANGJIA_HOTLINE = "0571-12351"
    body = client.get("/").content.decode()
    assert 'href="tel:057112351"' in body and "0571-12351" in body


def test_member_home_tiles_offer_card_business_self_test_and_hotline(client, tree, make_member):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    body = client.get("/").content.decode()
    for tile in ('data-tile="membership"', 'data-tile="my_business"', 'data-tile="relief:self_test"',
                 'data-tile="hotline"'):
        assert tile in body
    assert "会员证" in body and "申请入会" not in body


def test_verified_non_member_is_offered_to_join(client, tree, make_user):
    from django.utils import timezone

    user = make_user()
    user.verified_at = timezone.now()
    user.save()
    client.force_login(user)
    body = client.get("/").content.decode()
    assert "申请入会" in body and reverse("core:join") in body


def test_pending_join_request_shows_on_home_and_in_my_business(client, tree, make_user):
    from django.utils import timezone

    user = make_user()
    user.verified_at = timezone.now()
    user.save()
    members.apply_to_join(actor=user, org_id=tree.union_a.pk)
    client.force_login(user)
    home = client.get("/").content.decode()
    assert 'data-testid="pending-card"' in home and "入会申请" in home and "一般 3 个工作日内" in home
    page = client.get(reverse("core:my_business")).content.decode()
    request = JoinRequest.objects.get(user=user)
    assert f"第{request.pk}号" in page and "审核中" in page and tree.union_a.name in page


def test_my_business_is_empty_with_a_way_forward(client, tree, make_member):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    body = client.get(reverse("core:my_business")).content.decode()
    assert "您还没有办理任何事项" in body and "看看能办什么" in body


def test_desktop_header_has_name_me_and_log_out(client, tree, make_member):
    member = make_member(tree.union_a, name="陈师傅")
    client.force_login(member.user)
    body = client.get("/").content.decode()
    assert 'data-testid="header-name"' in body and "陈师傅" in body
    assert 'data-testid="header-logout"' in body and "退出登录" in body and "注销" not in body


def test_elder_mode_is_remembered_per_account(client, tree, make_member):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    assert "nj-elder" not in client.get("/").content.decode()
    client.post(reverse("core:elder_mode"), {"on": "1"})
    member.user.refresh_from_db()
    assert member.user.elder_mode is True
    body = client.get("/").content.decode()
    assert 'class="nj-elder' in body
    assert body.count('class="nj-tile"') <= 6
    client.post(reverse("core:elder_mode"), {"on": "0"})
    member.user.refresh_from_db()
    assert member.user.elder_mode is False


def test_change_password_checks_the_current_one(client, tree, make_member):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    url = reverse("core:password_change")
    wrong = client.post(url, {"old_password": "nope-nope-1", "new_password": "Brand-new-2026",
                              "new_password2": "Brand-new-2026"})
    assert wrong.status_code == 200 and "当前密码不正确" in wrong.content.decode()
    member.user.refresh_from_db()
    assert member.user.check_password("Test-pass-2020")
    mismatch = client.post(url, {"old_password": "Test-pass-2020", "new_password": "Brand-new-2026",
                                 "new_password2": "Brand-new-2027"})
    assert "两次输入的密码不一样" in mismatch.content.decode()
    ok = client.post(url, {"old_password": "Test-pass-2020", "new_password": "Brand-new-2026",
                           "new_password2": "Brand-new-2026"})
    assert ok.status_code == 302
    member.user.refresh_from_db()
    assert member.user.check_password("Brand-new-2026")
    assert AuditEvent.objects.filter(action="account.password_change").count() == 1
    assert client.get(reverse("core:me")).status_code == 200  # still logged in


def test_login_inputs_are_large_controls(client, db):
    body = client.get(reverse("core:login")).content.decode()
    assert body.count('class="form-control"') >= 2


def test_join_offers_regional_industry_and_new_employment_unions(client, tree, make_user):
    from django.utils import timezone

    from niangjia.conftest import make_org
    from niangjia.core.models import Org

    regional = make_org("湖滨街道联合工会", "grassroots", tree.street_a, uscc="81330102MC0000001Y", employer="辖区小微企业")
    riders = make_org("上城区新就业形态劳动者工会", "grassroots", tree.district_a, uscc="81330102MC0000002W",
                      employer="快递员、外卖骑手")
    Org.objects.filter(pk=regional.pk).update(kind=Org.Kind.REGIONAL)
    Org.objects.filter(pk=riders.pk).update(kind=Org.Kind.NEW_EMPLOYMENT)
    user = make_user()
    user.verified_at = timezone.now()
    user.save()
    client.force_login(user)
    page = client.get(reverse("core:join"), {"q": "没有这个单位"}).content.decode()
    assert 'data-testid="no-union"' in page and " open>" in page.split('data-testid="no-union"')[1][:20]
    assert "湖滨街道联合工会" in page and "上城区新就业形态劳动者工会" in page
    assert "快递员、网约车司机、外卖骑手" in page
    resp = client.post(reverse("core:join"), {"org_id": riders.pk, "employer_department": "某外卖平台骑手"})
    assert resp.status_code == 302
    assert JoinRequest.objects.get(user=user).org == riders


def test_member_sees_and_downloads_what_the_platform_holds_and_who_viewed_it(client, tree, make_member, make_user):
    """个人信息保护法: see and export one's data, including the audit of unmasked reads."""
    import io

    from openpyxl import load_workbook

    from niangjia.core.models import AuditEvent
    from niangjia.core.services import accounts

    member = make_member(tree.union_a, name="孙师傅", phone="13912340077")
    approver = make_user(roles=[(tree.district_a, "approver")], name="区审批人")
    accounts.reveal_member_field(actor=approver, member_id=member.pk, field="phone")
    client.force_login(member.user)
    page = client.get(reverse("core:personal_data")).content.decode()
    assert "139****0077" in page and "13912340077" not in page
    assert "区审批人" in page.split('data-testid="reveals"')[1]
    response = client.get(reverse("core:personal_data_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "13912340077" in cells and any("区审批人" in c for c in cells)
    event = AuditEvent.objects.get(action="pii.self_export")
    assert "13912340077" not in str(event.summary)


def test_my_data_lists_messages_by_title_and_keeps_the_page_notices(client, tree, make_member):
    """The inbox was passed as `messages`, which shadowed Django's notices: the page showed "Message object (1)"."""
    from niangjia.core.models import Message

    member = make_member(tree.union_a, name="孙师傅", phone="13912340078")
    Message.objects.create(recipient=member.user, title="您的入会申请已通过")
    client.force_login(member.user)
    page = client.get(reverse("core:personal_data")).content.decode()
    assert "您的入会申请已通过" in page
    assert "Message object" not in page
