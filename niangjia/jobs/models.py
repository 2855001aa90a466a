"""线上招聘: employers verified by staff, their positions (posts), job fairs, applications, and 1-3-1 job help
for hardship workers (job intents, stored match scores, packets).

A hardship household lives in `relief`; rows here carry its id (`household_id`) and are reached through
`relief.selectors` only. Invariants in the database: one application per worker and post, salary range
ordered, one stored score per intent and post, a fair's period ordered.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core import pii
from niangjia.core.models import Org

MONEY = {"max_digits": 12, "decimal_places": 2}


class Employer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified employer")
        REJECTED = "rejected", _("Verification refused")

    name = models.CharField(_("name"), max_length=120)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the union that verifies and manages it
    region_code = models.CharField(_("region code"), max_length=6)
    address = models.CharField(_("address"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=40, blank=True)
    contact_name = models.CharField(_("contact"), max_length=60, blank=True)
    contact_phone = pii.EncryptedTextField(_("contact phone"), blank=True)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                related_name="jobs_employers")  # the employer's own login (role employer)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=Q(status__in=["pending", "verified", "rejected"]),
                                              name="jobs_employer_status_valid")]
        indexes = [models.Index(fields=["org", "status"], name="jobs_employer_org_status")]

    def __str__(self) -> str:
        return self.name


class JobFair(models.Model):
    class Kind(models.TextChoices):
        SPRING_BREEZE = "spring_breeze", _("Spring Breeze campaign")
        PUBLIC_WELFARE = "public_welfare", _("Public-welfare posts")
        GENERAL = "general", _("Online job fair")

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    employers = models.ManyToManyField(Employer, blank=True, related_name="fairs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="jobs_fair_period")]

    def __str__(self) -> str:
        return self.title


class Position(models.Model):
    """A post (岗位). `title_tokens` / `tokens` hold what the full-text index holds (core.search)."""

    class Hours(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        FLEXIBLE = "flexible", _("Flexible hours")
        SHIFTS = "shifts", _("Shifts incl. nights")

    class Status(models.TextChoices):
        OPEN = "open", _("Hiring")
        CLOSED = "closed", _("No longer hiring")

    employer = models.ForeignKey(Employer, models.PROTECT, related_name="positions")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the employer's managing union (scope)
    fair = models.ForeignKey(JobFair, models.SET_NULL, null=True, blank=True, related_name="positions")
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=120)
    region_code = models.CharField(_("region code"), max_length=6)
    salary_min = models.DecimalField(_("minimum monthly pay"), **MONEY)
    salary_max = models.DecimalField(_("maximum monthly pay"), **MONEY)
    requirements = models.TextField(_("requirements"), blank=True)
    skills = models.CharField(_("skills"), max_length=200, blank=True)  # 、-separated
    hours = models.CharField(_("hours"), max_length=10, choices=Hours.choices, default=Hours.FULL_TIME)
    # physical demands a health limit may rule out (rules.DEMANDS)
    demands = models.JSONField(_("physical demands"), default=list, blank=True)
    headcount = models.PositiveSmallIntegerField(_("openings"), default=1)
    public_welfare = models.BooleanField(_("public-welfare post"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    title_tokens = models.TextField(blank=True, default="", editable=False)
    tokens = models.TextField(blank=True, default="", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(salary_min__gte=0) & Q(salary_max__gte=F("salary_min")),
                                   name="jobs_position_salary_range"),
            models.CheckConstraint(condition=Q(status__in=["open", "closed"]), name="jobs_position_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "region_code"], name="jobs_position_status_region")]

    def __str__(self) -> str:
        return self.title

    def skill_list(self) -> list[str]:
        return [s for s in self.skills.replace(",", "、").replace("，", "、").split("、") if s.strip()]


class Application(models.Model):
    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("Application sent")
        VIEWED = "viewed", _("Viewed")
        INTERVIEW = "interview", _("Interview")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Not suitable")
        WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")

    position = models.ForeignKey(Position, models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="jobs_applications")
    name = models.CharField(_("name"), max_length=60)
    phone = pii.EncryptedTextField(_("phone"))
    profile = models.TextField(_("short profile"), max_length=500)
    # the worker agreed that the employer may see the phone number (masked until then)
    contact_shared = models.BooleanField(_("contact shared"), default=False)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.SUBMITTED)
    packet = models.ForeignKey("JobHelpPacket", models.SET_NULL, null=True, blank=True, related_name="applications")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["position", "applicant"], name="jobs_one_application_per_post"),
            models.CheckConstraint(condition=Q(stage__in=["submitted", "viewed", "interview", "hired", "rejected",
                                                          "withdrawn"]),
                                   name="jobs_application_stage_valid"),
        ]


class StageChange(models.Model):
    application = models.ForeignKey(Application, models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=10, blank=True)
    to_stage = models.CharField(max_length=10)
    note = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class JobIntent(models.Model):
    """就业意向 of a hardship worker, recorded by the household's helper."""

    household_id = models.BigIntegerField(db_index=True)  # relief household (reached through relief.selectors)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                               related_name="jobs_intents")  # the worker's login, when they have one
    worker_name = models.CharField(_("worker"), max_length=60)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the household's union (scope)
    kind_of_work = models.CharField(_("kind of work"), max_length=120)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    region_code = models.CharField(_("area"), max_length=6)
    hours = models.CharField(_("hours"), max_length=10, choices=Position.Hours.choices)
    health_limits = models.JSONField(_("health limits"), default=list, blank=True)
    min_salary = models.DecimalField(_("lowest acceptable monthly pay"), default=0, **MONEY)
    active = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["household_id"], condition=Q(active=True), name="jobs_one_active_intent"),
            models.CheckConstraint(condition=Q(min_salary__gte=0), name="jobs_intent_salary_nonneg"),
        ]


class MatchScore(models.Model):
    """A post's stored score for an intent, with its parts and the Chinese lines explaining them."""

    intent = models.ForeignKey(JobIntent, models.CASCADE, related_name="scores")
    position = models.ForeignKey(Position, models.CASCADE, related_name="+")
    total = models.PositiveSmallIntegerField()
    skills = models.PositiveSmallIntegerField()
    area = models.PositiveSmallIntegerField()
    hours = models.PositiveSmallIntegerField()
    salary = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)
    rank = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["intent", "rank"]
        constraints = [models.UniqueConstraint(fields=["intent", "position"], name="jobs_one_score_per_post"),
                       models.CheckConstraint(condition=Q(total__lte=100), name="jobs_score_at_most_100")]


class JobHelpPacket(models.Model):
    """"1-3-1": one guidance note, three posts and one course, sent by the helper; the outcome is recorded."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting outcome")
        EMPLOYED = "employed", _("Found a job")
        NOT_EMPLOYED = "not_employed", _("Not employed yet")
        DECLINED = "declined", _("Declined help")

    intent = models.ForeignKey(JobIntent, models.PROTECT, related_name="packets")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    guidance = models.TextField(_("career guidance"))
    positions = models.ManyToManyField(Position, related_name="+")
    course_id = models.BigIntegerField(null=True, blank=True)  # training course (training.selectors)
    course_title = models.CharField(max_length=120, blank=True)
    course_url = models.CharField(max_length=200, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.CharField(_("note"), max_length=200, blank=True)
    monthly_wage = models.DecimalField(_("monthly wage"), null=True, blank=True, **MONEY)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(
            condition=Q(outcome__in=["pending", "employed", "not_employed", "declined"]),
            name="jobs_packet_outcome_valid")]
