"""Uploads: PDF, JPEG or PNG up to 10 MB, checked by content (magic bytes), not by name."""

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from niangjia.core.errors import Invalid

SIGNATURES = {
    "pdf": (b"%PDF-", "application/pdf"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}
EXTENSIONS = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png"}


def sniff(head: bytes) -> str | None:
    for ext, (magic, _type) in SIGNATURES.items():
        if head.startswith(magic):
            return ext
    return None


def check_upload(upload: UploadedFile) -> tuple[str, str, str]:
    """Return (extension, content type, sha256) or raise Invalid with a Chinese reason."""
    name = upload.name or ""
    claimed = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    if claimed is None:
        raise Invalid("只能上传 PDF、JPG 或 PNG 文件。", code="upload.type", details={"file": name})
    limit = settings.NIANGJIA_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise Invalid(
            f"文件“{name}”超过 {limit // (1024 * 1024)} MB，请压缩后再上传。", code="upload.size", details={"file": name}
        )
    if upload.size == 0:
        raise Invalid(f"文件“{name}”是空的。", code="upload.empty", details={"file": name})
    upload.seek(0)
    head = upload.read(16)
    actual = sniff(head)
    if actual is None or actual != claimed:
        raise Invalid(
            f"文件“{name}”的内容不是它的扩展名所说的格式，已拒收。请上传真实的 PDF、JPG 或 PNG 文件。",
            code="upload.disguised",
            details={"file": name},
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return actual, SIGNATURES[actual][1], digest.hexdigest()
