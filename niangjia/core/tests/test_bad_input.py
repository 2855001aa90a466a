"""Malformed requests get a Chinese 4xx, never a 500 (issue 10, "Bad input never crashes").

Cases from the security probe:
- multipart posts without a boundary (a page form and an API write) -> 400, nothing changes;
- a truncated multipart body -> 400;
- JSON larger than DATA_UPLOAD_MAX_MEMORY_SIZE -> 413 JSON on the API, 413 page on a form;
- a domain error escaping a page view -> its status and message (rights/tests/test_bad_input.py: mediation PDF).
"""

import pytest
from django.test import Client

from niangjia.core.models import JoinRequest
from niangjia.core.services import accounts


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


@pytest.fixture
def verified(make_user):
    user = make_user()
    accounts.verify_identity(actor=user, real_name="周师傅", id_number="11010519491231002X")
    return user


def test_multipart_without_boundary_on_a_page(quiet_client, db):
    response = quiet_client.generic("POST", "/login/", b"phone=13800000000&password=x",
                                    content_type="multipart/form-data")
    assert response.status_code == 400
    assert "boundary" in response.content.decode() and "请重新提交" in response.content.decode()


def test_multipart_without_boundary_on_the_api(quiet_client, tree, verified):
    quiet_client.force_login(verified)
    response = quiet_client.generic("POST", "/api/v1/members/join", b'{"org_id": 1}',
                                    content_type="multipart/form-data")
    assert response.status_code == 400 and response.json()["code"] == "bad_multipart"
    assert not JoinRequest.objects.exists()


def test_truncated_multipart_body(quiet_client, db):
    body = b'--XyZ\r\nContent-Disposition: form-data; name="phone"\r\n\r\n138'
    response = quiet_client.generic("POST", "/login/", body, content_type="multipart/form-data; boundary=XyZ")
    assert response.status_code in (400, 200)  # parsed as far as it goes, or refused; never 500
    assert response.status_code != 500


def test_oversized_json_is_413_chinese(quiet_client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    body = '{"kind": "hospitalization", "self_paid": "' + "1" * 4000 + '"}'
    response = quiet_client.post("/api/v1/relief/quote", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "太大" in response.json()["message"]
    page = quiet_client.post("/login/", "phone=" + "1" * 4000 + "&password=x",
                             content_type="application/x-www-form-urlencoded")
    assert page.status_code == 413 and "太大" in page.content.decode()
    # multipart fields are only measured while parsed (by whichever middleware reads the form first):
    # a Chinese 400 or 413, never a 500
    page = quiet_client.post("/login/", {"phone": "1" * 4000, "password": "x"})
    assert page.status_code in (400, 413) and "<html" in page.content.decode()


def test_api_form_post_keeps_its_raw_body_for_the_view(quiet_client, db):
    """A signed webhook reads request.body; a middleware reading request.POST first must not make that a 500."""
    body = b'--XyZ\r\nContent-Disposition: form-data; name="caller"\r\n\r\n13800000000\r\n--XyZ--\r\n'
    response = quiet_client.generic("POST", "/api/v1/rights/call-events", body,
                                    content_type="multipart/form-data; boundary=XyZ")
    assert response.status_code in (400, 403, 422), response.content


@pytest.mark.django_db
def test_nul_characters_in_a_query_string_are_a_chinese_400(client, tree, make_user):
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))
    for url in ("/api/v1/rights/cases?status=a%00b", "/workbench/members/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400
        assert "无效字符" in response.content.decode()
