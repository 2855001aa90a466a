"""Hardship relief (困难职工帮扶): households, files, policies, applications, the capped ledger,
campaigns, monitoring flags and visits.

Every number a policy uses lives in `Policy.params` (data, versioned), never in code. Amounts are
`Decimal` with two places. The ledger (`Disbursement`) is append-only: a reversal is a new row.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core import pii
from niangjia.core.models import Attachment, Member, Org, User

MONEY = {"max_digits": 12, "decimal_places": 2}


class DibaoStandard(models.Model):
    """城市居民最低生活保障标准 (yuan per person per month) of one region and year, kept by admins."""

    region_code = models.CharField(_("region code"), max_length=6)
    year = models.PositiveSmallIntegerField(_("year"))
    monthly_amount = models.DecimalField(_("monthly dibao"), **MONEY)
    is_demo = models.BooleanField(_("demo value"), default=False)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["region_code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "year"], name="relief_dibao_region_year"),
            models.CheckConstraint(condition=Q(monthly_amount__gt=0), name="relief_dibao_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year}: {self.monthly_amount}"


class Household(models.Model):
    org = models.ForeignKey(Org, models.PROTECT, related_name="relief_households")
    head = models.ForeignKey(Member, models.SET_NULL, null=True, blank=True, related_name="relief_households")
    head_name = models.CharField(_("head of household"), max_length=60)
    address = models.CharField(_("address"), max_length=200, blank=True)
    region_code = models.CharField(_("region code"), max_length=6)
    bank_account = pii.EncryptedTextField(_("bank account"), blank=True, blind_index=("bank_account_index", "bank"))
    bank_account_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_visit_on = models.DateField(null=True, blank=True)
    evidence = models.ManyToManyField(Attachment, blank=True, related_name="+")
    # The head's ID-number blind index (Member.id_index): one household per head in the whole tree, so
    # one person never holds two yearly caps. Empty for a household without a head member, and for a
    # duplicate that was merged into another (merged_into).
    head_id_index = models.CharField(max_length=64, blank=True, default="", editable=False)
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="merged")

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "region_code"], name="relief_household_org_region")]
        constraints = [models.UniqueConstraint(fields=["head_id_index"], condition=~Q(head_id_index=""),
                                               name="relief_one_household_per_head")]

    def __str__(self) -> str:
        return self.head_name


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SELF = "self", _("Self")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other")

    class WorkStatus(models.TextChoices):
        EMPLOYED = "employed", _("Employed")
        UNEMPLOYED = "unemployed", _("Unemployed")
        RETIRED = "retired", _("Retired")
        STUDENT = "student", _("Student")
        UNABLE = "unable", _("Unable to work")

    household = models.ForeignKey(Household, models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=60)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    age = models.PositiveSmallIntegerField(_("age"))
    work_status = models.CharField(_("work status"), max_length=12, choices=WorkStatus.choices)
    monthly_income = models.DecimalField(_("monthly income"), default=0, **MONEY)
    illness = models.BooleanField(_("serious illness"), default=False)
    disability = models.BooleanField(_("disability"), default=False)
    diagnosis = pii.EncryptedTextField(_("diagnosis"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_income__gte=0), name="relief_hm_income_nonneg"),
            models.CheckConstraint(condition=Q(age__lte=130), name="relief_hm_age_sane"),
        ]


class HardshipFile(models.Model):
    """困难职工档案. At most one open (active or relapsed) file per household — a DB constraint."""

    class Category(models.TextChoices):
        DEEP = "deep", _("Deep hardship")
        RELATIVE = "relative", _("Relative hardship")
        SUDDEN = "sudden", _("Sudden hardship")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXITED = "exited", _("Exited")
        RELAPSED = "relapsed", _("Relapsed")
        MERGED = "merged", _("Merged into another household's file")

    CAUSES = ["illness", "disability", "schooling", "disaster", "unemployment", "accident"]
    CAUSE_LABELS = {
        "illness": _("Due to illness"), "disability": _("Due to disability"), "schooling": _("Due to schooling"),
        "disaster": _("Due to disaster"), "unemployment": _("Due to unemployment"), "accident": _("Due to an accident"),
    }
    OPEN = ("active", "relapsed")

    household = models.ForeignKey(Household, models.PROTECT, related_name="files")
    org = models.ForeignKey(Org, models.PROTECT, related_name="relief_files")
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    causes = models.JSONField(_("causes"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    standard_level = models.CharField(_("standard level"), max_length=12, default="city")
    helper = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="relief_helped_files")
    review_date = models.DateField(_("annual review date"))
    opened_on = models.DateField(default=timezone.localdate)
    exited_on = models.DateField(null=True, blank=True)
    # the category check at opening: inputs and the Chinese lines explaining it
    basis = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(status__in=["active", "relapsed"]),
                                    name="relief_one_open_file_per_household"),
            models.CheckConstraint(condition=Q(category__in=["deep", "relative", "sudden"]),
                                   name="relief_file_category_valid"),
            models.CheckConstraint(condition=Q(status__in=["active", "exited", "relapsed", "merged"]),
                                   name="relief_file_status_valid"),
        ]
        indexes = [models.Index(fields=["org", "status", "category"], name="relief_file_org_status")]

    def cause_labels(self) -> list[str]:
        return [str(self.CAUSE_LABELS.get(c, c)) for c in self.causes]


class FileStatusChange(models.Model):
    file = models.ForeignKey(HardshipFile, models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # an exit although the 6-month rule (§1 脱困) did not hold: an approver's override with a reason
    override = models.BooleanField(default=False)
    check_lines = models.JSONField(default=list, blank=True)  # the exit rule's lines at the time

    class Meta:
        ordering = ["on", "id"]

    @staticmethod
    def _label(code: str) -> str:
        return str(HardshipFile.Status(code).label) if code in HardshipFile.Status.values else code

    def from_label(self) -> str:
        return self._label(self.from_status) if self.from_status else ""

    def to_label(self) -> str:
        return self._label(self.to_status)


class Policy(models.Model):
    """A versioned rule set. `params` holds every threshold and amount (see rules.py for the shape)."""

    class Kind(models.TextChoices):
        TEMPORARY = "temporary", _("Temporary relief")
        CATEGORY = "category", _("Category standards")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    code = models.CharField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    region_code = models.CharField(max_length=6)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    params = models.JSONField(default=dict)
    is_example = models.BooleanField(default=True)
    simulated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="relief_policy_code_version"),
            models.UniqueConstraint(fields=["code"], condition=Q(status="active"), name="relief_policy_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Application(models.Model):
    class Kind(models.TextChoices):
        HOSPITALIZATION = "hospitalization", _("Temporary relief: hospitalisation")
        CHRONIC = "chronic", _("Temporary relief: chronic illness")
        SPECIAL = "special", _("Temporary relief: special hardship")
        EDUCATION = "education", _("Education aid")
        LIVING = "living", _("Living aid")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed by grassroots")
        DISTRICT_APPROVED = "district_approved", _("Approved by district, awaiting city")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    household = models.ForeignKey(Household, models.PROTECT, related_name="applications")
    org = models.ForeignKey(Org, models.PROTECT, related_name="relief_applications")
    applicant = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="relief_applications")
    submitted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    total_cost = models.DecimalField(_("total cost"), **MONEY)
    self_paid = models.DecimalField(_("self-paid"), **MONEY)
    household_annual_income = models.DecimalField(_("household annual income"), **MONEY)
    students = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    quoted_amount = models.DecimalField(default=0, **MONEY)
    granted_amount = models.DecimalField(null=True, blank=True, **MONEY)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    evidence = models.ManyToManyField(Attachment, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(self_paid__gte=0) & Q(total_cost__gte=0)
                                   & Q(household_annual_income__gte=0), name="relief_app_amounts_nonneg"),
            models.CheckConstraint(condition=Q(self_paid__lte=models.F("total_cost")),
                                   name="relief_app_selfpaid_le_total"),
        ]
        indexes = [models.Index(fields=["org", "status"], name="relief_app_org_status"),
                   # the to-do queue: pending applications oldest first, the org beside it for the scope check
                   models.Index(fields=["created_at", "org"],
                                condition=Q(status__in=["submitted", "reviewed", "district_approved"]),
                                name="relief_app_pending")]


class Invoice(models.Model):
    """An invoice backing an application. The number is unique across all applications."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=40)
    amount = models.DecimalField(**MONEY)
    issued_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["number"], name="relief_invoice_number_unique"),
                       models.CheckConstraint(condition=Q(amount__gt=0), name="relief_invoice_positive")]


