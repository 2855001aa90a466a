"""Several invoice photos per claim: 1 to 6, each checked by content; a refused claim leaves no
attachment row and no file; staff in scope see every photo through core's scope-checked URL."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from niangjia.core.errors import Invalid
from niangjia.core.models import Attachment, AuditEvent
from niangjia.mutual_aid import rules, services
from niangjia.mutual_aid.models import Claim

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x01" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def png(name="invoice.png", body=PNG):
    return SimpleUploadedFile(name, body, content_type="image/png")


def jpg(name="invoice.jpg"):
    return SimpleUploadedFile(name, JPG, content_type="image/jpeg")


def disguised():
    return SimpleUploadedFile("scan.png", b"MZ\x90\x00 not an image", content_type="image/png")


def submit(member, plan, photos, invoice_no="PH-1"):
    return services.submit_claim(actor=member.user, plan_id=plan.pk, kind="inpatient", hospital="商洛市中心医院",
                                 admitted_on=dt.date(2020, 6, 1), discharged_on=dt.date(2020, 6, 9),
                                 invoice_no=invoice_no, total_cost="30000", insurance_paid="10000",
                                 self_paid="20000", today=dt.date(2020, 12, 31), photos=photos)


def assert_nothing_written(media):
    assert Claim.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action="mutual_aid.claim_submit").exists()


def test_no_photo_is_refused_and_nothing_written(plan, enrolled, media):
    with pytest.raises(Invalid, match="至少一张") as exc:
        submit(enrolled, plan, [])
    assert exc.value.code == "mutual_aid.photo_required"
    assert_nothing_written(media)


def test_three_photos_are_stored_linked_and_shown_to_staff_in_scope(client, plan, enrolled, staff, make_user,
                                                                     tree, media):
    claim = submit(enrolled, plan, [png("a.png"), jpg("b.jpg"), png("c.png", PNG + b"c")])
    photos = list(claim.photos.order_by("id"))
    assert [p.original_name for p in photos] == ["a.png", "b.jpg", "c.png"]
    assert [p.content_type for p in photos] == ["image/png", "image/jpeg", "image/png"]
    assert {p.purpose for p in photos} == {"mutual_aid.invoice"}
    assert {p.org_id for p in photos} == {enrolled.org_id}
    assert len(stored_files(media)) == 3
    event = AuditEvent.objects.get(action="mutual_aid.claim_submit")
    assert event.summary["photos"] == 3

    client.force_login(staff)
    page = client.get(reverse("mutual_aid:review")).content.decode()
    for p in photos:
        url = reverse("core:attachment", args=[p.pk])
        assert f'href="{url}"' in page and f'src="{url}"' in page  # a thumbnail linking to the photo
        r = client.get(url)
        assert r.status_code == 200 and r["Content-Type"] == p.content_type

    client.force_login(make_user(roles=[(tree.district_b, "staff")]))  # staff of another district
    page = client.get(reverse("mutual_aid:review")).content.decode()
    assert reverse("core:attachment", args=[photos[0].pk]) not in page
    assert client.get(reverse("core:attachment", args=[photos[0].pk])).status_code == 404


def test_seven_photos_are_refused_in_chinese(plan, enrolled, media):
    assert rules.MAX_INVOICE_PHOTOS == 6
    with pytest.raises(Invalid, match="最多上传 6 张发票照片") as exc:
        submit(enrolled, plan, [png(f"{i}.png") for i in range(7)])
    assert exc.value.code == "mutual_aid.too_many_photos"
    assert_nothing_written(media)
    claim = submit(enrolled, plan, [png(f"{i}.png") for i in range(6)])  # six is the most, and allowed
    assert claim.photos.count() == 6


def test_a_bad_file_among_good_ones_refuses_the_whole_claim(plan, enrolled, media):
    with pytest.raises(Invalid, match="已拒收") as exc:
        submit(enrolled, plan, [png("a.png"), jpg("b.jpg"), disguised(), png("d.png")])
    assert exc.value.code == "upload.disguised"
    assert_nothing_written(media)


def test_an_empty_file_among_good_ones_is_refused(plan, enrolled, media):
    with pytest.raises(Invalid, match="是空的"):
        submit(enrolled, plan, [png("a.png"), SimpleUploadedFile("b.png", b"", content_type="image/png")])
    assert_nothing_written(media)


def test_files_stored_before_a_later_refusal_are_removed(plan, enrolled, media, monkeypatch):
    """Every photo is fine and stored, then the claim row is refused (e.g. the invoice number was taken by
    a parallel request between the check and the insert): the stored files are deleted again."""
    from niangjia.mutual_aid.services import claims as claim_services

    real_create = Claim.objects.create

    def create_then_fail(**kwargs):
        from django.db import IntegrityError
        assert len(stored_files(media)) == 2  # the files were written before the row
        raise IntegrityError("duplicate key value violates unique constraint \"ma_invoice_once\"")

    monkeypatch.setattr(claim_services.Claim.objects, "create", create_then_fail)
    with pytest.raises(Exception, match="不能重复申请"):
        submit(enrolled, plan, [png("a.png"), jpg("b.jpg")])
    monkeypatch.setattr(claim_services.Claim.objects, "create", real_create)
    assert_nothing_written(media)


def test_phone_form_takes_several_photos(client, plan, enrolled, media):
    client.force_login(enrolled.user)
    page = client.get(reverse("mutual_aid:claim_new")).content.decode()
    assert 'name="photos" multiple accept="image/*"' in page and "capture" not in page  # camera or gallery
    assert "可选 1 至 6 张" in page
    data = {"plan": plan.pk, "kind": "inpatient", "hospital": "医院", "admitted_on": "2020-06-01",
            "discharged_on": "2020-06-05", "invoice_no": "FORM-1", "total_cost": "1000", "insurance_paid": "0",
            "self_paid": "1000"}
    r = client.post(reverse("mutual_aid:claim_new"), {**data, "photos": [png(f"{i}.png") for i in range(7)]})
    assert r.status_code == 422
    assert "最多上传 6 张发票照片" in r.content.decode()
    assert_nothing_written(media)
    r = client.post(reverse("mutual_aid:claim_new"), {**data, "photos": [png("a.png"), jpg("b.jpg")]})
    assert r.status_code == 302
    claim = Claim.objects.get()
    assert claim.photos.count() == 2
    page = client.get(reverse("mutual_aid:claim_detail", args=[claim.pk])).content.decode()
    for p in claim.photos.all():  # the member sees their own photos
        assert f'src="{reverse("core:attachment", args=[p.pk])}"' in page
        assert client.get(reverse("core:attachment", args=[p.pk])).status_code == 200
