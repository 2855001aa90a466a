"""维权与咨询: cases (工单), hotline call events, counsellors and appointments, mediation,
supervision letters, employer risk alerts and the knowledge base."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core import pii
from niangjia.core.models import Attachment, Org, User
from niangjia.rights import rules


class Category(models.TextChoices):
    WAGES = "wages", "工资报酬"
    CONTRACT = "contract", "劳动合同与解除"
    SOCIAL_INSURANCE = "social_insurance", "社会保险"
    INJURY = "injury", "工伤"
    MEDICAL_AID = "medical_aid", "互助医疗报销"
    EMPLOYMENT = "employment", "就业"
    PSYCH = "psych", "心理"
    OTHER = "other", "其他"


class SlaPolicy(models.Model):
    """Per-category service levels in working days (defaults from rules.DEFAULT_SLA)."""

    category = models.CharField(max_length=20, choices=Category.choices, unique=True)
    first_response_days = models.PositiveSmallIntegerField(default=1)
    resolution_days = models.PositiveSmallIntegerField(default=10)


class DeadlinePolicy(models.Model):
    """The platform's rights deadlines, one row (pk=1), seeded from rules.DEFAULT_DEADLINES and edited on the
    workbench (设置 → 服务时限). A change applies from then on; due dates already set stay as promised."""

    opinion_answer_working_days = models.PositiveSmallIntegerField(default=15)
    suggestion_answer_working_days = models.PositiveSmallIntegerField(default=5)
    reopen_days = models.PositiveSmallIntegerField(default=15)
    cancel_hours_before = models.PositiveSmallIntegerField(default=2)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="rights_deadline_policy_single_row")]


class Holiday(models.Model):
    """Admin-maintained calendar: a public holiday (is_workday=False) or a make-up working weekend (调休)."""

    day = models.DateField(unique=True)
    name = models.CharField(max_length=40)
    is_workday = models.BooleanField(default=False)

    class Meta:
        ordering = ["day"]


class Case(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        HOTLINE = "hotline", _("Hotline")

    class Contact(models.TextChoices):
        PHONE = "phone", _("Phone call")
        SMS = "sms", _("Text message")
        ONLINE = "online", _("In-app message")

    STATUS_CHOICES = [(s, label) for s, label in rules.STATUS_LABELS.items()]

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    number = models.CharField(max_length=20, unique=True)
    requester = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="rights_cases")
    caller_phone = pii.EncryptedTextField(blank=True, blind_index=("caller_phone_index", "phone"))
    caller_phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    title = models.CharField(max_length=80)
    description = models.TextField()
    preferred_contact = models.CharField(max_length=10, choices=Contact.choices, default=Contact.ONLINE)
    employer_name = models.CharField(max_length=120, blank=True)
    employer_uscc = models.CharField(max_length=18, blank=True, db_index=True)
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default="new")
    assignee = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="rights_assigned")
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_response_due = models.DateField()
    resolution_due = models.DateField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.CharField(max_length=500, blank=True)
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "resolution_due"], name="rights_case_status_due"),
            # the to-do queue: open cases by deadline, the org beside it for the scope check (core.todo)
            models.Index(fields=["resolution_due", "org"], condition=Q(status__in=["new", "assigned", "in_progress"]),
                         name="rights_case_open_due"),
            models.Index(fields=["assignee", "status"], name="rights_case_assignee"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="rights_case_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_label(self) -> str:
        return rules.STATUS_LABELS.get(self.status, self.status)


class CaseEvent(models.Model):
    """The case's timeline: status changes, replies, assignment."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20)  # transition / reply / assign / call / message (from the worker)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Photos or files sent with a worker's message in the case conversation.
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]

    @property
    def to_status_label(self) -> str:
        return rules.STATUS_LABELS.get(self.to_status, self.to_status)


