"""Courses, lessons, enrolments, progress and certificates (云课堂)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core.models import Org
from niangjia.training import choices_courses as choices

__all__ = ["Certificate", "Course", "Enrollment", "Lesson", "LessonProgress", "LessonVisit", "VideoUpload"]


def _verify_token() -> str:
    return secrets.token_urlsafe(16)


def lesson_file_path(instance, filename: str) -> str:
    # Names are chosen by the service (sha-based), never by the uploader.
    return f"training/lessons/{filename}"


class Course(models.Model):
    Category = choices.CourseCategory
    Level = choices.CourseLevel
    Status = choices.CourseStatus

    title = models.CharField(_("course title"), max_length=120)
    summary = models.TextField(_("summary"), blank=True, max_length=2000)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True,
                                help_text=_("Words separated by spaces, used to suggest the course."))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("owning union"))
    # The subtree whose members may take the course; empty means the owning union's whole subtree.
    audience_org = models.ForeignKey(Org, models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("audience"))
    # A public course's lessons (and videos) may be watched without logging in; enrolment still needs a login.
    public = models.BooleanField(_("open to visitors"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "org"])]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    Kind = choices.LessonKind

    course = models.ForeignKey(Course, models.CASCADE, related_name="lessons")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField(_("lesson title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    body = models.TextField(_("text"), blank=True, max_length=20000)
    video = models.FileField(upload_to=lesson_file_path, max_length=200, blank=True)
    video_size = models.BigIntegerField(default=0)
    video_sha256 = models.CharField(max_length=64, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    poster = models.FileField(upload_to=lesson_file_path, max_length=200, blank=True)
    pdf = models.FileField(upload_to=lesson_file_path, max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["course_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class VideoUpload(models.Model):
    """One resumable upload of a lesson's MP4: chunks are appended to a partial file until `received`
    reaches `total`, then the file is checked (MP4 header, duration) and attached to the lesson."""

    class Status(models.TextChoices):
        OPEN = "open", _("Uploading")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    token = models.CharField(max_length=32, unique=True, default=_verify_token)
    lesson = models.ForeignKey(Lesson, models.CASCADE, related_name="uploads")
    total = models.BigIntegerField()
    received = models.BigIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(received__lte=models.F("total")) & Q(received__gte=0),
                                              name="training_upload_received_within_total")]


class Enrollment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, models.CASCADE, related_name="enrollments")
    # The learner's grassroots union when enrolling, for statistics per union (null for non-members).
    org = models.ForeignKey(Org, models.SET_NULL, null=True, blank=True, related_name="+")
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="training_one_enrollment")]


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, models.CASCADE, related_name="+")
    position_seconds = models.PositiveIntegerField(default=0)
    # Seconds actually spent (credited from heartbeats, capped by wall-clock time), for "hours" statistics.
    watched_seconds = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "lesson"], name="training_one_progress")]


class LessonVisit(models.Model):
    """A learner opening a lesson: one row per learner, lesson and day (学习人次)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, models.CASCADE, related_name="+")
    org = models.ForeignKey(Org, models.SET_NULL, null=True, blank=True, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson", "day"], name="training_one_visit_a_day")]
        indexes = [models.Index(fields=["course", "day"])]


class Certificate(models.Model):
    enrollment = models.OneToOneField(Enrollment, models.PROTECT, related_name="certificate")
    number = models.CharField(max_length=24, unique=True)
    verify_token = models.CharField(max_length=32, unique=True, default=_verify_token)
    holder_name = models.CharField(max_length=60)
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    revoke_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    @property
    def valid(self) -> bool:
        return self.revoked_at is None
