"""Writes of the cloud classroom: courses and lessons (staff), resumable video uploads, enrolment, progress,
certificates and their revocation. Each use case is one transaction; staff use cases check the actor's scope
on the owning union."""

import datetime as dt
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.attachments import check_upload
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Org
from niangjia.training import mp4
from niangjia.training import rules_courses as rules
from niangjia.training import selectors as course_selectors
from niangjia.training.models import (
    Certificate,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    LessonVisit,
    VideoUpload,
)

log = logging.getLogger(__name__)

DEFAULT_VIDEO_MAX_BYTES = 500 * 1024 * 1024
DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024  # below DATA_UPLOAD_MAX_MEMORY_SIZE (12 MB), which the request guard enforces


def video_max_bytes() -> int:
    return int(getattr(settings, "NIANGJIA_VIDEO_MAX_BYTES", DEFAULT_VIDEO_MAX_BYTES))


def chunk_bytes() -> int:
    return int(getattr(settings, "NIANGJIA_VIDEO_CHUNK_BYTES", DEFAULT_CHUNK_BYTES))


def _partial_dir() -> Path:
    # Partial uploads live on the app server's local disk (appending to an object store is not possible);
    # behind several app servers the upload URL must stick to one server or MEDIA_ROOT must be shared.
    path = Path(settings.MEDIA_ROOT) / "training-partial"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _staff_course(actor, course_id: int, *, for_update: bool = False) -> Course:
    qs = Course.objects.filter(scoping.scope_q(actor, org_field="org"), pk=course_id).select_related("org")
    if for_update:
        qs = qs.select_for_update()
    course = qs.first()
    if course is None:
        raise NotFound("未找到该课程，或您无权管理。", code="training.course_not_found")
    return course


def _staff_lesson(actor, lesson_id: int) -> Lesson:
    lesson = (Lesson.objects.filter(scoping.scope_q(actor, org_field="course__org"), pk=lesson_id)
              .select_related("course", "course__org").first())
    if lesson is None:
        raise NotFound("未找到该课时，或您无权管理。", code="training.lesson_not_found")
    return lesson


def _org_in_scope(actor, org_id: int | None) -> Org | None:
    if org_id in (None, ""):
        return None
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("未找到该工会，或不在您的管辖范围内。", code="training.org_not_found")
    return org


def _check_course_fields(*, title: str, category: str, level: str) -> str:
    title = (title or "").strip()
    if not title:
        raise Invalid("请填写课程名称。", code="training.title_required")
    if len(title) > 120:
        raise Invalid("课程名称不能超过 120 个字。", code="training.title_too_long")
    if category not in Course.Category.values:
        raise Invalid("请选择课程类别。", code="training.category")
    if level not in Course.Level.values:
        raise Invalid("请选择课程难度。", code="training.level")
    return title


@transaction.atomic
def create_course(*, actor, org_id: int, title: str, category: str, level: str, summary: str = "",
                  keywords: str = "", audience_org_id: int | None = None, public: bool = False) -> Course:
    title = _check_course_fields(title=title, category=category, level=level)
    org = _org_in_scope(actor, org_id)
    if org is None:
        raise Invalid("请选择开课工会。", code="training.org_required")
    audience = _org_in_scope(actor, audience_org_id)
    if audience is not None and not audience.path.startswith(org.path):
        raise Invalid("面向的范围必须是开课工会或其下级工会。", code="training.audience_outside")
    course = Course.objects.create(title=title, category=category, level=level, summary=(summary or "")[:2000],
                                   keywords=(keywords or "")[:200], org=org, audience_org=audience,
                                   public=bool(public), created_by=actor)
    audit.record(actor, "training.course_create", course, org=org, summary={"title": title})
    return course


