"""The claim approval screen: evidence on one page, a fixed number of queries for 1 vs 6 photos and 0 vs 3
earlier claims, buttons only for who may decide (two different approvers for a large claim), and the PDF."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from niangjia.core.tests.evidence import post_from_page
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim
from niangjia.mutual_aid.tests.test_services import PNG, submit


def photos(n, seed):
    return [SimpleUploadedFile(f"p{i}.png", PNG + bytes([seed, i]), content_type="image/png") for i in range(n)]


def queries(client, claim) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("mutual_aid:claim_review", args=[claim.pk]))
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_claim_review_page_fixed_queries_and_evidence(client, tree, plan, enrolled, make_member, staff, approver):
    small = submit(enrolled, plan, invoice_no="CR-1", photos=photos(1, 1))
    other = make_member(tree.union_a, name="张护士")
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[other.pk],
                           on=dt.date(2020, 1, 1))
    for i in range(3):  # earlier claims of the same person this plan year
        c = submit(other, plan, invoice_no=f"CR-E{i}", total_cost="2000", insurance_paid="0", self_paid="2000",
                   admitted_on=dt.date(2020, 5 + i, 1), discharged_on=None, photos=photos(1, 10 + i))
        services.approve_claim(actor=approver, claim_id=c.pk)
    big = submit(other, plan, invoice_no="=HYPERLINK(\"x\")", photos=photos(6, 2))
    client.force_login(staff)
    n_small, _ = queries(client, small)
    n_big, body = queries(client, big)
    assert n_small == n_big, (n_small, n_big)
    assert body.count('data-testid="evidence-photo"') == 6 and "js/lightbox.js" in body
    assert "张*" in body and "张护士" not in body  # masked
    assert 'data-testid="calculation"' in body and "起付线" in body
    assert body.count("CR-E") == 0 and body.count("#") >= 3  # earlier claims listed by number
    assert 'data-testid="remaining"' in body and 'data-testid="decide-form"' in body


def test_large_claim_needs_a_second_different_approver_and_sheet(client, tree, plan, enrolled, approver, approver2):
    claim = submit(enrolled, plan, invoice_no="CR-9")  # 30,000 self-paid: above the two-step threshold
    url = reverse("mutual_aid:claim_review", args=[claim.pk])
    client.force_login(approver)
    post_from_page(client, url, {"action": "approve"})
    assert Claim.objects.get(pk=claim.pk).status == "first_approved"
    body = client.get(url).content.decode()
    assert 'data-testid="decide-form"' not in body and 'data-testid="not-your-step"' in body
    post_from_page(client, url, {"action": "approve"})  # the first approver again: refused, nothing changes
    assert Claim.objects.get(pk=claim.pk).status == "first_approved"
    assert client.get(reverse("mutual_aid:claim_sheet", args=[claim.pk])).status_code == 302  # still open
    client.force_login(approver2)
    assert 'data-testid="decide-form"' in client.get(url).content.decode()
    post_from_page(client, url, {"action": "approve"})
    assert Claim.objects.get(pk=claim.pk).status == "approved"
    pdf = client.get(reverse("mutual_aid:claim_sheet", args=[claim.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-") and b"STSong-Light" in pdf.content
