"""API authentication as a real client: bearer tokens skip CSRF, sessions keep it, token login/logout.

Cases (issue 10, "API for mini-programs and apps"):
- a request with a valid bearer token writes without a CSRF token;
- a session-authenticated write without the CSRF token is refused (403, Chinese), nothing changes; with it, it works;
- POST /api/v1/auth/token {phone, password} -> {token, expires_at}; the token works; wrong passwords count
  towards the same lock as the login page, and a locked account gets no token even with the right password;
- tokens expire (setting, default 30 days); an expired or revoked token answers 401;
- DELETE /api/v1/auth/token revokes the presented token; the user lists and revokes their tokens;
- an admin revokes tokens of accounts in their scope only (404 outside, nothing changes);
- manage.py create_api_token --file writes one token per line.
"""

import datetime as dt
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from niangjia.core.models import ApiToken, JoinRequest, User
from niangjia.core.services import accounts

PASSWORD = "Test-pass-2020"


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def worker(make_user):
    user = make_user(phone="13912345678")
    accounts.verify_identity(actor=user, real_name="周师傅", id_number="11010519491231002X")
    return user


def _login_for_token(client, phone="13912345678", password=PASSWORD, **extra):
    return client.post("/api/v1/auth/token", {"phone": phone, "password": password, **extra},
                       content_type="application/json")


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_bearer_post_is_not_csrf_checked(csrf_client, tree, worker):
    response = _login_for_token(csrf_client)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    token = body["token"]
    response = csrf_client.post("/api/v1/members/join", {"org_id": tree.union_a.pk},
                                content_type="application/json", **_bearer(token))
    assert response.status_code == 201, response.content
    assert JoinRequest.objects.filter(user=worker).count() == 1