@transaction.atomic
def set_course_status(*, actor, course_id: int, status: str) -> Course:
    course = _staff_course(actor, course_id, for_update=True)
    if status not in Course.Status.values:
        raise Invalid("课程状态不正确。", code="training.status")
    if status == Course.Status.PUBLISHED and not Lesson.objects.filter(course=course).exists():
        raise Invalid("课程还没有课时，不能发布。", code="training.no_lessons")
    old = course.status
    course.status = status
    course.save(update_fields=["status"])
    audit.record(actor, "training.course_status", course, org=course.org,
                 summary={"status": {"old": old, "new": status}})
    return course


@transaction.atomic
def add_lesson(*, actor, course_id: int, title: str, kind: str, body: str = "", pdf=None) -> Lesson:
    course = _staff_course(actor, course_id, for_update=True)
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise Invalid("请填写课时名称（不超过 120 个字）。", code="training.lesson_title")
    if kind not in Lesson.Kind.values:
        raise Invalid("请选择课时类型：视频、PDF 或图文。", code="training.lesson_kind")
    if kind == Lesson.Kind.TEXT and not (body or "").strip():
        raise Invalid("图文课时需要填写正文。", code="training.lesson_body")
    pdf_ext = None
    if kind == Lesson.Kind.PDF:
        if pdf is None:
            raise Invalid("PDF 课时需要上传 PDF 文件。", code="training.lesson_pdf")
        pdf_ext, _type, pdf_sha = check_upload(pdf)
        if pdf_ext != "pdf":
            raise Invalid("PDF 课时只能上传 PDF 文件。", code="training.lesson_pdf")
    last = Lesson.objects.filter(course=course).order_by("-position").values_list("position", flat=True).first()
    lesson = Lesson(course=course, title=title, kind=kind, body=(body or "")[:20000], position=(last or 0) + 1)
    if pdf_ext:
        lesson.pdf.save(f"{pdf_sha}.pdf", pdf, save=False)
    lesson.save()
    audit.record(actor, "training.lesson_add", lesson, org=course.org, summary={"title": title, "kind": kind})
    return lesson


# --- resumable video upload ----------------------------------------------------------------------------


@transaction.atomic
def start_video_upload(*, actor, lesson_id: int, total: int) -> VideoUpload:
    lesson = _staff_lesson(actor, lesson_id)
    if lesson.kind != Lesson.Kind.VIDEO:
        raise Invalid("只有视频课时可以上传视频。", code="training.not_video")
    limit = video_max_bytes()
    if total <= 0:
        raise Invalid("文件是空的。", code="training.upload_empty")
    if total > limit:
        raise Invalid(f"视频不能超过 {limit // (1024 * 1024)} MB，请压缩后再上传。", code="training.upload_too_big",
                      details={"limit": limit})
    upload = VideoUpload.objects.create(lesson=lesson, total=total, created_by=actor)
    (_partial_dir() / f"{upload.token}.part").write_bytes(b"")
    return upload


def access_upload(*, actor, token: str) -> VideoUpload:
    upload = (VideoUpload.objects.filter(scoping.scope_q(actor, org_field="lesson__course__org"), token=token)
              .select_related("lesson", "lesson__course", "lesson__course__org").first())
    if upload is None:
        raise NotFound("未找到该上传，或您无权操作。", code="training.upload_not_found")
    return upload


def append_video_chunk(*, actor, token: str, offset: int, data: bytes) -> VideoUpload:
    """Append one chunk at `offset`. The row lock makes concurrent retries of the same chunk safe: the second
    finds `received` already moved and is told where to continue. The last chunk finishes the upload."""
    with transaction.atomic():
        upload = access_upload(actor=actor, token=token)
        upload = VideoUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != VideoUpload.Status.OPEN:
            raise Conflict("这次上传已经结束，请重新选择文件上传。", code="training.upload_closed")
        try:
            received = rules.check_chunk(offset=offset, length=len(data), received=upload.received,
                                         total=upload.total, chunk_limit=chunk_bytes())
        except rules.BadChunk as exc:
            raise Conflict(exc.message, code=exc.code, details={"received": upload.received}) from None
        part = _partial_dir() / f"{upload.token}.part"
        with open(part, "r+b" if part.exists() else "wb") as f:
            # Truncate first: bytes past `received` are from a chunk whose transaction did not commit.
            f.truncate(upload.received)
            f.seek(upload.received)
            f.write(data)
        upload.received = received
        upload.updated_at = timezone.now()
        upload.save(update_fields=["received", "updated_at"])
        if upload.received < upload.total:
            return upload
    return _finish_upload(actor=actor, upload_id=upload.pk)


