"""Question banks, contests and attempts (网上练兵).

Timing is decided on the server only: an attempt stores its deadline when it starts; every later call compares
the server clock with it. One attempt per person and contest may be in progress (a partial unique constraint),
so a retried or doubled start can never open a second one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["QuestionBank", "Question", "Contest", "Attempt", "AttemptAnswer", "ContestResult"]


class QuestionBank(models.Model):
    # org NULL: a platform bank every union may draw from (the demo bank).
    org = models.ForeignKey("core.Org", models.PROTECT, null=True, blank=True, related_name="question_banks")
    title = models.CharField(_("bank title"), max_length=120)
    code = models.CharField(max_length=40, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        FILL = "fill", _("Fill in the blank")

    bank = models.ForeignKey(QuestionBank, models.CASCADE, related_name="questions")
    kind = models.CharField(_("question kind"), max_length=12, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=40)
    text = models.TextField(_("question"))
    options = models.JSONField(default=list, blank=True)  # the option texts in their stored order (A, B, C…)
    # canonical answer: letters of the stored order for choice questions ("B", "AC"), "对"/"错" for true/false,
    # accepted texts separated by "|" for fill-in
    answer = models.CharField(_("answer"), max_length=200)
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["bank", "category"])]
        constraints = [models.CheckConstraint(condition=Q(points__gte=1), name="training_question_points_pos")]

    def __str__(self) -> str:
        return self.text[:40]


class Contest(models.Model):
    org = models.ForeignKey("core.Org", models.PROTECT, related_name="contests")
    title = models.CharField(_("contest title"), max_length=120)
    bank = models.ForeignKey(QuestionBank, models.PROTECT, related_name="contests")
    question_count = models.PositiveSmallIntegerField(_("questions per paper"))
    # {category: n}; the paper draws n at random from each category per attempt
    draw = models.JSONField(default=dict)
    time_limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"))
    max_attempts_per_person = models.PositiveSmallIntegerField(_("attempts per person"), default=1)
    max_attempts_total = models.PositiveIntegerField(_("attempts in the contest"), null=True, blank=True)
    attempts_started = models.PositiveIntegerField(default=0)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    certificate_top_n = models.PositiveSmallIntegerField(_("certificates for the top"), default=3)
    results_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(question_count__gte=1), name="training_contest_questions_pos"),
            models.CheckConstraint(condition=Q(time_limit_seconds__gte=1), name="training_contest_limit_pos"),
            models.CheckConstraint(condition=Q(max_attempts_total__isnull=True)
                                   | Q(attempts_started__lte=models.F("max_attempts_total")),
                                   name="training_contest_attempt_cap"),
        ]

    def __str__(self) -> str:
        return self.title


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        FINISHED = "finished", _("Finished")

    class Finish(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Time ran out")

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="contest_attempts")
    org = models.ForeignKey("core.Org", models.PROTECT, related_name="+")  # the person's union when starting
    number = models.PositiveSmallIntegerField()  # 1st, 2nd… attempt of this person in this contest
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    finish_reason = models.CharField(max_length=12, choices=Finish.choices, blank=True)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # the paper of this attempt: question ids in shown order, and for each choice question the shown order of
    # its options as stored indexes ({"12": [2, 0, 3, 1]})
    question_ids = models.JSONField(default=list)
    option_orders = models.JSONField(default=dict)
    score = models.PositiveIntegerField(null=True, blank=True)
    max_score = models.PositiveIntegerField(default=0)
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    copy_events = models.PositiveIntegerField(default=0)
    tab_switches = models.PositiveIntegerField(default=0)
    flagged = models.BooleanField(default=False)
    flag_note = models.CharField(max_length=300, blank=True)
    flag_reviewed = models.CharField(max_length=12, blank=True)  # "", "cleared", "confirmed"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], condition=Q(status="in_progress"),
                                    name="training_one_attempt_in_progress"),
            models.UniqueConstraint(fields=["contest", "user", "number"], name="training_attempt_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="training_attempt_number_pos"),
            models.CheckConstraint(condition=Q(status="in_progress") | Q(finished_at__isnull=False),
                                   name="training_attempt_finished_has_time"),
            models.CheckConstraint(condition=Q(finished_at__isnull=True) | Q(finished_at__lte=models.F("deadline")),
                                   name="training_attempt_finished_by_deadline"),
        ]
        indexes = [models.Index(fields=["contest", "status", "score"]),
                   models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.contest_id}/{self.user_id}#{self.number}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(Attempt, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.PROTECT, related_name="+")
    value = models.CharField(max_length=200)  # canonical form (stored letters, not the shown ones)
    saved_at = models.DateTimeField()
    saves = models.PositiveIntegerField(default=1)
    is_correct = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="training_one_answer_per_q")]


class ContestResult(models.Model):
    """The published ranking of a contest (frozen when staff publish the results)."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="results")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    attempt = models.ForeignKey(Attempt, models.CASCADE, related_name="+")
    org = models.ForeignKey("core.Org", models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField()
    score = models.PositiveIntegerField()
    duration_ms = models.PositiveIntegerField()
    certified = models.BooleanField(default=False)
    certificate_no = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "user"], name="training_one_result_per_person")]
        ordering = ["rank"]
