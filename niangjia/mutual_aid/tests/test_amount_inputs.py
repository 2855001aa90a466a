"""Every mutual-aid entry point that takes an amount refuses bad text in Chinese: 4xx, never 500, nothing written."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from niangjia.core.tests.amounts import BAD_AMOUNTS, BAD_JSON_NUMBERS
from niangjia.core.tests.evidence import post_from_page
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
    r = post_from_page(client, reverse("mutual_aid:decide", args=[claim.pk]), {"amount": text, "reason": "核减"},
                       page=reverse("mutual_aid:claim_review", args=[claim.pk]), follow=True)
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


@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_quote_page(client, plan, text, reason):
    r = client.post(reverse("mutual_aid:quote"), {"plan": "ZYHZ-2020", "kind": "inpatient", "total_cost": "30000",
                                                  "insurance_paid": "0", "self_paid": text})
    assert r.status_code == 422 and reason in r.content.decode()


@pytest.mark.parametrize("field", ["premium", "annual_cap", "band_rate_1"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_plan_editor_form(client, plan, make_user, tree, field, text, reason):
    from niangjia.mutual_aid.models import Plan

    admin = make_user(roles=[(tree.city, "admin")])
    draft = services.copy_plan_to_year(actor=admin, plan_id=plan.pk)
    form = {"action": "save", "name": draft.name, "premium": "30", "two_step_above": "5000",
            "coverage_start": "2021-01-01", "coverage_end": "2021-12-31", "enrol_start": "2020-12-01",
            "enrol_end": "2021-12-31", "waiting_days": "90", "inpatient_on": "on", "deductible": "500",
            "annual_cap": "20000", "band_low_1": "500", "band_high_1": "", "band_rate_1": "50"}
    client.force_login(admin)
    r = client.post(reverse("mutual_aid:plan", args=[draft.pk]), form | {field: text})
    assert r.status_code == 422
    if field != "band_rate_1":  # a rate is a percentage: its own message ("0 到 100 之间的数字")
        assert reason in r.content.decode()
    else:
        assert "第 1 段比例" in r.content.decode()
    assert Plan.objects.get(pk=draft.pk).rules == plan.rules