def _finish_upload(*, actor, upload_id: int) -> VideoUpload:
    """Check the complete file (an MP4 browsers play, its duration from the movie header) and attach it to
    the lesson. A file that is not one marks the upload failed and is deleted."""
    part = _partial_dir() / f"{VideoUpload.objects.get(pk=upload_id).token}.part"
    try:
        with open(part, "rb") as f:
            info = mp4.read_info(f, part.stat().st_size)
    except (mp4.NotMp4, OSError):
        VideoUpload.objects.filter(pk=upload_id, status=VideoUpload.Status.OPEN).update(
            status=VideoUpload.Status.FAILED, updated_at=timezone.now())
        part.unlink(missing_ok=True)
        raise Invalid("这个文件不是浏览器能播放的 MP4 视频（请用 H.264 编码导出 MP4 后再上传）。",
                      code="training.not_mp4") from None
    with transaction.atomic():
        upload = (VideoUpload.objects.select_for_update().select_related("lesson", "lesson__course__org")
                  .get(pk=upload_id))
        if upload.status != VideoUpload.Status.OPEN or upload.received != upload.total:
            return upload
        lesson = upload.lesson
        digest = hashlib.sha256()
        with open(part, "rb") as f:
            for block in iter(lambda: f.read(1024 * 1024), b""):
                digest.update(block)
            f.seek(0)
            lesson.video.save(f"{digest.hexdigest()}.mp4", File(f), save=False)
        lesson.video_size = upload.total
        lesson.video_sha256 = digest.hexdigest()
        lesson.duration_seconds = round(info.duration_seconds)
        lesson.save(update_fields=["video", "video_size", "video_sha256", "duration_seconds"])
        upload.status = VideoUpload.Status.DONE
        upload.save(update_fields=["status"])
        audit.record(actor, "training.video_upload", lesson, org=lesson.course.org,
                     summary={"bytes": upload.total, "seconds": lesson.duration_seconds,
                              "fast_start": info.fast_start})
        if not lesson.poster and ffmpeg_binary():
            from niangjia.training import tasks_courses

            lesson_id = lesson.pk
            # Copying a large video and running ffmpeg takes seconds: a background task, not the upload request.
            transaction.on_commit(lambda: tasks_courses.make_poster_task(lesson_id))
    part.unlink(missing_ok=True)
    return upload


def ffmpeg_binary() -> str | None:
    """An ffmpeg to cut poster frames with, if the deployment has one (NIANGJIA_FFMPEG or on PATH); without
    one, staff upload a poster image."""
    configured = getattr(settings, "NIANGJIA_FFMPEG", "") or os.environ.get("NIANGJIA_FFMPEG", "")
    return configured or shutil.which("ffmpeg")


