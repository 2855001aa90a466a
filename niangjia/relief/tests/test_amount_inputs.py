"""Relief's public calculators, self-test and applications refuse bad amounts in Chinese (issue 9):
4xx, never a 500, nothing written."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from niangjia.core.tests.amounts import BAD_AMOUNTS
from niangjia.relief.models import Application, Household

QUOTE = {"kind": "hospitalization", "self_paid": "38000.00", "household_annual_income": "60000.00",
         "region_code": "500000", "year": 2020, "already_paid_this_year": "0.00"}
SELF_TEST = {"annual_disposable_income": "60000", "rigid_expenditure": "30000", "people": 3,
             "region_code": "500000", "year": 2020, "sudden_event_cost": "0"}


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    cache.clear()
    settings.RELIEF_PUBLIC_RATE = 100000


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("field", ["self_paid", "household_annual_income", "already_paid_this_year"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_quote_api(ref, field, text, reason):
    r = _post(Client(enforce_csrf_checks=True), "/api/v1/relief/quote", QUOTE | {field: text})
    assert r.status_code == 422, r.content
    assert reason in r.json()["message"]


@pytest.mark.parametrize("field", ["annual_disposable_income", "rigid_expenditure", "sudden_event_cost"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_self_test_api(ref, field, text, reason):
    r = _post(Client(enforce_csrf_checks=True), "/api/v1/relief/self-test", SELF_TEST | {field: text})
    assert r.status_code == 422, r.content
    assert reason in r.json()["message"]
    assert not Household.objects.exists()


@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_quote_and_self_test_pages(client, ref, text, reason):
    r = client.post("/relief/calculator/", {"kind": "hospitalization", "self_paid": text, "region_code": "500000",
                                            "household_annual_income": "60000", "year": "2020"})
    assert r.status_code == 200 and reason in r.content.decode()
    r = client.post("/relief/self-test/", {"disposable": text, "people": "3", "region_code": "500000",
                                           "year": "2020"})
    assert r.status_code == 200 and reason in r.content.decode()


@pytest.mark.parametrize("field", ["total_cost", "self_paid", "invoice"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_application_api(client, tree, staff_a, make_household, field, text, reason):
    hh = make_household(staff_a, tree.union_a)
    client.force_login(staff_a)
    body = {"kind": "hospitalization", "total_cost": "50000.00", "self_paid": "38000.00", "year": 2020,
            "household_id": hh.pk, "invoices": [{"number": "API-1", "amount": "50000.00", "issued_on": "2020-01-01"}]}
    if field == "invoice":
        body["invoices"][0]["amount"] = text
    else:
        body[field] = text
    r = _post(client, "/api/v1/relief/applications", body)
    assert r.status_code == 422, r.content
    assert reason in r.json()["message"]
    assert not Application.objects.exists()


@pytest.mark.parametrize("field", ["amount", "pct"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_policy_tier_form(client, tree, make_user, ref, field, text, reason):
    from django.urls import reverse

    from niangjia.relief.models import Policy

    cq = ref[0]
    kind = next(iter(cq.params["kinds"]))
    client.force_login(make_user(roles=[(tree.city, "admin")]))
    r = client.post(reverse("relief:policies"), {"action": "draft", "structured": "1", "id": cq.pk,
                                                 f"t-{kind}-0-{field}": text, "effective_from": "2026-01-01"},
                    follow=True)
    assert r.status_code == 200 and reason in r.content.decode()
    assert Policy.objects.filter(code=cq.code).count() == 1
