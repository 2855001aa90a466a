"""Events with quotas (疗休养, 交友, lectures, volunteering): one quota engine for all of them.

A seat is "taken" by a confirmed registration or by an open seat offer; `Event.taken` counts both and a check
constraint keeps it within `capacity`, so no path (registration, promotion, offer) can overbook.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core.models import Org, User


class RecuperationRule(models.Model):
    """The recuperation rules of one region, as data with a version (policies §16); registrations keep the version
    they were checked against."""

    region = models.CharField(_("region"), max_length=20)  # province code (2 digits) or "00" for the default
    name = models.CharField(_("rule name"), max_length=40, blank=True)
    version = models.CharField(_("version"), max_length=40)
    once_per_year = models.BooleanField(_("once a year"), default=True)
    cross_province_every_years = models.PositiveSmallIntegerField(_("cross-province at most once in (years)"),
                                                                  default=3)
    max_days_in_province = models.PositiveSmallIntegerField(_("days in the province at most"), default=5)
    max_days_cross_province = models.PositiveSmallIntegerField(_("days out of the province at most"), default=7)
    max_cost_per_day = models.DecimalField(_("cost per person per day at most (yuan)"), max_digits=8,
                                           decimal_places=2)
    max_cost_per_trip = models.DecimalField(_("cost per person per trip at most (yuan)"), max_digits=9,
                                            decimal_places=2, null=True, blank=True)
    frontline_share_min = models.DecimalField(_("front-line share at least"), max_digits=4, decimal_places=3,
                                              default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "version"], name="events_rule_version_unique")]

    def __str__(self) -> str:
        return f"{self.region} {self.version}"


class Event(models.Model):
    class Kind(models.TextChoices):
        RECUPERATION = "recuperation", _("Recuperation trip")
        MATCHMAKING = "matchmaking", _("Matchmaking")
        LECTURE = "lecture", _("Lecture")
        VOLUNTEERING = "volunteering", _("Volunteering")

    class Status(models.TextChoices):
        OPEN = "open", _("Registration open")
        CANCELLED = "cancelled", _("Event cancelled")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("organising union"))
    audience_org = models.ForeignKey(Org, models.PROTECT, related_name="+", verbose_name=_("open to members of"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("event title"), max_length=120)
    description = models.TextField(_("about the event"), blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    cross_province = models.BooleanField(_("out of the province"), default=False)
    cost_per_day = models.DecimalField(_("cost per person per day (yuan)"), max_digits=8, decimal_places=2,
                                       null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration_opens_at = models.DateTimeField(_("registration opens"), default=timezone.now)
    registration_closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("places"))
    taken = models.PositiveIntegerField(default=0)
    waitlist_seq = models.PositiveIntegerField(default=0)
    offer_hours = models.PositiveSmallIntegerField(_("hours to accept an offered place"), default=24)
    # Lottery (§11): applications are taken during the window and places drawn after it, from a published seed.
    lottery = models.BooleanField(_("places drawn by lot"), default=False)
    lottery_seed = models.CharField(max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    members_only = models.BooleanField(_("members only"), default=True)
    rule = models.ForeignKey(RecuperationRule, models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(taken__lte=F("capacity")), name="events_taken_within_capacity"),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="events_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class PriorityClass(models.Model):
    """A group served first, with a reserved share of the places (front-line medical staff, ≥ 90 % front-line)."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="priority_classes")
    code = models.CharField(max_length=20)  # a rules.PREDICATES key
    rank = models.PositiveSmallIntegerField(default=1)
    reserved_share = models.DecimalField(max_digits=4, decimal_places=3)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="events_class_once")]

    @property
    def label(self) -> str:
        from niangjia.events.rules import PREDICATES

        return f"{PREDICATES.get(self.code, self.code)}（保留 {self.reserved_share * 100:.0f}% 名额）"


class UnionQuota(models.Model):
    """Places for one union's members (approved by its 职代会, or set by staff)."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="union_quotas")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    seats = models.PositiveIntegerField()
    source = models.CharField(max_length=10, default="staff")  # "staff" or "congress"
    congress_motion_id = models.PositiveIntegerField(null=True, blank=True)  # the passed 职代会 resolution

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "org"], name="events_quota_once")]


ACTIVE = ("confirmed", "waitlisted", "offered")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Place offered")
        CANCELLED = "cancelled", _("Registration cancelled")
        DECLINED = "declined", _("Offer declined")
        EXPIRED = "expired", _("Offer expired")

    event = models.ForeignKey(Event, models.CASCADE, related_name="registrations")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+", null=True)  # the member's union
    priority = models.CharField(max_length=20, blank=True)   # the class the person was served in
    status = models.CharField(max_length=10, choices=Status.choices)
    position = models.PositiveIntegerField(null=True, blank=True)  # order on the waiting list (per event)
    rule_version = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], condition=Q(status__in=ACTIVE),
                                    name="events_one_active_registration"),
            models.UniqueConstraint(fields=["event", "position"], name="events_position_unique"),
        ]
        indexes = [models.Index(fields=["event", "status", "position"], name="events_reg_queue"),
                   models.Index(fields=["user", "status"], name="events_reg_mine")]


class SeatOffer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    registration = models.ForeignKey(Registration, models.CASCADE, related_name="offers")
    offered_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration"], condition=Q(status="open"),
                                               name="events_one_open_offer")]


class Scan(models.Model):
    """Every scan a device made, kept whatever its outcome (nothing a device queued offline is lost)."""

    class Outcome(models.TextChoices):
        CHECKED_IN = "checked_in", _("Checked in")
        CONFLICT = "conflict", _("Already checked in")
        INVALID = "invalid", _("Not a valid ticket")

    scan_id = models.CharField(max_length=64, unique=True)  # made by the device: a retried sync is one scan
    event = models.ForeignKey(Event, models.CASCADE, related_name="+", null=True)
    registration = models.ForeignKey(Registration, models.CASCADE, related_name="scans", null=True)
    device = models.CharField(max_length=64)
    scanned_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    scanned_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")

    class Meta:
        # Exactly one check-in per registration, whichever device's scan reaches the database first.
        constraints = [models.UniqueConstraint(fields=["registration"], condition=Q(outcome="checked_in"),
                                               name="events_one_check_in")]


class MatchProfile(models.Model):
    """What a matchmaking participant shows the others; contact details are never in it."""

    registration = models.OneToOneField(Registration, models.CASCADE, related_name="match_profile")
    nickname = models.CharField(max_length=20)
    intro = models.CharField(max_length=200, blank=True)


class MatchChoice(models.Model):
    chooser = models.ForeignKey(Registration, models.CASCADE, related_name="choices_made")
    chosen = models.ForeignKey(Registration, models.CASCADE, related_name="choices_received")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chooser", "chosen"], name="events_choose_once"),
                       models.CheckConstraint(condition=~Q(chooser=F("chosen")), name="events_not_self")]


class VolunteerHours(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Hours confirmed")
        REJECTED = "rejected", _("Not confirmed")

    registration = models.OneToOneField(Registration, models.CASCADE, related_name="hours")
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    confirmed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24),
                                              name="events_hours_in_a_day")]
