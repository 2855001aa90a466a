"""Choices of the cloud classroom, shared by models, forms and views (views import no models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseCategory(models.TextChoices):
    SKILLS = "skills", _("Vocational skills")
    SAFETY = "safety", _("Work safety")
    LAW = "law", _("Labour law")
    HEALTH = "health", _("Health")
    DIGITAL = "digital", _("Digital skills")
    UNION = "union", _("Union work")

class CourseLevel(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")

class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class LessonKind(models.TextChoices):
    VIDEO = "video", _("Video")
    PDF = "pdf", _("PDF")
    TEXT = "text", _("Text")