class CallEvent(models.Model):
    """One event from the telephone system (incoming call), already signature-checked."""

    call_id = models.CharField(max_length=64)
    event = models.CharField(max_length=20)
    caller_phone = pii.EncryptedTextField(blind_index=("caller_phone_index", "phone"))
    caller_phone_index = models.CharField(max_length=64, db_index=True)
    case = models.ForeignKey(Case, models.SET_NULL, null=True, blank=True, related_name="calls")
    staff = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    popped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class CallEventNonce(models.Model):
    """A nonce seen once: a replayed request hits the unique key."""

    nonce = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)


class Counsellor(models.Model):
    class Kind(models.TextChoices):
        LAWYER = "lawyer", _("Volunteer lawyer")
        PSYCHOLOGIST = "psychologist", _("Psychologist")

    user = models.OneToOneField(User, models.CASCADE, related_name="rights_counsellor")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    display_name = models.CharField(max_length=60)
    bio = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.display_name}（{self.get_kind_display()}）"


class DutyShift(models.Model):
    class Shift(models.TextChoices):
        DAY = "day", _("Day 08:00–16:00")
        EVENING = "evening", _("Evening 16:00–24:00")
        NIGHT = "night", _("Night 00:00–08:00")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    day = models.DateField()
    shift = models.CharField(max_length=8, choices=Shift.choices)
    staff = models.ForeignKey(User, models.CASCADE, related_name="+")

    class Meta:
        ordering = ["day", "shift"]
        constraints = [models.UniqueConstraint(fields=["org", "day", "shift", "staff"], name="rights_duty_unique")]


class Slot(models.Model):
    class Mode(models.TextChoices):
        PHONE = "phone", _("Phone")
        ONLINE = "online", _("Online meeting")
        IN_PERSON = "in_person", _("In person")

    counsellor = models.ForeignKey(Counsellor, models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=50)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    place = models.CharField(max_length=200, blank=True)  # address or meeting link

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["counsellor", "starts_at"], name="rights_slot_unique")]


class Appointment(models.Model):
    """A booking. Only one *active* booking per slot, enforced by a partial unique index."""

    slot = models.ForeignKey(Slot, models.PROTECT, related_name="appointments")
    worker = models.ForeignKey(User, models.CASCADE, related_name="rights_appointments")
    topic = models.CharField(max_length=200, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(cancelled_at__isnull=True),
                                    name="rights_one_booking_per_slot"),
        ]


class SessionNote(models.Model):
    """Psychological session notes: readable only by that psychologist and the worker."""

    appointment = models.OneToOneField(Appointment, models.CASCADE, related_name="note")
    author = models.ForeignKey(User, models.PROTECT, related_name="+")
    text = pii.EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)


class Mediation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("In mediation")
        AGREED = "agreed", _("Agreement reached")
        REFERRED = "referred", _("Referred to arbitration")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, models.SET_NULL, null=True, blank=True, related_name="mediations")
    worker = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    worker_name = models.CharField(max_length=60)
    employer_name = models.CharField(max_length=120)
    employer_uscc = models.CharField(max_length=18, db_index=True)
    mediator = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    referral_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class ClaimItem(models.Model):
    mediation = models.ForeignKey(Mediation, models.CASCADE, related_name="claims")
    label = models.CharField(max_length=80)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    agreed_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)


class MediationSession(models.Model):
    mediation = models.ForeignKey(Mediation, models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    mode = models.CharField(max_length=8, choices=[("online", _("Online")), ("offline", _("Offline"))])
    participants = models.CharField(max_length=300)
    minutes = models.TextField()


class MediationAgreement(models.Model):
    mediation = models.OneToOneField(Mediation, models.CASCADE, related_name="agreement")
    terms = models.TextField()
    total_amount = models.DecimalField(max_digits=12, decimal_places=2)
    worker_confirmed_at = models.DateTimeField(null=True, blank=True)
    employer_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)


class PaymentInstalment(models.Model):
    agreement = models.ForeignKey(MediationAgreement, models.CASCADE, related_name="instalments")
    due_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_on = models.DateField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]


