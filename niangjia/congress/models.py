"""Workers' congress (职工代表大会): a congress (届) of one union, its sittings, delegate groups, delegates, attendance,
motions and their votes.

Secret ballots keep no ballot rows at all: a receipt says that a delegate voted (one per delegate per motion, in the
database), and the choice only increments a per-group counter. A dump of the database cannot tie a choice to a
delegate because no row holds a choice next to anything that identifies the voter or the order of voting.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.congress import rules
from niangjia.core.models import Member, Org, User


class Congress(models.Model):
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    term = models.PositiveSmallIntegerField(default=1)  # 第几届
    proxies_enabled = models.BooleanField(default=False)
    # 差额率 as data: an election needs at least ceil(seats × this / 100) candidates, and always more than the seats.
    # 100 means only "more than the seats"; a congress's 选举办法 may set e.g. 120.
    min_candidate_pct = models.PositiveSmallIntegerField(default=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(min_candidate_pct__gte=100, min_candidate_pct__lte=300),
                                              name="congress_min_candidate_pct_range")]

    def __str__(self) -> str:
        return self.title


class DelegateGroup(models.Model):
    """代表团/组: delegates vote by group; each group has its own tally."""

    congress = models.ForeignKey(Congress, models.CASCADE, related_name="groups")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="congress_group_name_once")]


class Delegate(models.Model):
    congress = models.ForeignKey(Congress, models.CASCADE, related_name="delegates")
    group = models.ForeignKey(DelegateGroup, models.PROTECT, related_name="delegates")
    member = models.ForeignKey(Member, models.PROTECT, related_name="+")
    user = models.ForeignKey(User, models.PROTECT, related_name="congress_delegates")
    name = models.CharField(max_length=60)
    is_manager = models.BooleanField(default=False)   # middle management and above (§5: normally ≤ 20%)
    is_frontline = models.BooleanField(default=False)
    is_woman = models.BooleanField(default=False)
    is_young = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["congress", "user"], name="congress_delegate_once")]


class Sitting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    congress = models.ForeignKey(Congress, models.CASCADE, related_name="sittings")
    title = models.CharField(max_length=120)
    number = models.PositiveSmallIntegerField(default=1)  # 第几次会议
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    starts_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]


class CheckIn(models.Model):
    class Method(models.TextChoices):
        PHONE = "phone", _("Checked in on the phone")
        ROLL_CALL = "roll_call", _("Paper roll call by staff")

    sitting = models.ForeignKey(Sitting, models.CASCADE, related_name="checkins")
    delegate = models.ForeignKey(Delegate, models.CASCADE, related_name="+")
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.PHONE)
    recorded_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sitting", "delegate"], name="congress_checkin_once")]


class Motion(models.Model):
    """议题 or election. The counts are filled when it closes, with the rule version and the explanation."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        ELECTION = "election", _("Election")
        CONTRACT = "contract", _("Draft collective contract")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not open yet")
        OPEN = "open", _("Voting")
        CLOSED = "closed", _("Closed")

    sitting = models.ForeignKey(Sitting, models.CASCADE, related_name="motions")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    secret = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    seats = models.PositiveSmallIntegerField(null=True, blank=True)  # elections: 应选人数
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Frozen at opening: who counts as present is the check-in list when voting opened.
    delegates_total = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    by_proxy = models.PositiveIntegerField(default=0)  # of `present`, represented by a proxy holder
    # Filled at closing.
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    quorate = models.BooleanField(null=True)
    passed = models.BooleanField(null=True)
    rule_version = models.CharField(max_length=60, blank=True)
    explanation = models.JSONField(default=list)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(present__lte=F("delegates_total")),
                                              name="congress_present_le_total")]

    @property
    def kind_label(self) -> str:
        return rules.KIND_LABELS.get(self.kind, self.kind)


class Ballot(models.Model):
    """An open (记名) ballot: who chose what. One per delegate per motion, enforced here."""

    motion = models.ForeignKey(Motion, models.CASCADE, related_name="ballots")
    delegate = models.ForeignKey(Delegate, models.PROTECT, related_name="+")
    group = models.ForeignKey(DelegateGroup, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "delegate"], name="congress_one_ballot"),
            models.CheckConstraint(condition=Q(choice__in=list(rules.CHOICES)), name="congress_ballot_choice"),
        ]


class BallotReceipt(models.Model):
    """A secret ballot's receipt: this delegate has voted on this motion (and nothing about how)."""

    motion = models.ForeignKey(Motion, models.CASCADE, related_name="receipts")
    delegate = models.ForeignKey(Delegate, models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["motion", "delegate"], name="congress_one_secret_ballot")]


class SecretTally(models.Model):
    """Counters of a secret vote per group and choice: the only place a secret choice is kept."""

    motion = models.ForeignKey(Motion, models.CASCADE, related_name="secret_tallies")
    group = models.ForeignKey(DelegateGroup, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "group", "choice"], name="congress_tally_once"),
            models.CheckConstraint(condition=Q(choice__in=list(rules.CHOICES)), name="congress_tally_choice"),
        ]

from niangjia.congress.models_more import Candidate, CandidateTally, ElectionMark, Proxy  # noqa: E402,F401
from niangjia.congress.models_proposals import Department, Proposal, Seconder  # noqa: E402,F401