class ApprovalStep(models.Model):
    class Level(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        GRASSROOTS = "grassroots", _("Grassroots review")
        DISTRICT = "district", _("District approval")
        CITY = "city", _("City approval")

    application = models.ForeignKey(Application, models.CASCADE, related_name="steps")
    level = models.CharField(max_length=12, choices=Level.choices)
    approve = models.BooleanField()
    reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    org = models.ForeignKey(Org, models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]


class Decision(models.Model):
    """What the policy engine said: inputs, policy version, tier, amounts and the Chinese lines."""

    application = models.OneToOneField(Application, models.CASCADE, related_name="decision")
    policy = models.ForeignKey(Policy, models.PROTECT, related_name="decisions")
    inputs = models.JSONField()
    eligible = models.BooleanField()
    tier = models.PositiveSmallIntegerField(null=True, blank=True)
    computed_amount = models.DecimalField(**MONEY)
    granted_amount = models.DecimalField(**MONEY)
    cap = models.DecimalField(**MONEY)
    explanation = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)


class Campaign(models.Model):
    """专项救助: a fixed amount to every open file matching a filter, generated set-based."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        DONE = "done", _("Done")

    org = models.ForeignKey(Org, models.PROTECT, related_name="relief_campaigns")
    name = models.CharField(max_length=120)
    amount = models.DecimalField(**MONEY)
    year = models.PositiveSmallIntegerField()
    filters = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    preview_count = models.PositiveIntegerField(default=0)
    preview_total = models.DecimalField(default=0, **MONEY)
    generated = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    approved_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="relief_campaign_amount_pos")]


class PaymentBatch(models.Model):
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(default=0, **MONEY)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]


class Disbursement(models.Model):
    """Append-only ledger row. Only the payment fields (batch, paid_at) may change once, when paid."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")
        REVERSED = "reversed", _("Reversal")

    # Indexes are chosen for bulk campaign inserts (every index is maintained per inserted row):
    # household is covered by relief_disb_hh_year, campaign by the partial unique index, and the
    # mostly-NULL policy/application/batch columns have partial indexes (NULLs are not indexed).
    household = models.ForeignKey(Household, models.PROTECT, related_name="disbursements", db_index=False)
    org = models.ForeignKey(Org, models.PROTECT, related_name="relief_disbursements")
    kind = models.CharField(max_length=16)
    cap_key = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(**MONEY)
    purpose = models.CharField(max_length=120)
    policy = models.ForeignKey(Policy, models.PROTECT, null=True, blank=True, related_name="+", db_index=False)
    application = models.ForeignKey(Application, models.PROTECT, null=True, blank=True, related_name="disbursements",
                                    db_index=False)
    campaign = models.ForeignKey(Campaign, models.PROTECT, null=True, blank=True, related_name="disbursements",
                                 db_index=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED)
    reverses = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="reversal")
    batch = models.ForeignKey(PaymentBatch, models.PROTECT, null=True, blank=True, related_name="rows",
                              db_index=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    PAYMENT_FIELDS = frozenset({"batch", "paid_at", "status"})

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "household"], condition=Q(campaign__isnull=False),
                                    name="relief_one_campaign_row_per_household"),
            models.CheckConstraint(
                condition=(Q(status="reversed", amount__lt=0, reverses__isnull=False)
                           | (Q(status__in=["approved", "paid"], amount__gt=0, reverses__isnull=True))),
                name="relief_disbursement_sign"),
        ]
        indexes = [
            models.Index(fields=["household", "year", "cap_key"], name="relief_disb_hh_year"),
            models.Index(fields=["policy"], condition=Q(policy__isnull=False), name="relief_disb_policy"),
            models.Index(fields=["application"], condition=Q(application__isnull=False), name="relief_disb_app"),
            models.Index(fields=["batch"], condition=Q(batch__isnull=False), name="relief_disb_batch"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and set(kwargs.get("update_fields") or ()) - self.PAYMENT_FIELDS - {"status"}:
            raise PermissionError("Disbursement is append-only")
        if self.pk is not None and not kwargs.get("update_fields"):
            raise PermissionError("Disbursement is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Disbursement is append-only")


class HouseholdYearTotal(models.Model):
    """Running total of one cap (e.g. kind A) for one household and year; locked on every approval."""

    household = models.ForeignKey(Household, models.PROTECT, related_name="year_totals")
    year = models.PositiveSmallIntegerField()
    cap_key = models.CharField(max_length=24)
    total = models.DecimalField(default=0, **MONEY)
    cap = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "year", "cap_key"], name="relief_total_unique"),
            models.CheckConstraint(condition=Q(total__gte=0) & Q(total__lte=models.F("cap")),
                                   name="relief_total_within_cap"),
        ]


