"""Storing checked uploads inside a use case, so that a refused request leaves no file behind.

A use case decorated with `atomic_with_uploads` runs in one transaction; every file `store_uploads`
writes during it is registered, and if the use case fails (a later check refuses the request, the
database rolls back) those files are deleted again. A caller's own outer transaction that rolls back
later is not covered.
"""

import contextvars
import functools

from django.db import transaction

from niangjia.core.attachments import check_upload
from niangjia.core.models import Attachment, Org

_STORED: contextvars.ContextVar[list | None] = contextvars.ContextVar("niangjia_stored_uploads", default=None)


def atomic_with_uploads(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        stored: list = []
        token = _STORED.set(stored)
        try:
            with transaction.atomic():
                return fn(*args, **kwargs)
        except BaseException:
            for storage, name in stored:
                storage.delete(name)
            raise
        finally:
            _STORED.reset(token)

    return wrapper


def check_uploads(uploads) -> list[tuple]:
    """Check every upload (type by content, size) before anything is stored: one bad file refuses all.
    Returns (upload, extension, content type, sha256) per file."""
    return [(upload, *check_upload(upload)) for upload in uploads or []]


def store_uploads(actor, org: Org, checked, *, purpose: str) -> list[Attachment]:
    """Store uploads already passed through `check_uploads` as attachments of `org`."""
    stored = _STORED.get()
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


def delete_attachments(ids) -> int:
    """Delete attachments and their files (retention, account closure). The rows go in the caller's
    transaction; the files only once it commits, so a rollback never leaves a row without its file."""
    rows = list(Attachment.objects.filter(pk__in=list(ids)))
    files = [(a.file.storage, a.file.name) for a in rows if a.file]
    Attachment.objects.filter(pk__in=[a.pk for a in rows]).delete()

    def remove():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)
    return len(rows)
