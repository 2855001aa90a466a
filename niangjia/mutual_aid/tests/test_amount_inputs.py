"""Every mutual-aid entry point that takes an amount refuses bad text in Chinese: 4xx, never 500, nothing written."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from niangjia.core.tests.amounts import BAD_AMOUNTS, BAD_JSON_NUMBERS
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim, EnrolmentBatch

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
QUOTE = {"plan": "ZYHZ-2020", "kind": "inpatient", "total_cost": "50000", "insurance_paid": "20000",
         "self_paid": "30000", "already_paid_this_year": "0"}


@pytest.mark.parametrize("field", ["total_cost", "insurance_paid", "self_paid", "already_paid_this_year"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS + BAD_JSON_NUMBERS)
def test_public_quote_api(plan, field, text, reason):
    client = Client(enforce_csrf_checks=True)
    r = client.post("/api/v1/mutual-aid/quote", data=json.dumps(QUOTE | {field: text}),
                    content_type="application/json")
    assert r.status_code == 422, r.content
    assert reason in r.json()["message"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize("field", ["total_cost", "insurance_paid", "self_paid"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_claim_form(client, plan, enrolled, field, text, reason):
    client.force_login(enrolled.user)
    data = {"plan": plan.pk, "kind": "inpatient", "hospital": "医院", "admitted_on": "2020-06-01",
            "discharged_on": "2020-06-05", "invoice_no": "W-1", "total_cost": "3000", "insurance_paid": "0",
            "self_paid": "1000", "photos": [SimpleUploadedFile("inv.png", PNG)]}
    r = client.post(reverse("mutual_aid:claim_new"), data | {field: text})
    assert r.status_code == 422
    assert reason in r.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_adjusted_approval_form(client, plan, enrolled, approver, text, reason):
    claim = services.submit_claim(actor=enrolled.user, plan_id=plan.pk, kind="inpatient", hospital="医院",
                                  admitted_on=dt.date(2020, 6, 1), discharged_on=dt.date(2020, 6, 5), invoice_no="A-1",
                                  total_cost="3000", insurance_paid="0", self_paid="3000", today=dt.date(2020, 12, 31),
                                  photos=[SimpleUploadedFile("inv.png", PNG, content_type="image/png")])
    client.force_login(approver)
    r = client.post(reverse("mutual_aid:decide", args=[claim.pk]), {"amount": text, "reason": "核减"}, follow=True)
    assert r.status_code == 200
    assert reason in r.content.decode()
    claim.refresh_from_db()
    assert claim.status == "submitted" and claim.approved_amount is None


@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_premium_payment_form(client, plan, enrolled, staff, text, reason):
    batch = EnrolmentBatch.objects.get()
    client.force_login(staff)
    r = client.post(reverse("mutual_aid:batches"), {"batch": batch.pk, "amount": text, "paid_on": "2020-01-05"},
                    follow=True)
    assert r.status_code == 200
    assert reason in r.content.decode()
    batch.refresh_from_db()
    assert batch.paid_amount is None and batch.paid_on is None