def test_session_write_keeps_csrf(csrf_client, tree, worker):
    csrf_client.force_login(worker)
    response = csrf_client.post("/api/v1/members/join", {"org_id": tree.union_a.pk}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed" and "刷新" in response.json()["message"]
    assert not JoinRequest.objects.exists()
    csrf_client.get("/login/")  # any page with a form sets the CSRF cookie
    csrftoken = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post("/api/v1/members/join", {"org_id": tree.union_a.pk},
                                content_type="application/json", HTTP_X_CSRFTOKEN=csrftoken)
    assert response.status_code == 201, response.content


def test_anonymous_write_is_401_not_csrf(csrf_client, tree):
    response = csrf_client.post("/api/v1/members/join", {"org_id": tree.union_a.pk}, content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    response = csrf_client.post("/api/v1/members/join", {"org_id": tree.union_a.pk},
                                content_type="application/json", **_bearer("not-a-token"))
    assert response.status_code == 401


def test_token_login_refusals_share_the_login_lock(csrf_client, worker, settings):
    unknown = _login_for_token(csrf_client, phone="13800000000")
    wrong = _login_for_token(csrf_client, password="wrong-password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["message"] == wrong.json()["message"]  # no hint whether the number exists
    for _ in range(settings.NIANGJIA_LOGIN_MAX_FAILURES - 1):
        _login_for_token(csrf_client, password="wrong-password")
    worker.refresh_from_db()
    assert worker.locked_until and worker.locked_until > timezone.now()
    locked = _login_for_token(csrf_client)  # the right password, but locked
    assert locked.status_code == 401
    assert not ApiToken.objects.filter(user=worker).exists()
    # the login page sees the same lock
    page = Client().post("/login/", {"phone": "13912345678", "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in page.client.session


def test_token_expires(csrf_client, worker, settings):
    settings.NIANGJIA_API_TOKEN_DAYS = 7
    body = _login_for_token(csrf_client).json()
    api_token = ApiToken.objects.get(user=worker)
    assert abs(api_token.expires_at - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)
    assert csrf_client.get("/api/v1/me", **_bearer(body["token"])).status_code == 200
    ApiToken.objects.filter(pk=api_token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert csrf_client.get("/api/v1/me", **_bearer(body["token"])).status_code == 401


def test_logout_revokes_the_presented_token_only(csrf_client, worker):
    first = _login_for_token(csrf_client, name="小程序").json()["token"]
    second = _login_for_token(csrf_client, name="平板").json()["token"]
    assert csrf_client.delete("/api/v1/auth/token", **_bearer(first)).status_code == 204
    assert csrf_client.get("/api/v1/me", **_bearer(first)).status_code == 401
    assert csrf_client.get("/api/v1/me", **_bearer(second)).status_code == 200
    listed = csrf_client.get("/api/v1/auth/tokens", **_bearer(second)).json()
    assert [(t["name"], t["revoked_at"] is not None, t["current"]) for t in listed] == [
        ("平板", False, True), ("小程序", True, False)]
    assert "token" not in listed[0] and "digest" not in listed[0]


def test_user_revokes_own_token_but_not_anothers(csrf_client, worker, make_user):
    token = _login_for_token(csrf_client).json()["token"]
    other = make_user()
    ApiToken.objects.create(user=other, name="x", digest=hashlib.sha256(b"other").hexdigest())
    other_token = ApiToken.objects.get(user=other)
    response = csrf_client.delete(f"/api/v1/auth/tokens/{other_token.pk}", **_bearer(token))
    assert response.status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None
    mine = ApiToken.objects.get(user=worker)
    assert csrf_client.delete(f"/api/v1/auth/tokens/{mine.pk}", **_bearer(token)).status_code == 204
    assert csrf_client.get("/api/v1/me", **_bearer(token)).status_code == 401


def test_admin_revokes_tokens_in_scope_only(csrf_client, tree, make_user, make_member):
    member_a = make_member(tree.union_a)
    member_b = make_member(tree.union_b)
    for member in (member_a, member_b):
        ApiToken.objects.create(user=member.user, name="app", digest=hashlib.sha256(str(member.pk).encode()).hexdigest())
    admin_a = make_user(roles=[(tree.district_a, "admin")])
    staff_a = make_user(roles=[(tree.district_a, "staff")])
    admin_token = _login_for_token(csrf_client, phone=User.objects.get(pk=admin_a.pk).phone).json()["token"]
    staff_token = _login_for_token(csrf_client, phone=User.objects.get(pk=staff_a.pk).phone).json()["token"]

    url_b = f"/api/v1/auth/accounts/{member_b.user_id}/tokens/revoke"
    assert csrf_client.post(url_b, **_bearer(admin_token)).status_code == 404
    assert ApiToken.objects.get(user=member_b.user).revoked_at is None
    url_a = f"/api/v1/auth/accounts/{member_a.user_id}/tokens/revoke"
    assert csrf_client.post(url_a, **_bearer(staff_token)).status_code == 404  # staff are not admins
    assert ApiToken.objects.get(user=member_a.user).revoked_at is None
    listed = csrf_client.get(f"/api/v1/auth/accounts/{member_a.user_id}/tokens", **_bearer(admin_token))
    assert listed.status_code == 200 and len(listed.json()) == 1
    response = csrf_client.post(url_a, **_bearer(admin_token))
    assert response.status_code == 200 and response.json() == {"revoked": 1}
    revoked = ApiToken.objects.get(user=member_a.user)
    assert revoked.revoked_at is not None and revoked.revoked_by_id == admin_a.pk


def test_token_login_is_throttled_per_client(csrf_client, worker, settings):
    settings.NIANGJIA_THROTTLE_RATES = {**settings.NIANGJIA_THROTTLE_RATES, "login": "3/min"}
    codes = [_login_for_token(csrf_client).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert ApiToken.objects.filter(user=worker).count() == 3
    throttled = _login_for_token(csrf_client)
    assert throttled.json()["code"] == "throttled" and "频繁" in throttled.json()["message"]
    assert int(throttled["Retry-After"]) >= 1


def test_create_api_token_from_a_file(tmp_path, make_user):
    users = [make_user() for _ in range(3)]
    phones = tmp_path / "phones.txt"
    phones.write_text("# load test\n" + "\n".join(u.phone for u in users) + "\n\n", encoding="utf-8")
    out = tmp_path / "tokens.txt"
    call_command("create_api_token", file=str(phones), out=str(out))
    lines = out.read_text().splitlines()
    assert len(lines) == 3
    client = Client()
    for user, token in zip(users, lines, strict=True):
        assert client.get("/api/v1/me", **_bearer(token)).json()["id"] == user.pk
    bad = tmp_path / "bad.txt"
    bad.write_text(users[0].phone + "\n13800000000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        call_command("create_api_token", file=str(bad), out=str(tmp_path / "x.txt"))
    assert ApiToken.objects.count() == 3  # nothing issued for the bad file


def test_member_search_by_id_or_phone_is_a_post_never_a_url(tree, make_user, make_member):
    """Issue 10: full ID and mobile numbers never appear in URLs (access logs): GET refuses them, POST finds."""
    from niangjia.core.services.tokens import issue_token

    member = make_member(tree.union_a, name="钱多多", phone="13912345679")
    staff = make_user(roles=[(tree.district_a, "staff")])
    raw, _ = issue_token(actor=None, user=staff, name="t")
    api = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    refused = api.get("/api/v1/members", {"q": "13912345679"})
    assert refused.status_code == 422 and "POST /api/v1/members/search" in refused.json()["message"]
    found = api.post("/api/v1/members/search", {"q": "13912345679"}, content_type="application/json")
    assert found.status_code == 200 and [r["id"] for r in found.json()["results"]] == [member.pk]
    by_name = api.get("/api/v1/members", {"q": "钱多多"})
    assert by_name.status_code == 200 and by_name.json()["count"] == 1
