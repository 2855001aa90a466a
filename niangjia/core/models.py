"""The shared kernel: the org tree, users and members, roles, audit, messages and attachments."""

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core import pii

PATH_SEGMENT = 8  # digits per ancestor id in Org.path: up to 99,999,999 orgs


def path_segment(org_id: int) -> str:
    return f"{org_id:0{PATH_SEGMENT}d}"


def path_upper_bound(path: str) -> str:
    """The smallest path greater than every path that starts with `path`.

    Paths are digits only, so `path <= p < upper` is exactly "p starts with path" under any
    collation, and both SQLite and PostgreSQL answer it from a plain b-tree index.
    """
    return str(int(path) + 1).zfill(len(path))


class Org(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National federation")
        PROVINCE = "province", _("Provincial federation")
        CITY = "city", _("City federation")
        DISTRICT = "district", _("District/county federation")
        STREET = "street", _("Street/town federation")
        GRASSROOTS = "grassroots", _("Grassroots union")

    class Kind(models.TextChoices):
        """What a grassroots union organises. A worker whose employer has no union of its own joins a regional or
        industry union; couriers, ride-hailing drivers and delivery riders join a new-employment-form union."""

        ENTERPRISE = "enterprise", _("Union of one employer")
        REGIONAL = "regional", _("Regional joint union")
        INDUSTRY = "industry", _("Industry union")
        NEW_EMPLOYMENT = "new_employment", _("Union for couriers, drivers and riders")

    LEVEL_ORDER = ["national", "province", "city", "district", "street", "grassroots"]

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    path = models.CharField(max_length=96, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    region_code = models.CharField(_("region code"), max_length=6)
    employer_name = models.CharField(_("employer name"), max_length=120, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, null=True, blank=True, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["path"]
        verbose_name = _("union organisation")
        # A subtree's org ids from the index alone (no heap visit): every scoped count and the to-do queue's
        # kinds read them; for a district of 8,380 orgs 83 buffers instead of 422.
        indexes = [models.Index(fields=["path"], include=["id"], name="core_org_path_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["national", "province", "city", "district", "street", "grassroots"]),
                name="org_level_valid",
            ),
            models.CheckConstraint(
                condition=~Q(level="grassroots") | (Q(uscc__isnull=False) & ~Q(employer_name="")),
                name="org_grassroots_has_employer",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level_rank(self) -> int:
        return self.LEVEL_ORDER.index(self.level)

    @property
    def is_grassroots(self) -> bool:
        return self.level == self.Level.GRASSROOTS

    def subtree_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}path__gte": self.path, f"{prefix}path__lt": path_upper_bound(self.path)})

    def ancestor_paths(self) -> list[str]:
        return [self.path[: i * PATH_SEGMENT] for i in range(1, len(self.path) // PATH_SEGMENT + 1)]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_phone(self, phone: str) -> "User":
        return self.get(phone_index=pii.blind_index(phone, purpose="phone"))

    def create_user(self, phone: str, password: str | None = None, **extra) -> "User":
        user = self.model(phone=phone, phone_index=pii.blind_index(phone, purpose="phone"), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with a mobile number. Identity (实名) is verified separately."""

    phone = pii.EncryptedTextField(_("mobile number"), blind_index=("phone_index", "phone"))
    phone_index = models.CharField(max_length=64, unique=True, editable=False)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    real_name = models.CharField(_("real name"), max_length=60, blank=True)
    id_number = pii.EncryptedTextField(_("ID number"), blank=True, blind_index=("id_index", "id"))
    id_index = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May log in to the Django admin (superusers only).")
    date_joined = models.DateTimeField(default=timezone.now)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    # 长辈模式: larger text and buttons, a simpler home; remembered per account, not per device.
    elder_mode = models.BooleanField(default=False)

    objects = UserManager()
    USERNAME_FIELD = "phone_index"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.real_name or self.display_name or pii.mask_phone(self.phone)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def name(self) -> str:
        return self.real_name or self.display_name or pii.mask_phone(self.phone)


class OrgRole(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        APPROVER = "approver", _("Approver")
        ADMIN = "admin", _("Administrator")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        LAWYER = "lawyer", _("Volunteer lawyer")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        EMPLOYER = "employer", _("Employer")
        SUPPLIER = "supplier", _("Supplier")
        JUDGE = "judge", _("Judge")
        DELEGATE = "delegate", _("Delegate")

    user = models.ForeignKey(User, models.CASCADE, related_name="org_roles")
    org = models.ForeignKey(Org, models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    include_subtree = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="orgrole_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org}"


class Member(models.Model):
    """A worker on the roster of a grassroots union. A transfer closes this row and opens another."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TRANSFERRED = "transferred", _("Transferred out")
        LEFT = "left", _("Left")

    org = models.ForeignKey(Org, models.PROTECT, related_name="members")
    user = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="memberships")
    name = models.CharField(_("name"), max_length=60)
    id_number = pii.EncryptedTextField(_("ID number"), blind_index=("id_index", "id"))
    id_index = models.CharField(max_length=64, db_index=True, editable=False)
    phone = pii.EncryptedTextField(_("mobile number"), blank=True, blind_index=("phone_index", "phone"))
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    gender = models.CharField(max_length=1, choices=[("M", _("Male")), ("F", _("Female"))])
    birth_date = models.DateField()
    member_no = models.CharField(_("member number"), max_length=20, unique=True)
    join_date = models.DateField(_("join date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(null=True, blank=True)
    frontline = models.BooleanField(_("front-line worker"), default=False)
    # 劳模 (glossary: model worker). Set by staff in scope through services.members.set_model_worker.
    model_worker = models.BooleanField(_("model worker"), default=False)
    model_worker_title = models.CharField(_("model worker honour"), max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_index"], condition=Q(status="active"), name="member_one_active_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "transferred", "left"]), name="member_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["org", "status"], name="member_org_status")]

    def __str__(self) -> str:
        return f"{self.name} ({self.member_no})"

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class JoinRequest(models.Model):
    """入会申请: a verified user asks a grassroots union to admit them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(User, models.CASCADE, related_name="join_requests")
    org = models.ForeignKey(Org, models.PROTECT, related_name="join_requests")
    employer_department = models.CharField(_("department / post"), max_length=80, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    member = models.ForeignKey(Member, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status="pending"), name="joinrequest_one_pending"),
        ]
        # the to-do queue and the approvals page: pending requests oldest first, the org for the scope check
        indexes = [models.Index(fields=["created_at", "org"], condition=Q(status="pending"),
                                name="joinrequest_pending")]


class TransferRequest(models.Model):
    """转会: an active member moves to another grassroots union; the receiving union decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    member = models.ForeignKey(Member, models.PROTECT, related_name="transfers_out")
    from_org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Org, models.PROTECT, related_name="transfer_requests")
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    requested_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    new_member = models.ForeignKey(Member, models.SET_NULL, null=True, blank=True, related_name="transfer_in")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=Q(status="pending"), name="transfer_one_pending"),
        ]


class AuditEvent(models.Model):
    """Append-only record of every write. Saving an existing row or deleting one is refused."""

    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    org = models.ForeignKey(Org, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("AuditEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("AuditEvent is append-only")


class Message(models.Model):
    """An in-app message (我的消息). Other channels are queued in OutboxItem."""

    recipient = models.ForeignKey(User, models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=120)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="message_unread")]


class OutboxItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # A message to a user (its other channels), or a text to a phone number with no message row: the SMS code
    # sent to a number that is not an account yet, or whose owner cannot log in.
    message = models.ForeignKey(Message, models.CASCADE, related_name="outbox", null=True, blank=True)
    to_phone = pii.EncryptedTextField(blank=True)
    text = pii.EncryptedTextField(blank=True)
    channel = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "channel"], name="outbox_once_per_channel")]


def attachment_path(instance: "Attachment", filename: str) -> str:
    today = timezone.localdate()
    return f"attachments/{today:%Y/%m}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Attachment(models.Model):
    """An uploaded PDF or image, visible to its uploader and to staff whose scope covers `org`."""

    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    org = models.ForeignKey(Org, models.PROTECT, null=True, blank=True, related_name="+")
    purpose = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]