class RiskFlag(models.Model):
    """A monitoring flag on a household. Raising again after clearing makes a new row (history)."""

    class Code(models.TextChoices):
        BORDERLINE = "borderline", _("Borderline household")
        UNSTABLE_EXIT = "unstable_exit", _("Unstable exit")
        ILLNESS = "illness", _("Illness/disability-driven")
        MEDICAL_COST = "medical_cost", _("Large recent medical cost")
        INFECTED = "infected", _("Infected")
        ISOLATED = "isolated", _("Isolated")
        LOST_JOB = "lost_job", _("Lost job")
        EXIT_READY = "exit_ready", _("Exit proposed: 6 months above dibao")

    STAFF_RAISED = ("infected", "isolated", "lost_job")

    household = models.ForeignKey(Household, models.CASCADE, related_name="flags")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    code = models.CharField(max_length=16, choices=Code.choices)
    active = models.BooleanField(default=True)
    raised_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    raised_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["household", "code"], condition=Q(active=True),
                                               name="relief_flag_one_active")]
        indexes = [models.Index(fields=["org", "code", "active"], name="relief_flag_org_code"),
                   models.Index(fields=["raised_at", "org"], condition=Q(active=True), name="relief_flag_active")]


class IncomeRecord(models.Model):
    """月收入记录: the household's income and rigid expenditure in one calendar month, entered by the helper
    at a visit or imported from Excel. The exit rule (§1 脱困) reads these."""

    class Source(models.TextChoices):
        VISIT = "visit", _("Home visit")
        IMPORT = "import", _("Excel import")

    household = models.ForeignKey(Household, models.CASCADE, related_name="income_records")
    month = models.DateField(_("month"))  # the first day of the month
    income = models.DecimalField(_("household income of the month"), **MONEY)
    rigid = models.DecimalField(_("rigid expenditure of the month"), default=0, **MONEY)
    people = models.PositiveSmallIntegerField(_("people living together"))
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.VISIT)
    visit = models.ForeignKey("Visit", models.SET_NULL, null=True, blank=True, related_name="income_records")
    recorded_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["household", "month"], name="relief_income_one_per_month"),
            models.CheckConstraint(condition=Q(income__gte=0) & Q(rigid__gte=0) & Q(people__gte=1)
                                   & Q(people__lte=30), name="relief_income_sane"),
        ]


