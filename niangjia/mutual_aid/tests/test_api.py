import json

import pytest

URL = "/api/v1/mutual-aid/quote"


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def zyhz(plan):
    return plan


def test_quote_example(client, zyhz):
    r = post(client, {"plan": "ZYHZ-2020", "kind": "inpatient", "total_cost": "50000", "insurance_paid": "20000",
                      "self_paid": "30000", "already_paid_this_year": "0.00"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["amount"] == "18250.00"
    assert body["cap"] == "20000.00"
    assert any("60%" in line for line in body["explanation"])


def test_quote_respects_already_paid(client, zyhz):
    r = post(client, {"plan": "ZYHZ-2020", "kind": "inpatient", "total_cost": "30000", "insurance_paid": "0",
                      "self_paid": "30000", "already_paid_this_year": "15000"})
    assert r.json()["amount"] == "5000.00"


def test_quote_lump_sum(client, zyhz):
    r = post(client, {"plan": "ZYHZ-2020", "kind": "frontline_infection"})
    assert r.status_code == 200
    assert r.json()["amount"] == "10000.00"


@pytest.mark.parametrize(("body", "text"), [
    ({"total_cost": "100", "self_paid": "200"}, "个人自付金额不能大于"),
    ({"total_cost": "-5", "self_paid": "0"}, "不能是负数"),
    ({"total_cost": "abc", "self_paid": "1"}, "必须是数字"),
    ({"total_cost": "100", "self_paid": "50", "already_paid_this_year": "-1"}, "不能是负数"),
    ({"total_cost": "100", "self_paid": "50", "kind": "dental"}, "类别"),
])
def test_quote_422_in_chinese(client, zyhz, body, text):
    payload = {"plan": "ZYHZ-2020", "kind": "inpatient", "insurance_paid": "0", **body}
    r = post(client, payload)
    assert r.status_code == 422, r.content
    assert text in r.json()["message"]


def test_quote_unknown_plan_404(client, zyhz):
    r = post(client, {"plan": "NOPE", "kind": "inpatient", "total_cost": "1", "self_paid": "1"})
    assert r.status_code == 404
