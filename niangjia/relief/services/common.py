"""Helpers shared by the relief use cases: money parsing, rule errors, scope, uploads."""

import contextvars
import datetime as dt
import functools
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from niangjia.core import scoping
from niangjia.core.attachments import check_upload
from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import Attachment, Org
from niangjia.relief import rules

MAX_AMOUNT = Decimal("10000000")


TEMPORARY = set(rules.TEMPORARY_KINDS)


CATEGORY = {"living", "education"}


def to_money(value, label: str, *, allow_zero: bool = True) -> Decimal:
    try:
        v = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise Invalid(f"{label}不是有效的金额。", code="relief.bad_amount", details={"field": label}) from None
    if not v.is_finite():
        raise Invalid(f"{label}不是有效的金额。", code="relief.bad_amount", details={"field": label})
    if v < 0 or (v == 0 and not allow_zero):
        raise Invalid(f"{label}必须大于 0。" if not allow_zero else f"{label}不能为负数。", code="relief.bad_amount",
                      details={"field": label})
    if v > MAX_AMOUNT:
        raise Invalid(f"{label}金额过大（超过 1,000 万元），请核对。", code="relief.bad_amount", details={"field": label})
    if v != v.quantize(rules.CENT):
        raise Invalid(f"{label}最多保留两位小数。", code="relief.bad_amount", details={"field": label})
    return v.quantize(rules.CENT)


def _rule(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except rules.RuleError as exc:
        raise Invalid(str(exc), code="relief.rule") from None


def _not_future(day: dt.date | None, label: str) -> None:
    if day and day > timezone.localdate():
        raise Invalid(f"{label}不能晚于今天。", code="relief.future_date")


def _staff_org(actor, org_id) -> Org:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("未找到该工会，或您无权操作。")
    return org


_STORED_UPLOADS: contextvars.ContextVar[list | None] = contextvars.ContextVar("relief_stored_uploads", default=None)


def atomic_with_uploads(fn):
    """One transaction per use case that stores uploads: if the use case fails after files were written
    to storage (a later check refuses the request, the database rolls back), those files are deleted
    again, so a refused request leaves neither rows nor files behind."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        stored: list = []
        token = _STORED_UPLOADS.set(stored)
        try:
            with transaction.atomic():
                return fn(*args, **kwargs)
        except BaseException:
            for storage, name in stored:
                storage.delete(name)
            raise
        finally:
            _STORED_UPLOADS.reset(token)

    return wrapper


def _save_photos(actor, org, uploads) -> list[Attachment]:
    """Check every upload first (nothing is stored when one is refused), then store them; the files
    written are registered with the enclosing `atomic_with_uploads` use case for clean-up on failure."""
    uploads = list(uploads or [])
    checked = [(upload, *check_upload(upload)) for upload in uploads]
    stored = _STORED_UPLOADS.get()
    out = []
    for upload, ext, content_type, sha in checked:
        att = Attachment(original_name=upload.name[:200], content_type=content_type, extension=ext, size=upload.size,
                         sha256=sha, uploaded_by=actor if actor and actor.is_authenticated else None, org=org,
                         purpose="relief.evidence")
        att.file.save(f"{sha}.{ext}", upload, save=False)
        if stored is not None:
            stored.append((att.file.storage, att.file.name))
        att.save()
        out.append(att)
    return out


def models_min(field):
    return Min(field)


def models_max(field):
    return Max(field)