def make_poster(*, lesson_id: int) -> bool:
    """Cut a poster frame (at 1 s) from the lesson's video; False when no ffmpeg is available or it fails."""
    binary = ffmpeg_binary()
    lesson = Lesson.objects.filter(pk=lesson_id).first()
    if binary is None or lesson is None or not lesson.video:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.mp4"
        with lesson.video.open("rb") as f, open(src, "wb") as out:
            shutil.copyfileobj(f, out)
        dst = Path(tmp) / "poster.jpg"
        try:
            subprocess.run([binary, "-nostdin", "-loglevel", "error", "-ss", "1", "-i", str(src), "-frames:v", "1",
                            "-vf", "scale=640:-2", "-q:v", "5", "-y", str(dst)], check=True, timeout=60,
                           capture_output=True)
        except (OSError, subprocess.SubprocessError):
            log.warning("poster frame failed for lesson %s", lesson_id)
            return False
        if not dst.exists() or dst.stat().st_size == 0:
            return False
        data = dst.read_bytes()
    lesson.poster.save(f"{hashlib.sha256(data).hexdigest()}.jpg", ContentFile(data), save=False)
    Lesson.objects.filter(pk=lesson_id).update(poster=lesson.poster.name)
    return True


@transaction.atomic
def set_poster(*, actor, lesson_id: int, image) -> Lesson:
    lesson = _staff_lesson(actor, lesson_id)
    ext, _type, sha = check_upload(image)
    if ext not in ("jpg", "png"):
        raise Invalid("封面只能是 JPG 或 PNG 图片。", code="training.poster_type")
    lesson.poster.save(f"{sha}.{ext}", image, save=False)
    lesson.save(update_fields=["poster"])
    audit.record(actor, "training.poster", lesson, org=lesson.course.org, summary={"title": lesson.title})
    return lesson


# --- learning --------------------------------------------------------------------------------------------


def _enroll(actor, course: Course) -> Enrollment:
    enrollment = Enrollment.objects.filter(user=actor, course=course).first()
    if enrollment is not None:
        return enrollment
    membership = selectors.active_membership_of(actor)
    try:
        with transaction.atomic():
            return Enrollment.objects.create(user=actor, course=course,
                                             org=membership.org if membership else None)
    except IntegrityError:
        # Two devices enrolling at once: the unique constraint keeps one row; use it.
        return Enrollment.objects.get(user=actor, course=course)


@transaction.atomic
def enroll(*, actor, course_id: int) -> Enrollment:
    course = course_selectors.access_course_by_id(actor=actor, course_id=course_id)
    if course.status != Course.Status.PUBLISHED:
        raise Conflict("课程尚未发布，不能报名。", code="training.not_published")
    return _enroll(actor, course)


def record_visit(*, actor, lesson: Lesson, today: dt.date) -> None:
    """Count a learner-visit (学习人次): at most one per learner, lesson and day. Staff previewing a draft
    are not learners."""
    if not getattr(actor, "is_authenticated", False) or lesson.course.status != Course.Status.PUBLISHED:
        return
    if LessonVisit.objects.filter(user=actor, lesson=lesson, day=today).exists():
        return
    enrollment = Enrollment.objects.filter(user=actor, course_id=lesson.course_id).only("org_id").first()
    org_id = enrollment.org_id if enrollment else None
    if org_id is None:
        membership = selectors.active_membership_of(actor)
        org_id = membership.org_id if membership else None
    try:
        with transaction.atomic():
            LessonVisit.objects.create(user=actor, lesson=lesson, course_id=lesson.course_id, org_id=org_id, day=today)
    except IntegrityError:
        pass


