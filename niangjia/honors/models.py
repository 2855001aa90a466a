"""Panel scoring with automatic recusal (评审, 打分, 回避): the first part of the honors app.

A panel scores entries (organisations' projects, nominees) on weighted criteria; judges declare their relations
and a judge conflicted with an entry (policies §15) never sees it. Scores stay hidden from other judges until the
phase ends; totals are reproducible to 0.01.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core.models import Org, User


class Panel(models.Model):
    class Phase(models.TextChoices):
        SCORING = "scoring", _("Scoring in progress")
        CLOSED = "closed", _("Scoring closed")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("panel organiser"))
    title = models.CharField(_("panel title"), max_length=120)
    activity_date = models.DateField(_("date of the activity"))  # the 3-year recusal window ends here
    blind = models.BooleanField(_("blind review"), default=False)
    trim_extremes = models.BooleanField(_("drop the highest and lowest total"), default=False)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.SCORING)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    panel = models.ForeignKey(Panel, models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=60)
    weight = models.DecimalField(max_digits=5, decimal_places=2)   # percent; a panel's weights sum to 100
    max_score = models.PositiveSmallIntegerField(default=10)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class Entry(models.Model):
    panel = models.ForeignKey(Panel, models.CASCADE, related_name="entries")
    code = models.CharField(max_length=10)                   # "项目 03": what a blind panel shows
    title = models.CharField(max_length=120)
    entrant = models.CharField(max_length=120)               # the organisation entering
    entrant_uscc = models.CharField(max_length=18, blank=True)
    legal_representative = models.CharField(max_length=60, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["code", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "code"], name="honors_entry_code_unique")]


class Judge(models.Model):
    panel = models.ForeignKey(Panel, models.CASCADE, related_name="judges")
    user = models.ForeignKey(User, models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)
    affiliation = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="honors_judge_once")]


class Relation(models.Model):
    """What a judge declares (policies §15): employment, directorship, control within 3 years, or family."""

    class Kind(models.TextChoices):
        EMPLOYED = "employed", _("Worked for it")
        DIRECTOR = "director", _("Director or supervisor of it")
        CONTROLLER = "controller", _("Controlling shareholder or actual controller")
        FAMILY = "family", _("Family of its legal representative")
        OTHER = "other", _("Another relation that may affect fairness")

    judge = models.ForeignKey(Judge, models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    organisation = models.CharField(max_length=120, blank=True)
    uscc = models.CharField(max_length=18, blank=True)
    person = models.CharField(max_length=60, blank=True)      # for family: the legal representative's name
    ended_on = models.DateField(null=True, blank=True)        # empty: still so


class Conflict(models.Model):
    """A judge stands aside from an entry: found from the declared relations, or added by staff."""

    judge = models.ForeignKey(Judge, models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=200)
    automatic = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="honors_conflict_once")]


class Score(models.Model):
    judge = models.ForeignKey(Judge, models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="scores")
    value = models.DecimalField(max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "entry", "criterion"], name="honors_score_once"),
                       models.CheckConstraint(condition=Q(value__gte=0), name="honors_score_not_negative")]


class Sheet(models.Model):
    """A judge's scores for one entry, submitted (then fixed until staff reopen it)."""

    judge = models.ForeignKey(Judge, models.CASCADE, related_name="sheets")
    entry = models.ForeignKey(Entry, models.CASCADE, related_name="sheets")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="honors_sheet_once")]


# --- award rounds (五一劳动奖状/奖章, 工人先锋号, local titles) ------------------------------------------


