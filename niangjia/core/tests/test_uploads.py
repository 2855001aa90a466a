"""Uploads: type by content, size limit; disguised files refused with a Chinese reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from niangjia.core.attachments import check_upload
from niangjia.core.errors import Invalid

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%..."


@pytest.mark.parametrize(("name", "content", "ext"), [("a.png", PNG, "png"), ("b.PDF", PDF, "pdf"),
                                                       ("c.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg")])
def test_accepts_real_files(name, content, ext):
    assert check_upload(SimpleUploadedFile(name, content))[0] == ext


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "upload.disguised"),  # an .exe renamed .pdf
        ("photo.jpg", PNG, "upload.disguised"),
        ("run.exe", b"MZ\x90", "upload.type"),
        ("noext", PDF, "upload.type"),
        ("empty.pdf", b"", "upload.empty"),
    ],
)
def test_refuses_bad_files(name, content, code):
    with pytest.raises(Invalid) as exc:
        check_upload(SimpleUploadedFile(name, content))
    assert exc.value.code == code


def test_refuses_oversize(settings):
    settings.NIANGJIA_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(Invalid) as exc:
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))
    assert exc.value.code == "upload.size" and "MB" in exc.value.message
