import contextvars
import datetime as dt
import functools

from django.db import transaction

from niangjia.core.attachments import check_upload
from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import Attachment
from niangjia.mutual_aid.models import Plan
from niangjia.mutual_aid.rules import RuleError


def get_plan(plan_id=None, *, code: str | None = None, for_update: bool = False) -> Plan:
    qs = Plan.objects.select_related("org").filter(is_active=True)
    if for_update:
        qs = qs.select_for_update()
    if code:
        plan = qs.filter(code=code).order_by("-version").first()
    else:
        plan = qs.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("未找到该互助计划。", code="mutual_aid.plan_not_found")
    return plan


def as_invalid(exc: RuleError, code: str = "mutual_aid.invalid") -> Invalid:
    return Invalid(str(exc), code=code)


def waiting_until(plan: Plan, enrolled_on: dt.date, first_time: bool) -> dt.date:
    start = max(enrolled_on, plan.coverage_start)
    return start + dt.timedelta(days=plan.waiting_days) if first_time else plan.coverage_start


_STORED_UPLOADS: contextvars.ContextVar[list | None] = contextvars.ContextVar("mutual_aid_stored_uploads", default=None)


def atomic_with_uploads(fn):
    """One transaction per use case that stores uploads (as relief does): if the use case fails after
    files were written to storage (a later check refuses it, the database rolls back), those files are
    deleted again, so a refused request leaves neither attachment rows nor files behind."""

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


def check_uploads(uploads) -> list[tuple]:
    """Check every upload (type by content, size) before anything is stored: one bad file refuses all.
    Returns (upload, extension, content type, sha256) per file."""
    return [(upload, *check_upload(upload)) for upload in uploads]


def store_uploads(actor, org, checked, *, purpose: str) -> list[Attachment]:
    """Store checked uploads as attachments of `org`; the files written are registered with the
    enclosing `atomic_with_uploads` use case so that they are deleted if it fails."""
    stored = _STORED_UPLOADS.get()
    out = []
    for upload, ext, content_type, sha in checked:
        att = Attachment(original_name=upload.name[:200], content_type=content_type, extension=ext, size=upload.size,
                         sha256=sha, uploaded_by=actor if actor and actor.is_authenticated else None, org=org,
                         purpose=purpose)
        att.file.save(f"{sha}.{ext}", upload, save=False)
        if stored is not None:
            stored.append((att.file.storage, att.file.name))
        att.save()
        out.append(att)
    return out