class AwardRound(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("May Day Labour Certificate")
        MEDAL = "medal", _("May Day Labour Medal")
        PIONEER = "pioneer", _("Workers' Pioneer")
        LOCAL = "local", _("Local title")

    class Stage(models.TextChoices):
        NOMINATING = "nominating", _("Taking nominations")
        PUBLICITY = "publicity", _("Public notice")
        FINAL = "final", _("Final list")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("awarding union"))
    title = models.CharField(_("round title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("award"), max_length=12, choices=Kind.choices)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.NOMINATING)
    publicity_days = models.PositiveSmallIntegerField(_("days of public notice"), default=5)
    publicity_starts = models.DateField(null=True, blank=True)
    publicity_ends = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


class CompositionRule(models.Model):
    """A share the nominations must respect (policies §14): at least (≥) or at most (≤) a share of the total."""

    round = models.ForeignKey(AwardRound, models.CASCADE, related_name="composition_rules")
    attribute = models.CharField(max_length=20)        # a rules.ATTRIBUTES key
    at_least = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    at_most = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)


class AwardQuota(models.Model):
    round = models.ForeignKey(AwardRound, models.CASCADE, related_name="quotas")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    seats = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="honors_award_quota_once")]


class Nomination(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        OBJECTED = "objected", _("Objection being checked")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        AWARDED = "awarded", _("On the final list")

    round = models.ForeignKey(AwardRound, models.CASCADE, related_name="nominations")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("nominating union"))
    name = models.CharField(_("nominee"), max_length=120)
    employer = models.CharField(_("nominee employer"), max_length=120, blank=True)
    deeds = models.TextField(_("deeds"), blank=True)
    attributes = models.JSONField(default=list, blank=True)   # rules.ATTRIBUTES keys that apply
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NOMINATED)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")


class Objection(models.Model):
    nomination = models.ForeignKey(Nomination, models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    upheld = models.BooleanField(null=True)              # None while being checked
    finding = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")


# --- mentorship (师徒结对) ---------------------------------------------------------------------------


class Mentorship(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Under way")
        COMPLETED = "completed", _("Mentorship completed")
        EARLY = "early", _("Completed early")
        ENDED = "ended", _("Ended without completing")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("pair union"))
    mentor = models.ForeignKey(User, models.PROTECT, related_name="+")
    apprentice = models.ForeignKey(User, models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    goals = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("apprentice")), name="honors_not_own_mentor"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="honors_period_positive"),
            models.UniqueConstraint(fields=["mentor", "apprentice"], condition=Q(status="active"),
                                    name="honors_one_active_pair"),
        ]


class MentorshipTask(models.Model):
    mentorship = models.ForeignKey(Mentorship, models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=120)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)        # the apprentice reports it done
    approved_at = models.DateTimeField(null=True, blank=True)    # the mentor approves it
    created_at = models.DateTimeField(default=timezone.now)


class MentorshipReview(models.Model):
    """The yearly two-way review: the mentor reviews the apprentice and the apprentice the mentor (1–5 and words)."""

    mentorship = models.ForeignKey(Mentorship, models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField()
    by_mentor = models.BooleanField()
    rating = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "year", "by_mentor"], name="honors_one_review_each_way"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="honors_rating_1_to_5"),
        ]


# --- the model-worker registry (劳模) ----------------------------------------------------------------


class ModelWorker(models.Model):
    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("union keeping the record"))
    member = models.ForeignKey("core.Member", models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("full name of the model worker"), max_length=60)
    employer = models.CharField(_("workplace"), max_length=120, blank=True)
    difficult = models.BooleanField(_("difficult model worker"), default=False)
    hardship_file_id = models.PositiveIntegerField(null=True, blank=True)  # relief's HardshipFile, read via selectors
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member"], condition=Q(member__isnull=False),
                                               name="honors_one_record_per_member")]


class ModelWorkerTitle(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")

    worker = models.ForeignKey(ModelWorker, models.CASCADE, related_name="titles")
    title = models.CharField(max_length=60)
    level = models.CharField(max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField()
    awarding_body = models.CharField(max_length=120)


class ModelWorkerCare(models.Model):
    """The yearly care record: greetings, health checks, recuperation, help for a difficult model worker."""

    worker = models.ForeignKey(ModelWorker, models.CASCADE, related_name="care")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="honors_care_not_negative")]
