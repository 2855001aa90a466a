"""API: JSON errors with a stable code and a Chinese message, bearer tokens, OpenAPI docs."""

import hashlib

from niangjia.core.models import ApiToken, JoinRequest
from niangjia.core.services import accounts


def test_docs_and_schema_served(client, db):
    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/members" in schema["paths"] and "/api/v1/me" in schema["paths"]


def test_anonymous_gets_json_401(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"code": "unauthorized", "message": "请先登录。", "details": {}}


def test_bearer_token(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    ApiToken.objects.create(user=staff, name="ci", digest=hashlib.sha256(b"secret-token").hexdigest())
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer secret-token")
    assert response.status_code == 200 and response.json()["roles"][0]["role"] == "staff"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_join_and_approve_via_api(client, tree, make_user):
    user = accounts.register_user(phone="13912340000", password="Worker-pass-1")
    client.force_login(user)
    response = client.post("/api/v1/members/join", {"org_id": tree.union_a.pk}, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "member.not_verified"
    accounts.verify_identity(actor=user, real_name="周师傅", id_number="11010519491231002X")
    response = client.post("/api/v1/members/join", {"org_id": tree.union_a.pk}, content_type="application/json")
    assert response.status_code == 201
    request_id = response.json()["id"]
    staff_b = make_user(roles=[(tree.district_b, "staff")])
    client.force_login(staff_b)
    url = f"/api/v1/members/join-requests/{request_id}/decision"
    assert client.post(url, {"approve": True}, content_type="application/json").status_code == 404
    staff_a = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff_a)
    response = client.post(url, {"approve": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    again = client.post(url, {"approve": True}, content_type="application/json")
    assert again.status_code == 409 and "已经被处理" in again.json()["message"]
    assert JoinRequest.objects.get().status == "approved"


def test_validation_errors_are_chinese_json(client, tree, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post("/api/v1/members/join", {"org_id": "abc"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and "org_id" in body["message"]


def test_org_tree_api(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    roots = client.get("/api/v1/orgs/tree").json()
    assert [r["name"] for r in roots] == ["上城区总工会"] and roots[0]["child_count"] == 1
    subtree = client.get(f"/api/v1/orgs/{tree.district_a.pk}/subtree").json()
    assert {o["name"] for o in subtree} == {"上城区总工会", "湖滨街道总工会", "湖滨商贸有限公司工会", "上城物流有限公司工会"}
