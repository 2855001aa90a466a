"""Notices and policy digests (通知公告, 惠企政策汇编) with their audiences and read receipts."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core.models import Attachment, Org, User


class Notice(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        DIGEST = "digest", _("Policy digest")
        NEWS = "news", _("News")

    class Audience(models.TextChoices):
        # Who in the chosen subtree receives it: everyone on a roster and its staff, the staff of every union
        # (a notice "pushed to the unions"), only holders of chosen roles, or named members.
        EVERYONE = "everyone", _("Members and staff of the unions below")
        STAFF = "staff", _("Staff of the unions below")
        ROLES = "roles", _("Holders of the chosen roles")
        PEOPLE = "people", _("Named people")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("publishing union"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField(_("notice title"), max_length=120)
    summary = models.CharField(_("notice summary"), max_length=200, blank=True)
    body = models.TextField(_("notice body"))
    audience = models.CharField(_("notice audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    audience_org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("unions below"))
    audience_roles = models.JSONField(_("roles"), default=list, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    remind_after_days = models.PositiveSmallIntegerField(_("remind unread after (days)"), default=3)
    reminded_at = models.DateTimeField(null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)
    read_count = models.PositiveIntegerField(default=0)
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")
    people = models.ManyToManyField(User, blank=True, related_name="+")
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "is_public", "-published_at"], name="news_public_feed"),
                   models.Index(fields=["status", "publish_at"], name="news_due")]
        constraints = [
            models.CheckConstraint(condition=Q(read_count__lte=models.F("recipients_count")), name="news_read_le_total"),
            models.CheckConstraint(condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                                   name="news_scheduled_has_time"),
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="news_published_has_time"),
        ]

    def __str__(self) -> str:
        return self.title


class ReadReceipt(models.Model):
    """One per recipient, made when the notice is published; `org` is the union the recipient is counted under."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="receipts")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    org = models.ForeignKey(Org, models.CASCADE, related_name="+")
    delivered_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="news_one_receipt_per_person")]
        indexes = [models.Index(fields=["notice", "org"], name="news_receipt_by_union"),
                   models.Index(fields=["user", "read_at"], name="news_receipt_inbox")]
