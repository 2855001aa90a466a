"""Concurrent final approvals of one person's claims never pay beyond the annual cap (PostgreSQL)."""

import datetime as dt
import threading
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from niangjia.conftest import requires_postgres
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim, PersonYearTotal


def invoice_photo():
    return SimpleUploadedFile("invoice.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_stay_within_cap(plan, enrolled, approver, approver2):
    claims = []
    for i in range(4):  # each computes to 18,250 when submitted; together far above the 20,000 cap
        claims.append(services.submit_claim(
            actor=enrolled.user, plan_id=plan.pk, kind="inpatient", hospital="医院", admitted_on=dt.date(2020, 6, 1),
            discharged_on=None, invoice_no=f"P{i}", total_cost="30000", insurance_paid="0", self_paid="30000",
            today=dt.date(2020, 12, 31), photos=[invoice_photo()]))
        services.approve_claim(actor=approver, claim_id=claims[-1].pk)  # first step
    barrier = threading.Barrier(len(claims))
    errors: list[Exception] = []

    def run(claim_id):
        try:
            barrier.wait()
            services.approve_claim(actor=approver2, claim_id=claim_id)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c.pk,)) for c in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = PersonYearTotal.objects.get(plan_code=plan.code, plan_year=plan.year, person_index=enrolled.id_index)
    approved = sum((c.approved_amount for c in Claim.objects.filter(status="approved")), D(0))
    assert total.inpatient_paid == approved == D("20000.00")
    assert Claim.objects.filter(status="approved").count() == 2
    assert len(errors) == 2
    assert all(getattr(e, "code", "") == "mutual_aid.cap_reached" for e in errors)
