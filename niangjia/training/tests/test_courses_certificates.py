"""Certificates: the PDF with its QR code, the public verification page, revocation by staff in scope."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent
from niangjia.training.models import Certificate
from niangjia.training.services_courses import revoke_certificate, save_progress


@pytest.fixture
def certificate(tree, course, make_member):
    worker = make_member(tree.union_a, name="王小明").user
    video, text = course.lessons.order_by("position")
    t = timezone.now() - dt.timedelta(minutes=5)
    for pos, sec in ((0, 0), (10, 10), (12, 12)):
        save_progress(actor=worker, lesson_id=video.pk, position_seconds=pos, now=t + dt.timedelta(seconds=sec))
    save_progress(actor=worker, lesson_id=text.pk, position_seconds=0, finished=True)
    cert = Certificate.objects.get()
    cert.worker = worker
    return cert


def test_holder_downloads_a_pdf_whose_qr_leads_to_the_check_page(certificate):
    c = Client()
    c.force_login(certificate.worker)
    r = c.get(f"/training/certificates/{certificate.pk}/pdf/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert len(r.content) > 2000  # text, font and the QR image


def test_verification_page_is_public_and_masks_the_name(certificate):
    r = Client().get(f"/training/certificates/verify/{certificate.verify_token}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "该证书真实有效" in page
    assert certificate.number in page
    assert "王*明" in page and "王小明" not in page
    assert "安全生产基础" in page


def test_unknown_token_says_no_such_certificate(db):
    r = Client().get("/training/certificates/verify/forged-token/")
    assert r.status_code == 404
    assert "查无此证书" in r.content.decode()


def test_staff_in_scope_revoke_and_the_check_page_says_so(certificate, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    c = Client()
    c.force_login(staff)
    r = c.post(f"/training/workbench/certificates/{certificate.pk}/revoke/", {"reason": "考核作弊"})
    assert r.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoke_reason == "考核作弊"
    assert AuditEvent.objects.filter(action="training.certificate_revoke", actor=staff).count() == 1
    page = Client().get(f"/training/certificates/verify/{certificate.verify_token}/").content.decode()
    assert "已被撤销" in page and "真实有效" not in page


def test_revocation_refusals_change_nothing(certificate, tree, make_user):
    other = make_user(roles=[(tree.district_b, "staff")])
    with pytest.raises(NotFound):
        revoke_certificate(actor=other, certificate_id=certificate.pk, reason="x")
    with pytest.raises(NotFound):
        revoke_certificate(actor=certificate.worker, certificate_id=certificate.pk, reason="x")
    staff = make_user(roles=[(tree.district_a, "staff")])
    with pytest.raises(Invalid):
        revoke_certificate(actor=staff, certificate_id=certificate.pk, reason="  ")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    revoke_certificate(actor=staff, certificate_id=certificate.pk, reason="重复发证")
    with pytest.raises(Conflict):
        revoke_certificate(actor=staff, certificate_id=certificate.pk, reason="再次")
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "重复发证"


def test_another_district_cannot_see_or_revoke_by_page(certificate, tree, make_user, make_member):
    c = Client()
    c.force_login(make_user(roles=[(tree.district_b, "staff")]))
    assert certificate.number not in c.get("/training/workbench/certificates/").content.decode()
    assert c.post(f"/training/workbench/certificates/{certificate.pk}/revoke/", {"reason": "x"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    stranger = Client()
    stranger.force_login(make_member(tree.union_b).user)
    assert stranger.get(f"/training/certificates/{certificate.pk}/pdf/").status_code == 404