@transaction.atomic
def save_progress(*, actor, lesson_id: int, position_seconds: int, finished: bool = False,
                  now: dt.datetime | None = None) -> LessonProgress:
    """A heartbeat from the player (or a "done" tap on a PDF/text lesson). Saves the position, credits learning
    time no faster than the clock, completes the lesson, and the course (with its certificate) when every
    lesson is done. Any device resumes from the saved position."""
    now = now or timezone.now()
    lesson = course_selectors.access_lesson_by_id(actor=actor, lesson_id=lesson_id)
    if lesson.course.status != Course.Status.PUBLISHED:
        raise Conflict("课程尚未发布。", code="training.not_published")
    if position_seconds < 0 or position_seconds > 24 * 3600:
        raise Invalid("播放位置不正确。", code="training.position")
    if lesson.kind == Lesson.Kind.VIDEO and lesson.duration_seconds:
        position_seconds = min(position_seconds, lesson.duration_seconds)
    enrollment = _enroll(actor, lesson.course)
    progress, _created = LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
    if lesson.kind == Lesson.Kind.VIDEO:
        progress.watched_seconds += rules.credited_seconds(
            previous_position=progress.position_seconds, new_position=position_seconds,
            seconds_since_last=(now - progress.updated_at).total_seconds())
        done = rules.video_completed(duration_seconds=lesson.duration_seconds,
                                     watched_seconds=progress.watched_seconds)
    else:
        # PDF and text: the learner says they are done; the time credited is the time the page was open.
        progress.watched_seconds += int(min(max((now - progress.updated_at).total_seconds(), 0),
                                            rules.HEARTBEAT_MAX_GAP_SECONDS)) if not _created else 0
        done = finished
    progress.position_seconds = position_seconds
    progress.updated_at = now
    if done and progress.completed_at is None:
        progress.completed_at = now
    progress.save()
    if progress.completed_at is not None and enrollment.completed_at is None:
        _complete_course_if_done(actor=actor, enrollment=enrollment, now=now)
    return progress


def _complete_course_if_done(*, actor, enrollment: Enrollment, now: dt.datetime) -> None:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.completed_at is not None:
        return
    lesson_ids = set(Lesson.objects.filter(course_id=enrollment.course_id).values_list("pk", flat=True))
    done_ids = set(LessonProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False)
                   .values_list("lesson_id", flat=True))
    if not rules.course_completed(lesson_ids=lesson_ids, completed_lesson_ids=done_ids):
        return
    enrollment.completed_at = now
    enrollment.save(update_fields=["completed_at"])
    cert = Certificate.objects.create(enrollment=enrollment, number=f"tmp-{enrollment.pk}",
                                      holder_name=(actor.real_name or actor.display_name or "")[:60] or actor.name,
                                      issued_at=now)
    cert.number = rules.certificate_number(year=timezone.localtime(now).year, sequence=cert.pk)
    cert.save(update_fields=["number"])
    audit.record(actor, "training.certificate_issue", cert, org=enrollment.course.org,
                 summary={"course": enrollment.course.title, "number": cert.number})


@transaction.atomic
def revoke_certificate(*, actor, certificate_id: int, reason: str) -> Certificate:
    cert = (Certificate.objects.select_for_update()
            .filter(scoping.scope_q(actor, org_field="enrollment__course__org"), pk=certificate_id)
            .select_related("enrollment__course__org").first())
    if cert is None:
        raise NotFound("未找到该证书，或您无权管理。", code="training.certificate_not_found")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("请填写撤销原因。", code="training.reason_required")
    if cert.revoked_at is not None:
        raise Conflict("该证书已经撤销。", code="training.already_revoked")
    cert.revoked_at = timezone.now()
    cert.revoked_by = actor
    cert.revoke_reason = reason[:200]
    cert.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit.record(actor, "training.certificate_revoke", cert, org=cert.enrollment.course.org,
                 summary={"number": cert.number, "reason": cert.revoke_reason})
    return cert


ABANDONED_AFTER = dt.timedelta(hours=24)


def sweep_abandoned_uploads(*, now: dt.datetime | None = None) -> int:
    """Mark uploads with no chunk for a day as failed and delete their partial files; returns how many."""
    now = now or timezone.now()
    tokens = list(VideoUpload.objects.filter(status=VideoUpload.Status.OPEN, updated_at__lt=now - ABANDONED_AFTER)
                  .values_list("token", flat=True)[:1000])
    swept = VideoUpload.objects.filter(token__in=tokens, status=VideoUpload.Status.OPEN,
                                       updated_at__lt=now - ABANDONED_AFTER).update(status=VideoUpload.Status.FAILED)
    for token in tokens:
        (_partial_dir() / f"{token}.part").unlink(missing_ok=True)
    return swept
