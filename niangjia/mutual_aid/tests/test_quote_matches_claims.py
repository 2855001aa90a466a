"""Issue 9 "done when": the public calculator and the real decision agree on the same inputs (§8 examples)."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from niangjia.mutual_aid import services

CASES = [  # (kind, self-paid, expected by hand from policies.md §8)
    ("inpatient", "500", "0.00"),  # the deductible itself pays nothing
    ("inpatient", "500.01", "0.01"),
    ("inpatient", "5000", "2250.00"),  # 4,500 × 50%
    ("inpatient", "20000", "11250.00"),  # 2,250 + 15,000 × 60%
    ("inpatient", "30000", "18250.00"),  # the policy's worked example
    ("inpatient", "32500", "20000.00"),  # exactly the cap
    ("inpatient", "100000", "20000.00"),
    ("serious_illness", "0", "5000.00"),
    ("frontline_infection", "0", "10000.00"),
]


@pytest.mark.parametrize(("kind", "self_paid", "expected"), CASES)
def test_public_quote_equals_the_decision(plan, enrolled, approver, approver2, kind, self_paid, expected):
    r = Client(enforce_csrf_checks=True).post(
        "/api/v1/mutual-aid/quote", json.dumps({"plan": "ZYHZ-2020", "kind": kind, "total_cost": self_paid,
                                                "insurance_paid": "0", "self_paid": self_paid}),
        content_type="application/json")
    assert r.status_code == 200 and r.json()["amount"] == expected
    claim = services.submit_claim(
        actor=enrolled.user, plan_id=plan.pk, kind=kind, hospital="医院", admitted_on=dt.date(2020, 6, 1),
        discharged_on=None, invoice_no="CMP-1", total_cost=self_paid, insurance_paid="0", self_paid=self_paid,
        today=dt.date(2020, 12, 31),
        photos=[SimpleUploadedFile("i.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")])
    assert claim.computed_amount == D(expected)
    if D(expected) > 0:
        services.approve_claim(actor=approver, claim_id=claim.pk)
        claim.refresh_from_db()
        if claim.status == "first_approved":
            services.approve_claim(actor=approver2, claim_id=claim.pk)
            claim.refresh_from_db()
        assert claim.approved_amount == D(expected)
