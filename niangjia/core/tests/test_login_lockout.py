"""Lockout without enumeration and password rules (issue 10, Accounts and sessions).

Cases from the issue text, not from the code:
- a stranger cannot lock a worker out: failures count per account AND client, so the worker's own client
  still logs in while the stranger's is locked;
- the lock grows (backoff) when the same client keeps failing;
- an unknown number and a wrong password get the same answer, and so does a locked pair for either;
- the token login shares the lock; an admin's unlock lifts it;
- Django's common-password and similarity validators: `password`, `aaaaaaaa` are refused, nothing created.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from niangjia.core.errors import Invalid
from niangjia.core.models import LoginThrottle, User
from niangjia.core.services import accounts

PHONE, PASSWORD = "13912345678", "Right-pass-2020"
STRANGER, WORKER = "10.1.1.1", "10.2.2.2"


@pytest.fixture
def worker(db):
    return User.objects.create_user(PHONE, PASSWORD, display_name="小王")


def attempt(client, ip, password, phone=PHONE):
    return client.post("/login/", {"phone": phone, "password": password}, REMOTE_ADDR=ip)


def fail_until_locked(client, settings, ip, phone=PHONE):
    for _ in range(settings.NIANGJIA_LOGIN_MAX_FAILURES):
        attempt(client, ip, "wrong-pass-1", phone=phone)


def test_a_stranger_cannot_lock_the_worker_out(client, worker, settings):
    fail_until_locked(client, settings, STRANGER)
    # The stranger's client is locked, even with the right password…
    body = attempt(client, STRANGER, PASSWORD).content.decode()
    assert "已暂时锁定" in body and "_auth_user_id" not in client.session
    # …the worker, on their own phone's network, logs in as usual.
    worker_client = Client()
    response = attempt(worker_client, WORKER, PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in worker_client.session


def test_the_lock_grows_for_a_client_that_keeps_failing(client, worker, settings):
    fail_until_locked(client, settings, STRANGER)
    first = LoginThrottle.objects.get().locked_until
    assert dt.timedelta(minutes=14) < first - timezone.now() <= dt.timedelta(minutes=15)
    LoginThrottle.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))  # the lock ran out
    fail_until_locked(client, settings, STRANGER)
    second = LoginThrottle.objects.get().locked_until
    assert dt.timedelta(minutes=29) < second - timezone.now() <= dt.timedelta(minutes=30)


def test_unknown_number_and_wrong_password_read_the_same(client, worker, settings):
    def answer(phone, ip):
        body = attempt(client, ip, "wrong-pass-1", phone=phone).content.decode()
        errors = re.findall(r'class="[^"]*alert[^"]*"[^>]*>(.*?)</div>', body, re.S)
        assert errors
        return " ".join(errors)

    assert "手机号或密码不对" in answer(PHONE, STRANGER)
    assert answer("13900000999", STRANGER) == answer(PHONE, STRANGER)
    # Locked: the same words for a number that has no account.
    fail_until_locked(client, settings, STRANGER, phone="13900000999")
    fail_until_locked(client, settings, STRANGER)
    unknown_locked = attempt(client, STRANGER, PASSWORD, phone="13900000999").content.decode()
    known_locked = attempt(client, STRANGER, PASSWORD).content.decode()
    assert "已暂时锁定" in unknown_locked and "已暂时锁定" in known_locked


def test_success_clears_the_count_for_that_client(client, worker, settings):
    for _ in range(settings.NIANGJIA_LOGIN_MAX_FAILURES - 1):
        attempt(client, WORKER, "wrong-pass-1")
    assert attempt(client, WORKER, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.NIANGJIA_LOGIN_MAX_FAILURES - 1):
        attempt(client, WORKER, "wrong-pass-1")
    assert attempt(client, WORKER, PASSWORD).status_code == 302


def test_token_login_shares_the_lock_and_an_admin_unlock_lifts_it(client, worker, settings, tree, make_user,
                                                                  make_member):
    fail_until_locked(client, settings, STRANGER)
    api = Client(enforce_csrf_checks=True)
    response = api.post("/api/v1/auth/token", {"phone": PHONE, "password": PASSWORD},
                        content_type="application/json", REMOTE_ADDR=STRANGER)
    assert response.status_code == 401
    response = api.post("/api/v1/auth/token", {"phone": PHONE, "password": PASSWORD},
                        content_type="application/json", REMOTE_ADDR=WORKER)
    assert response.status_code == 200 and response.json()["token"]
    # The admins see the account as locked and can lift every lock on it.
    worker.refresh_from_db()
    assert worker.locked_until is not None
    admin = make_user(roles=[(tree.city, "admin")])
    accounts.unlock_account(actor=admin, user_id=worker.pk)
    assert not LoginThrottle.objects.filter(user=worker).exists()
    assert attempt(client, STRANGER, PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["password", "aaaaaaaa", "13900000123", "Password1"])
def test_register_refuses_common_and_similar_passwords(db, password):
    with pytest.raises(Invalid):
        accounts.register_user(phone="13900000123", password=password, display_name="小李")
    assert not User.objects.exists()


def test_register_accepts_a_good_password(db):
    assert accounts.register_user(phone="13900000123", password="Xiaoli-2020-go", display_name="小李").pk
