"""A refused request leaves no uploaded file behind: neither Attachment rows nor files in MEDIA_ROOT."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from niangjia.core.errors import Invalid
from niangjia.core.models import Attachment
from niangjia.relief import services
from niangjia.relief.models import Application, Visit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x01" * 64
YEAR = timezone.localdate().year
HOSP = {"kind": "hospitalization", "total_cost": "50000.00", "self_paid": "38000.00", "year": YEAR}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def good(name="invoice.png", body=PNG):
    return SimpleUploadedFile(name, body, content_type="image/png")


def disguised():
    return SimpleUploadedFile("scan.png", b"MZ\x90\x00 not an image", content_type="image/png")


def _apply(actor, hh, photos, number="UP-0001"):
    return services.submit_application(actor=actor, household_id=hh.pk, photos=photos,
                                       invoices=[{"number": number, "amount": HOSP["total_cost"],
                                                 "issued_on": f"{YEAR}-01-01"}], **HOSP)


def test_a_bad_second_photo_stores_nothing(tree, staff_a, make_household, media):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    with pytest.raises(Invalid, match="已拒收"):
        _apply(staff_a, hh, [good(), disguised()])
    assert stored_files(media) == []
    assert Attachment.objects.count() == 0 and Application.objects.count() == 0


def test_files_stored_before_a_later_refusal_are_removed(tree, staff_a, make_household, media, monkeypatch):
    """Every photo is fine and stored, then a later step of the same use case refuses the request."""
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))

    def refuse(app, already):
        raise Invalid("没有生效的临时救助政策。", code="relief.no_policy")

    monkeypatch.setattr(services.applications, "evaluate", refuse)  # where submit_application looks it up
    with pytest.raises(Invalid):
        _apply(staff_a, hh, [good(), good("photo.jpg", JPG)])
    assert stored_files(media) == []
    assert Attachment.objects.count() == 0 and Application.objects.count() == 0
    monkeypatch.undo()
    app = _apply(staff_a, hh, [good(), good("photo.jpg", JPG)])  # accepted: files and rows stay
    assert app.evidence.count() == 2
    assert len(stored_files(media)) == 2
    assert {a.file.name for a in Attachment.objects.all()} == {str(p.relative_to(media)) for p in stored_files(media)}


def test_visit_and_household_evidence_refusals_leave_nothing(tree, staff_a, make_household, media):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    with pytest.raises(Invalid):
        services.record_visit(actor=staff_a, household_id=hh.pk, on=dt.date(2020, 5, 1), notes="走访",
                              photos=[good(), disguised()])
    with pytest.raises(Invalid):
        services.add_household_evidence(actor=staff_a, household_id=hh.pk, uploads=[good(), disguised()])
    assert stored_files(media) == [] and Attachment.objects.count() == 0 and Visit.objects.count() == 0


def test_refused_upload_through_the_page_leaves_nothing(client, tree, staff_a, make_household, media):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    client.force_login(staff_a)
    url = reverse("relief:household", args=[hh.pk])
    r = client.post(url, {"action": "evidence", "files": [good(), disguised()]})
    assert "已拒收" in r.content.decode() or r.status_code == 302
    assert stored_files(media) == [] and Attachment.objects.count() == 0
    client.post(url, {"action": "evidence", "files": [good()]})
    assert len(stored_files(media)) == 1 and Attachment.objects.count() == 1
