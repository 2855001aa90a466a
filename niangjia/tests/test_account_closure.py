"""注销账号 (个人信息保护法 第四十七条): identity re-checked, personal data deleted or anonymised except what law or
finance requires the union to keep, which is listed with its retention; the account cannot log in. Checked on the
raw tables."""

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.urls import reverse

from niangjia.core import notifications, pii
from niangjia.core.errors import Invalid
from niangjia.core.models import AuditEvent, Member, Message, User
from niangjia.core.services import account_closure

pytestmark = pytest.mark.django_db


def _raw_user_row(pk: int) -> dict:
    with connection.cursor() as cur:
        cur.execute("SELECT phone, phone_index, id_number, id_index, real_name, display_name, is_active "
                    "FROM core_user WHERE id = %s", [pk])
        return dict(zip(["phone", "phone_index", "id_number", "id_index", "real_name", "display_name", "is_active"],
                        cur.fetchone(), strict=True))


def test_wrong_password_closes_nothing(tree, make_member):
    member = make_member(tree.union_a, name="周师傅")
    with pytest.raises(Invalid):
        account_closure.close_account(actor=member.user, password="wrong-password")
    member.user.refresh_from_db()
    assert member.user.is_active and member.user.phone


def test_closing_deletes_personal_data_and_keeps_what_the_union_must(client, tree, make_member):
    from niangjia.rights.services import cases

    member = make_member(tree.union_a, name="周师傅", phone="13912340088")
    user = member.user
    phone, id_number = user.phone, user.id_number
    notifications.notify(user, "test", "一条消息")
    cases.open_online_case(user, category="wages", description="三个月没发工资，老板一直拖着不给，怎么办？")
    client.force_login(user)
    page = client.get(reverse("core:close_account")).content.decode()
    assert 'data-testid="kept"' in page and "求助 1 条" in page and "会籍 1 条" in page
    response = client.post(reverse("core:close_account"), {"confirm": "1", "password": "Test-pass-2020"})
    assert response.status_code == 302
    raw = _raw_user_row(user.pk)
    assert raw["phone"] == "" and raw["id_number"] == "" and raw["id_index"] is None and raw["real_name"] == ""
    assert raw["phone_index"] == f"closed:{user.pk}" and not raw["is_active"]
    assert not Message.objects.filter(recipient_id=user.pk).exists()
    assert not Member.objects.filter(user_id=user.pk).exists()  # the union's roster row no longer leads to a login
    assert Member.objects.filter(pk=member.pk).exists()
    # Nothing decryptable left on the account row, and the old number finds no one.
    assert not User.objects.filter(phone_index=pii.blind_index(phone, purpose="phone")).exists()
    assert not User.objects.filter(id_index=pii.blind_index(id_number, purpose="id")).exists()
    assert authenticate(phone=phone, password="Test-pass-2020") is None
    event = AuditEvent.objects.get(action="account.close")
    assert phone not in str(event.summary) and id_number not in str(event.summary)


def test_staff_must_give_up_their_roles_first(tree, make_user):
    staff = make_user(roles=[(tree.union_a, "staff")], password="Test-pass-2020")
    with pytest.raises(Invalid, match="收回角色"):
        account_closure.close_account(actor=staff, password="Test-pass-2020")


def test_kept_records_and_their_periods_do_not_depend_on_the_page_language(tree, make_member):
    from django.utils import translation

    from niangjia.rights.services import cases

    member = make_member(tree.union_a)
    cases.open_online_case(member.user, category="wages", description="三个月没发工资，老板一直拖着不给，怎么办？")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            rows = account_closure.kept_records(member.user)
        periods = sorted(r["retention"] for r in rows)
        assert periods == sorted([account_closure.DEFAULT_RETENTION["help"],
                                  account_closure.DEFAULT_RETENTION["membership"]])
