"""送温暖/送清凉/金秋助学/慰问: campaigns, budget allocations down the tree, recipients and receipts."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core.models import Attachment, Member, Org

MONEY = {"max_digits": 12, "decimal_places": 2}


class Campaign(models.Model):
    class Kind(models.TextChoices):
        WARMTH = "warmth", _("Winter warmth (送温暖)")
        COOLNESS = "coolness", _("Summer coolness (送清凉)")
        SCHOOL = "school", _("Autumn school aid (金秋助学)")
        VISIT = "visit", _("Visits and greetings (慰问)")

    class Form(models.TextChoices):
        CASH = "cash", _("Cash")
        GOODS = "goods", _("Goods")
        BOTH = "both", _("Cash and goods")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    form = models.CharField(_("form"), max_length=6, choices=Form.choices, default=Form.CASH)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    total_budget = models.DecimalField(_("total budget"), **MONEY)
    per_person = models.DecimalField(_("amount per person"), default=0, **MONEY)
    goods = models.CharField(_("goods"), max_length=120, blank=True)
    allocated_out = models.DecimalField(default=0, **MONEY)
    spent = models.DecimalField(default=0, **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="care_campaign_period"),
            models.CheckConstraint(
                condition=Q(total_budget__gte=0) & Q(allocated_out__gte=0) & Q(spent__gte=0) & Q(per_person__gte=0)
                & Q(allocated_out__lte=F("total_budget") - F("spent")),
                name="care_campaign_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Budget handed from the campaign (parent=None) or a higher allocation to a lower org."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="allocations")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    amount = models.DecimalField(**MONEY)
    allocated_out = models.DecimalField(default=0, **MONEY)
    spent = models.DecimalField(default=0, **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org"], name="care_allocation_once"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(allocated_out__gte=0) & Q(spent__gte=0)
                & Q(allocated_out__lte=F("amount") - F("spent")),
                name="care_allocation_within_amount",
            ),
        ]


class Recipient(models.Model):
    class Source(models.TextChoices):
        FRONTLINE = "frontline", _("Front-line member")
        HARDSHIP = "hardship", _("Hardship file")
        MODEL_WORKER = "model_worker", _("Model worker in difficulty")
        MANUAL = "manual", _("Chosen by staff")
        IMPORT = "import", _("Excel import")

    class Status(models.TextChoices):
        PENDING = "pending", _("Not yet confirmed")
        CONFIRMED = "confirmed", _("Received")

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="recipients")
    allocation = models.ForeignKey(Allocation, models.PROTECT, null=True, blank=True, related_name="recipients")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the member's union
    funding_org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # whose budget pays
    member = models.ForeignKey(Member, models.PROTECT, related_name="+")
    person_index = models.CharField(max_length=64)
    amount = models.DecimalField(**MONEY)
    source = models.CharField(max_length=12, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_via = models.CharField(max_length=8, blank=True)  # phone | paper
    receipt_photo = models.ForeignKey(Attachment, models.PROTECT, null=True, blank=True, related_name="+")
    # set when the bank paid the cash (core payout row paid); until then the money is only 拟慰问 (planned)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person_index"], name="care_recipient_once_per_campaign"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="care_recipient_amount_nonneg"),
        ]
        indexes = [models.Index(fields=["campaign", "status", "org"], name="care_recipient_status")]