class FlagSnapshot(models.Model):
    """Daily count of active flags per code (trend chart)."""

    day = models.DateField()
    code = models.CharField(max_length=16)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "code"], name="relief_flag_snapshot_unique")]


class Visit(models.Model):
    household = models.ForeignKey(Household, models.CASCADE, related_name="visits")
    visitor = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    on = models.DateField()
    notes = models.TextField(blank=True)
    next_visit_on = models.DateField(null=True, blank=True)
    photos = models.ManyToManyField(Attachment, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]


class FileApplication(models.Model):
    """建档申请 through the documented steps: 填报 → 初审 → 入户调查 (consent) → 核对 → 公示 → 审批/建档."""

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed by grassroots")
        VISITED = "visited", _("Home visit done")
        CHECKED = "checked", _("Means check recorded")
        NOTICE = "notice", _("Public notice")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    household = models.ForeignKey(Household, models.PROTECT, related_name="file_applications")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    category = models.CharField(max_length=10, choices=HardshipFile.Category.choices)
    causes = models.JSONField(default=list)
    disposable = models.DecimalField(**MONEY)
    rigid = models.DecimalField(**MONEY)
    sudden_cost = models.DecimalField(default=0, **MONEY)
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.SUBMITTED)
    consent_signed = models.BooleanField(default=False)
    check_result = models.CharField(max_length=300, blank=True)
    notice_from = models.DateField(null=True, blank=True)
    objections = models.TextField(blank=True)
    basis = models.JSONField(default=dict)
    steps = models.JSONField(default=list)  # [{stage, at, actor, note}]
    file = models.OneToOneField(HardshipFile, models.SET_NULL, null=True, blank=True, related_name="application")
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(
            fields=["household"], condition=~Q(stage__in=["approved", "rejected"]),
            name="relief_one_pending_file_application")]