class SupervisionLetter(models.Model):
    class Kind(models.TextChoices):
        OPINION = "opinion", "意见书"
        SUGGESTION = "suggestion", "建议书"

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    # the rights case the letter was written from (its facts carried over), if any
    case = models.ForeignKey(Case, models.SET_NULL, null=True, blank=True, related_name="letters")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # 上总工意〔2026〕3号: unique per issuing union (two unions may share an abbreviation), gap-free per union,
    # kind and year through LetterSequence.
    number = models.CharField(max_length=30)
    recipient_name = models.CharField(max_length=120)  # employer or labour administration
    employer_uscc = models.CharField(max_length=18, blank=True, db_index=True)
    issues = models.TextField()
    legal_basis = models.TextField()
    rectification = models.TextField()
    rectify_by = models.DateField(null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    answer_due = models.DateField(null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    rectified = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="rights_letter_number_per_union")]


class LetterSequence(models.Model):
    """The last letter number issued by a union for a kind and year. Issuing locks this row, so two staff issuing
    at once get consecutive numbers, and a failed issue rolls its number back (no gaps)."""

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=SupervisionLetter.Kind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "kind", "year"], name="rights_letter_sequence_unique")]


class LetterFollowUp(models.Model):
    letter = models.ForeignKey(SupervisionLetter, models.CASCADE, related_name="follow_ups")
    on = models.DateField()
    note = models.TextField()
    actor = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")


class EmployerSignal(models.Model):
    """A reported layoff plan or production suspension (other signals are derived from cases/letters)."""

    class Kind(models.TextChoices):
        LAYOFF = "layoff", _("Layoff plan")
        SUSPENSION = "suspension", _("Production suspension")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    employer_uscc = models.CharField(max_length=18, db_index=True)
    employer_name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reported_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)


class RiskAlert(models.Model):
    """Latest assessed risk level per employer; a rise to yellow/red notifies district staff."""

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    employer_uscc = models.CharField(max_length=18, unique=True)
    employer_name = models.CharField(max_length=120)
    level = models.CharField(max_length=6, choices=[("green", "绿"), ("yellow", "黄"), ("red", "红")])
    reasons = models.JSONField(default=list)
    assessed_at = models.DateTimeField(default=timezone.now)


class KnowledgeArticle(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    title = models.CharField(max_length=120)
    question = models.TextField()
    # 相似问法: other ways workers ask the same thing, one per line; indexed with the title (FAQ-style)
    similar_questions = models.TextField(blank=True, default="")
    answer = models.TextField()
    references = models.CharField(max_length=300)
    # >0: the seed version this row was last written from (kb_data.SEED_VERSION) and untouched on the workbench
    # since, so a newer seed may correct it; 0: created or edited on the workbench, the seed leaves it alone
    seed_version = models.PositiveSmallIntegerField(default=0)
    review_status = models.CharField(max_length=20, default="待法律审核")
    reviewed_by = models.CharField(max_length=60, blank=True)  # the union lawyer who signed the answer off
    reviewed_on = models.DateField(null=True, blank=True)
    title_tokens = models.TextField(blank=True)  # jieba tokens of title + question, space-joined
    tokens = models.TextField(blank=True)  # jieba tokens of answer + references: what the index holds
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def summary(self) -> str:
        return self.answer[:80] + ("…" if len(self.answer) > 80 else "")


class Synonym(models.Model):
    """A group of words that mean the same thing in a question (降薪 ~ 减工资 ~ 工资降低)."""

    group = models.CharField(max_length=40, db_index=True)
    term = models.CharField(max_length=40, unique=True)


class RightsSupervisor(models.Model):
    """Who supervises case handling at an org: overdue cases there (and cases assigned to volunteers
    on that org's duty roster) are reported to this user. Without a row, admins/approvers above get them."""

    org = models.OneToOneField(Org, models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(User, models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
