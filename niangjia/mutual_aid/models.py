"""职工医疗互助保障: plans (versioned rules as data), enrolments, claims, per-person-year totals, payouts."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core import pii
from niangjia.core.models import Attachment, Member, Org

MONEY = {"max_digits": 12, "decimal_places": 2}


class Plan(models.Model):
    """One plan per region and year (e.g. ZYHZ-2020); a new version is a new row.

    A plan year is born as a draft (copied from last year's plan), edited, checked with the what-if,
    then published: enrolment opens for [enrol_start, enrol_end] and claims are covered for
    [coverage_start, coverage_end]. Its phase (draft / open for enrolment / in force / closed) follows
    from the status, those dates and today (rules.plan_phase)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("plan code"), max_length=30)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("name"), max_length=120)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+", help_text="the issuing union")
    year = models.PositiveSmallIntegerField()
    premium = models.DecimalField(_("premium per person"), **MONEY)
    coverage_start = models.DateField()
    coverage_end = models.DateField()
    waiting_days = models.PositiveSmallIntegerField(default=90)
    rules = models.JSONField(default=dict)
    two_step_above = models.DecimalField(_("second approval above"), default=5000, **MONEY)
    is_active = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    enrol_start = models.DateField(_("enrolment opens"), null=True, blank=True)
    enrol_end = models.DateField(_("enrolment closes"), null=True, blank=True)
    copied_from = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="+")
    whatif_at = models.DateTimeField(null=True, blank=True, help_text="last what-if run; publishing needs a fresh one")
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="ma_plan_code_version"),
            models.CheckConstraint(condition=Q(status__in=["draft", "published"]), name="ma_plan_status"),
            models.CheckConstraint(
                condition=Q(enrol_start__isnull=True) | Q(enrol_end__isnull=True) | Q(enrol_end__gte=F("enrol_start")),
                name="ma_plan_enrol_window"),
            models.CheckConstraint(condition=Q(coverage_end__gte=F("coverage_start")), name="ma_plan_period"),
            models.CheckConstraint(condition=Q(premium__gte=0), name="ma_plan_premium_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EnrolmentBatch(models.Model):
    """A union's batch enrolment: premium total and the payment from union funds."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="batches")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)
    premium_total = models.DecimalField(default=0, **MONEY)
    paid_amount = models.DecimalField(null=True, blank=True, **MONEY)
    paid_on = models.DateField(null=True, blank=True)
    payment_ref = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="enrolments")
    member = models.ForeignKey(Member, models.PROTECT, related_name="+")
    person_index = models.CharField(max_length=64, db_index=True)  # Member.id_index: the person across transfers
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    batch = models.ForeignKey(EnrolmentBatch, models.PROTECT, null=True, blank=True, related_name="enrolments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    enrolled_on = models.DateField()
    waiting_until = models.DateField(help_text="claims for events before this day are refused")
    first_time = models.BooleanField(default=True)
    premium = models.DecimalField(**MONEY)
    self_enrolled = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person_index"], condition=Q(status="active"), name="ma_one_active_enrolment"
            ),
            models.CheckConstraint(condition=Q(status__in=["active", "cancelled"]), name="ma_enrolment_status"),
        ]
        indexes = [models.Index(fields=["org", "plan"], name="ma_enrol_org_plan")]


class PayoutBatch(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting bank transfer")
        PAID = "paid", _("Paid")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(default=0, **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class Claim(models.Model):
    class Kind(models.TextChoices):
        INPATIENT = "inpatient", _("Inpatient")
        SERIOUS = "serious_illness", _("Serious illness")
        FRONTLINE = "frontline_infection", _("Front-line infection")
        ACCIDENT = "accidental_injury", _("Accidental injury")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        FIRST_APPROVED = "first_approved", _("First approval done")
        APPROVED = "approved", _("Approved, awaiting payment")
        PAID = "paid", _("Paid")
        REJECTED = "rejected", _("Rejected")

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="claims", db_index=False)
    enrolment = models.ForeignKey(Enrolment, models.PROTECT, related_name="claims")
    member = models.ForeignKey(Member, models.PROTECT, related_name="+")
    person_index = models.CharField(max_length=64)  # indexed by ma_claim_person (no LIKE copy)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+", db_index=False)  # ma_claim_org_status
    kind = models.CharField(max_length=24, choices=Kind.choices)
    hospital = models.CharField(_("hospital"), max_length=120)
    admitted_on = models.DateField(_("admission / event date"))
    discharged_on = models.DateField(_("discharge date"), null=True, blank=True)
    invoice_no = models.CharField(_("invoice number"), max_length=40)
    total_cost = models.DecimalField(**MONEY)
    insurance_paid = models.DecimalField(**MONEY)
    self_paid = models.DecimalField(**MONEY)
    diagnosis = pii.EncryptedTextField(_("diagnosis"), blank=True)
    photos = models.ManyToManyField(Attachment, blank=True, related_name="+")  # the invoice photos, 1 to 6
    computed_amount = models.DecimalField(**MONEY)
    approved_amount = models.DecimalField(null=True, blank=True, **MONEY)
    adjust_reason = models.CharField(max_length=200, blank=True)
    explanation = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    reject_reason = models.CharField(max_length=200, blank=True)
    first_approver = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                       related_name="+", db_index=False)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                 db_index=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    payout_batch = models.ForeignKey(PayoutBatch, models.PROTECT, null=True, blank=True, related_name="claims")
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["invoice_no"], name="ma_invoice_once"),
            models.UniqueConstraint(
                fields=["person_index"], condition=Q(kind="frontline_infection") & ~Q(status="rejected"),
                name="ma_frontline_once",
            ),
            models.CheckConstraint(
                condition=Q(total_cost__gte=0) & Q(insurance_paid__gte=0) & Q(self_paid__gte=0)
                & Q(self_paid__lte=F("total_cost")) & Q(computed_amount__gte=0),
                name="ma_claim_amounts",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0), name="ma_claim_approved_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["inpatient", "serious_illness", "frontline_infection", "accidental_injury"]),
                name="ma_claim_kind_v2"
            ),
        ]
        # Every index costs a write on each approval (status and approver change, so no HOT update): only
        # the ones a query or a constraint needs. Kept: the primary key, invoice_no (unique), the
        # front-line partial unique index, (org, status) for the scoped review list and the batch (its
        # prefix serves org_id), person_index for already_paid(), member_id for a member's own claims,
        # payout_batch_id for a payout batch's claims, enrolment_id for the foreign-key check when
        # enrolments are deleted in bulk (without it each deleted enrolment scans the claim table: the
        # benchmark's reset of 100,000 enrolments ran for minutes). Not indexed: plan (a handful of rows)
        # and the two approvers (no query filters by them; deleting a user scans the table once).
        indexes = [
            models.Index(fields=["org", "status"], name="ma_claim_org_status"),
            models.Index(fields=["person_index"], name="ma_claim_person"),
        ]

    @property
    def payout(self):
        return self.approved_amount if self.approved_amount is not None else self.computed_amount


class PersonYearTotal(models.Model):
    """What a person has been paid under one plan year: keyed by the plan's code and year, not by one
    version row, so a second version of ZYHZ-2020 shares the first one's caps and once-per-year
    benefits. Locked with select_for_update on every approval; the check constraints make overpaying
    the annual cap impossible even if code errs. `plan` is the version that opened the row."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="+")
    plan_code = models.CharField(max_length=30)
    plan_year = models.PositiveSmallIntegerField()
    person_index = models.CharField(max_length=64)
    inpatient_paid = models.DecimalField(default=0, **MONEY)
    inpatient_cap = models.DecimalField(**MONEY)
    serious_count = models.PositiveSmallIntegerField(default=0)
    accident_paid = models.DecimalField(default=0, **MONEY)
    accident_cap = models.DecimalField(default=0, **MONEY)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_index", "plan_code", "plan_year"], name="ma_total_code_year_once"),
            models.CheckConstraint(
                condition=Q(inpatient_paid__gte=0) & Q(inpatient_paid__lte=F("inpatient_cap")),
                name="ma_total_within_cap",
            ),
            models.CheckConstraint(condition=Q(serious_count__lte=1), name="ma_serious_once_per_year"),
            models.CheckConstraint(
                condition=Q(accident_paid__gte=0) & Q(accident_paid__lte=F("accident_cap")),
                name="ma_total_accident_within_cap",
            ),
        ]


class LedgerEntry(models.Model):
    """Append-only money ledger: an approval commits an amount, a payment pays it."""

    class Kind(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")

    claim = models.ForeignKey(Claim, models.PROTECT, related_name="ledger")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(**MONEY)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="ma_ledger_nonneg")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("LedgerEntry is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("LedgerEntry is append-only")
