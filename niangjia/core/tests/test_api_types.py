"""core.api_types.Yuan in a ninja schema: every bad amount is a 422 with the Chinese reason, never a 500."""

import json

import pytest
from django.test import Client
from django.urls import path
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError

from niangjia.api import on_validation_error
from niangjia.core.api_types import SignedYuan, Yuan
from niangjia.core.tests.amounts import BAD_AMOUNTS, BAD_JSON_NUMBERS

api = NinjaAPI(urls_namespace="yuan-test", auth=None)
api.add_exception_handler(ValidationError, on_validation_error)  # the real API's Chinese 422 body


class In(Schema):
    amount: Yuan
    adjustment: SignedYuan = 0


@api.post("/echo")
def echo(request, payload: In):
    return {"amount": f"{payload.amount:.2f}", "adjustment": f"{payload.adjustment:.2f}"}


urlpatterns = [path("yuan/", api.urls)]


@pytest.mark.urls("niangjia.core.tests.test_api_types")
@pytest.mark.parametrize(("value", "reason"), BAD_AMOUNTS + BAD_JSON_NUMBERS)
def test_bad_amounts_422(value, reason):
    r = Client(enforce_csrf_checks=True).post("/yuan/echo", json.dumps({"amount": value}),
                                              content_type="application/json")
    assert r.status_code == 422, r.content
    assert reason in r.json()["message"]


@pytest.mark.urls("niangjia.core.tests.test_api_types")
def test_good_amounts():
    r = Client().post("/yuan/echo", json.dumps({"amount": "1234.5", "adjustment": "-3"}),
                      content_type="application/json")
    assert r.status_code == 200
    assert r.json()["amount"] == "1234.50" and r.json()["adjustment"] == "-3.00"
