"""Exports and simulations above a small size run in the huey consumer, not in the request.

An app registers a runner for a kind (`register("core.member_export", runner)` in its AppConfig.ready, so
core imports no app); a view calls `start(...)` and sends the requester to the job page, which polls the
status with htmx and shows the download link when the file is ready. The runner gets the job (its
`requested_by` is the actor: scope is checked again when the work runs, not only when it was asked for) and a
`progress(done, total)` callback, and returns `(filename, bytes)`. Files are readable only by the requester
and are deleted `NIANGJIA_JOB_TTL_HOURS` after they are ready (an hourly task).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Conflict, DomainError, NotFound
from niangjia.core.job_models import BackgroundJob

log = logging.getLogger("niangjia.jobs")
Progress = Callable[[int, int], None]
Runner = Callable[[BackgroundJob, Progress], tuple[str, bytes]]


@dataclass(frozen=True)
class Kind:
    runner: Runner
    title: str


_KINDS: dict[str, Kind] = {}


def register(kind: str, runner: Runner, *, title: str) -> None:
    _KINDS[kind] = Kind(runner, title)


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "NIANGJIA_JOB_TTL_HOURS", 24))


def inline_limit() -> int:
    """Up to this many rows an export is built inside the request; above, it becomes a job."""
    return getattr(settings, "NIANGJIA_INLINE_EXPORT_ROWS", 2000)


@transaction.atomic
def start(*, actor, kind: str, params: dict, org=None, total: int = 0) -> BackgroundJob:
    if kind not in _KINDS:
        raise NotFound("未知的后台任务。")
    job = BackgroundJob.objects.create(kind=kind, title=_KINDS[kind].title, params=params, requested_by=actor,
                                       org=org, total=total)
    audit.record(actor, "job.start", job, org=org, summary={"kind": kind, "rows": total})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from niangjia.core import tasks

    tasks.run_background_job(job_id)


def run(job_id: int) -> None:
    """Called by the huey task. A domain refusal (e.g. the requester lost the role) fails the job with its
    Chinese message; anything else fails it with a generic one and is logged."""
    job = BackgroundJob.objects.select_related("requested_by").filter(pk=job_id, status="queued").first()
    if job is None:
        return
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
    last = [0]

    def progress(done: int, total: int) -> None:
        # at most about a hundred writes per job, whatever its size
        if done == total or done - last[0] >= max(total // 100, 1):
            last[0] = done
            BackgroundJob.objects.filter(pk=job.pk).update(done=min(done, total), total=total)

    try:
        filename, data = _KINDS[job.kind].runner(job, progress)
    except DomainError as exc:
        _fail(job, exc.message)
        return
    except Exception:
        log.exception("background job %s failed", job.pk)
        _fail(job, "任务执行失败，请稍后重试或联系管理员。")
        return
    job.refresh_from_db()
    job.file.save(f"{job.token}.{filename.rsplit('.', 1)[-1]}", ContentFile(data), save=False)
    now = timezone.now()
    job.filename, job.status, job.finished_at, job.expires_at = filename, BackgroundJob.Status.DONE, now, now + ttl()
    job.done = job.total
    job.save(update_fields=["file", "filename", "status", "finished_at", "expires_at", "done"])


@transaction.atomic
def store_ready_file(*, actor, kind: str, title: str, filename: str, data: bytes, org=None) -> BackgroundJob:
    """A file made inside the request (an import's error report) kept behind the same requester-only, expiring
    download as a background job's result."""
    now = timezone.now()
    job = BackgroundJob(kind=kind, title=title, requested_by=actor, org=org, status=BackgroundJob.Status.DONE,
                        filename=filename, finished_at=now, expires_at=now + ttl())
    job.file.save(f"{job.token}.{filename.rsplit('.', 1)[-1]}", ContentFile(data), save=False)
    job.save()
    audit.record(actor, "job.start", job, org=org, summary={"kind": kind})
    return job


def _fail(job: BackgroundJob, message: str) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.FAILED, error=message[:300],
                                                   finished_at=timezone.now())


def access_job(*, actor, token) -> BackgroundJob:
    """The requester's own job; anyone else (an admin above included) gets the same NotFound."""
    job = BackgroundJob.objects.filter(token=token, requested_by_id=getattr(actor, "pk", None)).first()
    if job is None:
        raise NotFound("未找到该任务。")
    return job


def open_download(*, actor, token, now: dt.datetime | None = None) -> BackgroundJob:
    job = access_job(actor=actor, token=token)
    now = now or timezone.now()
    if job.status == BackgroundJob.Status.EXPIRED or (job.expires_at and job.expires_at <= now):
        raise Conflict("下载链接已过期，请重新导出。", code="job.expired")
    if job.status != BackgroundJob.Status.DONE:
        raise Conflict("文件还没有生成好，请稍候。", code="job.not_ready")
    with transaction.atomic():
        audit.record(actor, "job.download", job, org=job.org, summary={"kind": job.kind})
    return job


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the files of expired jobs and mark them; returns how many."""
    now = now or timezone.now()
    n = 0
    for job in BackgroundJob.objects.filter(status=BackgroundJob.Status.DONE, expires_at__lte=now):
        if job.file:
            job.file.delete(save=False)
        BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.EXPIRED, file="")
        n += 1
    return n