def _token_expiry() -> dt.datetime:
    from django.conf import settings

    return timezone.now() + dt.timedelta(days=settings.NIANGJIA_API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for non-browser API clients; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_token_expiry, db_index=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SubmissionReceipt(models.Model):
    """One row per accepted worker form submission, keyed by the form's one-time token.

    A double tap or back-and-resubmit posts the same token again; the unique constraint makes the second
    request wait for the first and then answer with the first result (`result_url`) instead of creating a
    second record.
    """

    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    form = models.CharField(max_length=60)
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="submission_once_per_token")]


class PhoneCode(models.Model):
    """A 6-digit code sent by SMS: registration, password recovery, login by code.

    Only a keyed hash of the code is stored. A code lives 5 minutes and allows 5 tries; a new code for the same
    number and purpose replaces the older ones.
    """

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Registration")
        RESET = "reset", _("Password recovery")
        LOGIN = "login", _("Login by code")

    phone_index = models.CharField(max_length=64)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["phone_index", "purpose", "-created_at"], name="phonecode_lookup")]
        constraints = [models.CheckConstraint(condition=Q(attempts__lte=5), name="phonecode_at_most_5_tries")]


from niangjia.core.job_models import BackgroundJob  # noqa: E402, F401
from niangjia.core.login_models import LoginThrottle  # noqa: E402, F401
from niangjia.core.payout_models import BankLayout, PayeeAccount, Payout, PayoutBatch  # noqa: E402, F401


class CorrectionRequest(models.Model):
    """更正申请 (个人信息保护法 第四十六条): a member asks their union to correct what it holds about them."""

    class Field(models.TextChoices):
        NAME = "name", _("Full name")
        PHONE = "phone", _("Mobile number")
        EMPLOYER = "employer", _("Employer or department")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the union")
        DONE = "done", _("Corrected")
        REJECTED = "rejected", _("Not corrected")

    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    field = models.CharField(max_length=10, choices=Field.choices)
    requested = pii.EncryptedTextField()  # what it should say: personal data itself
    reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["user", "field"], condition=Q(status="pending"),
                                               name="correction_one_pending_per_field")]
