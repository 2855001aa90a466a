"""SMS codes for registration, password recovery and login (issue 13), read from the outbox as a phone would."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from niangjia.core.models import AuditEvent, OutboxItem, PhoneCode, User

pytestmark = pytest.mark.django_db
PHONE = "13912340001"


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def last_code() -> str:
    item = OutboxItem.objects.filter(message__isnull=True, channel="sms").order_by("-id").first()
    assert item is not None, "no SMS in the outbox"
    return re.search(r"\b(\d{6})\b", item.text).group(1)


def sms_count() -> int:
    return OutboxItem.objects.filter(message__isnull=True, channel="sms").count()


def test_registration_verifies_the_phone_with_a_code(client):
    url = reverse("core:register")
    page = client.post(url, {"phone": PHONE, "action": "send"}).content.decode()
    assert "验证码已发送" in page and sms_count() == 1
    data = {"phone": PHONE, "password": "Good-pass-2026", "password2": "Good-pass-2026", "action": "register"}
    wrong = client.post(url, {**data, "code": "000000" if last_code() != "000000" else "111111"})
    assert "验证码不正确，还可以再试 4 次" in wrong.content.decode()
    assert not User.objects.exists()
    ok = client.post(url, {**data, "code": last_code()})
    assert ok.status_code == 302
    user = User.objects.get()
    assert user.phone_verified_at is not None
    again = client.post(url, {**data, "code": last_code()})  # a used code does not work twice
    assert User.objects.count() == 1 and again.status_code == 200


def test_register_without_a_code_is_refused(client):
    body = client.post(reverse("core:register"), {"phone": PHONE, "password": "Good-pass-2026",
                                                  "password2": "Good-pass-2026", "action": "register"})
    assert "验证码" in body.content.decode() and not User.objects.exists()


def test_password_recovery_by_code_also_lifts_the_lock(client, make_user):
    user = make_user(phone=PHONE, password="Old-pass-2020")
    User.objects.filter(pk=user.pk).update(failed_logins=5, locked_until=timezone.now() + timezone.timedelta(minutes=15))
    url = reverse("core:password_reset")
    client.post(url, {"phone": PHONE, "action": "send"})
    resp = client.post(url, {"phone": PHONE, "code": last_code(), "new_password": "New-pass-2026",
                             "new_password2": "New-pass-2026", "action": "reset"})
    assert resp.status_code == 302 and resp["Location"] == reverse("core:login")
    user.refresh_from_db()
    assert user.check_password("New-pass-2026") and user.locked_until is None and user.failed_logins == 0
    assert AuditEvent.objects.filter(action="account.password_reset").count() == 1


def test_unknown_number_gets_the_same_answer_and_no_sms(client, make_user):
    make_user(phone=PHONE)
    known = client.post(reverse("core:password_reset"), {"phone": PHONE, "action": "send"}).content.decode()
    Client().get("/")
    from django.core.cache import cache

    cache.clear()
    unknown = client.post(reverse("core:password_reset"), {"phone": "13912340002", "action": "send"}).content.decode()
    assert "验证码已发送" in known and "验证码已发送" in unknown
    assert sms_count() == 1


def test_code_expires_after_five_minutes_and_allows_five_tries(client, make_user):
    make_user(phone=PHONE)
    url = reverse("core:code_login")
    client.post(url, {"phone": PHONE, "action": "send"})
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        body = client.post(url, {"phone": PHONE, "code": wrong, "action": "login"}).content.decode()
        assert f"还可以再试 {left} 次" in body
    body = client.post(url, {"phone": PHONE, "code": wrong, "action": "login"}).content.decode()
    assert "错误次数过多" in body
    body = client.post(url, {"phone": PHONE, "code": code, "action": "login"}).content.decode()
    assert "_auth_user_id" not in client.session and "验证码不正确或已过期" in body
    from django.core.cache import cache

    cache.clear()
    client.post(url, {"phone": PHONE, "action": "send"})
    PhoneCode.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    body = client.post(url, {"phone": PHONE, "code": last_code(), "action": "login"}).content.decode()
    assert "验证码不正确或已过期" in body and "_auth_user_id" not in client.session


def test_login_by_code(client, make_user):
    user = make_user(phone=PHONE)
    url = reverse("core:code_login")
    client.post(url, {"phone": PHONE, "action": "send"})
    resp = client.post(url, {"phone": PHONE, "code": last_code(), "action": "login"})
    assert resp.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_codes_are_rate_limited_per_number(client, make_user):
    make_user(phone=PHONE)
    url = reverse("core:code_login")
    client.post(url, {"phone": PHONE, "action": "send"})
    body = client.post(url, {"phone": PHONE, "action": "send"}).content.decode()
    assert "太频繁" in body and sms_count() == 1


def test_only_a_hash_of_the_code_is_stored(client, make_user):
    make_user(phone=PHONE)
    client.post(reverse("core:code_login"), {"phone": PHONE, "action": "send"})
    row = PhoneCode.objects.get()
    assert last_code() not in row.code_hash and len(row.code_hash) == 64
