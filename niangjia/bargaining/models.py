"""Collective wage bargaining (工资集体协商): a negotiation of one grassroots union with its employer, the written
proposal to bargain (要约, `Offer`) and its answer, the two teams, numbered rounds with minutes, the successive
positions (wage terms by version), the agreement (集体合同 / 工资专项集体合同) with its congress vote, signing,
filing with the labour administration (报送审查) and entry into force, and the workers' opinions.

The congress vote lives in the congress app: the agreement keeps only the motion's id (apps do not share models).
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.bargaining import rules
from niangjia.bargaining.choices import SIDE_CHOICES
from niangjia.core.models import Attachment, Org, User

STAGE_CHOICES = [(s, rules.STAGE_LABELS[s]) for s in rules.STAGES]


def rates_from_json(rows) -> tuple:
    return tuple((r["item"], Decimal(r["yuan"])) for r in rows or [])


def rates_to_json(rates) -> list[dict]:
    return [{"item": item, "yuan": str(price)} for item, price in rates]


class Negotiation(models.Model):
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the grassroots union that bargains
    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    employer_name = models.CharField(_("employer"), max_length=120)
    workers_covered = models.PositiveIntegerField(_("workers covered"), default=0)
    stage = models.CharField(_("stage"), max_length=12, choices=STAGE_CHOICES, default="offer")
    talks_due = models.DateField(null=True, blank=True)  # local rule: talks start within N working days
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "stage"])]

    def __str__(self) -> str:
        return self.title


class StageChange(models.Model):
    """History of the stage: who moved it, when, why."""

    negotiation = models.ForeignKey(Negotiation, models.CASCADE, related_name="stage_changes")
    old = models.CharField(max_length=12, choices=STAGE_CHOICES)
    new = models.CharField(max_length=12, choices=STAGE_CHOICES)
    action = models.CharField(max_length=24)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]


class Offer(models.Model):
    """要约: the written proposal to bargain, and the other side's written answer (第三十二条)."""

    negotiation = models.OneToOneField(Negotiation, models.CASCADE, related_name="offer")
    from_side = models.CharField(_("from"), max_length=8, choices=SIDE_CHOICES)
    content = models.TextField(_("content"))
    received_on = models.DateField(_("received on"))
    reply_due = models.DateField(_("answer due"))
    answered_on = models.DateField(null=True, blank=True)
    accepted = models.BooleanField(null=True)
    reason = models.CharField(max_length=500, blank=True)
    refused_without_reason = models.BooleanField(default=False)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["answered_on", "reply_due"])]


class Representative(models.Model):
    """协商代表: each side the same number, at least 3, one chief (the database holds one chief per side)."""

    negotiation = models.ForeignKey(Negotiation, models.CASCADE, related_name="representatives")
    side = models.CharField(max_length=8, choices=SIDE_CHOICES)
    name = models.CharField(max_length=40)
    position = models.CharField(max_length=60, blank=True)
    is_chief = models.BooleanField(default=False)

    class Meta:
        ordering = ["side", "-is_chief", "id"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "side"], condition=Q(is_chief=True),
                                    name="bargaining_one_chief_per_side"),
            models.CheckConstraint(condition=Q(side__in=list(rules.SIDES)), name="bargaining_rep_side"),
        ]


class Round(models.Model):
    """A numbered round of talks (第N轮): numbers run 1, 2, 3 … per negotiation, held by a unique constraint."""

    negotiation = models.ForeignKey(Negotiation, models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()
    agenda = models.CharField(max_length=300)
    minutes = models.TextField(blank=True)
    union_chief_signed_on = models.DateField(null=True, blank=True)
    employer_chief_signed_on = models.DateField(null=True, blank=True)
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")  # the signed minutes, scanned

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["negotiation", "number"], name="bargaining_round_number_once")]

    @property
    def minutes_signed(self) -> bool:
        return bool(self.union_chief_signed_on and self.employer_chief_signed_on)


class Position(models.Model):
    """One side's wage terms at one moment: the union's demand or management's offer, version 1, 2, 3 …"""

    negotiation = models.ForeignKey(Negotiation, models.CASCADE, related_name="positions")
    round = models.ForeignKey(Round, models.SET_NULL, null=True, blank=True, related_name="positions")
    side = models.CharField(max_length=8, choices=SIDE_CHOICES)
    version = models.PositiveSmallIntegerField()
    increase_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    minimum_wage = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    piece_rate_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    special_terms = models.CharField(max_length=500, blank=True)
    piece_rates = models.JSONField(default=list)  # [{"item": "城区派送（元/票）", "yuan": "1.20"}]
    changes = models.JSONField(default=list)  # against the same side's previous version
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["side", "version"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "side", "version"], name="bargaining_position_version_once"),
            models.CheckConstraint(condition=Q(side__in=list(rules.SIDES)), name="bargaining_position_side"),
        ]

    def terms(self) -> rules.WageTerms:
        return rules.WageTerms(increase_pct=self.increase_pct, minimum_wage=self.minimum_wage,
                               piece_rate_pct=self.piece_rate_pct, special_terms=self.special_terms,
                               piece_rates=rates_from_json(self.piece_rates))


class Agreement(models.Model):
    """集体合同 (工资专项): drafted, voted by the congress, signed, filed, in force."""

    negotiation = models.OneToOneField(Negotiation, models.CASCADE, related_name="agreement")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # = negotiation.org, for scoped statistics
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    increase_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    minimum_wage = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    piece_rate_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    special_terms = models.CharField(max_length=500, blank=True)
    piece_rates = models.JSONField(default=list)
    term_start = models.DateField()
    term_end = models.DateField()
    workers_covered = models.PositiveIntegerField(default=0)
    motion_id = models.PositiveIntegerField(null=True, blank=True)  # congress.Motion (kind "contract")
    vote_explanation = models.JSONField(default=list)
    union_signed_on = models.DateField(null=True, blank=True)  # each chief, from their own login or on paper
    employer_signed_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)  # both have signed: the later of the two days
    filing_due = models.DateField(null=True, blank=True)
    filed_received_on = models.DateField(null=True, blank=True)  # the labour administration received it
    objection_end = models.DateField(null=True, blank=True)
    objection = models.CharField(max_length=500, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    renewal_notice_on = models.DateField(null=True, blank=True)
    renewal_reminded_on = models.DateField(null=True, blank=True)
    # the signed text and the labour administration's receipt, scanned
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(term_end__gte=models.F("term_start")),
                                              name="bargaining_term_order")]

    def terms(self) -> rules.WageTerms:
        return rules.WageTerms(increase_pct=self.increase_pct, minimum_wage=self.minimum_wage,
                               piece_rate_pct=self.piece_rate_pct, special_terms=self.special_terms,
                               piece_rates=rates_from_json(self.piece_rates))


class Opinion(models.Model):
    """A member's opinion on the negotiation (征求职工意见); staff read them, the member sees their own."""

    negotiation = models.ForeignKey(Negotiation, models.CASCADE, related_name="opinions")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]


class WorkersVote(models.Model):
    """The draft put to all workers (全体职工讨论, 第三十六条) where there is no congress: online ballots of the union's
    members plus the paper ballots counted at a meeting, closed by staff and counted by rules.workers_vote_result."""

    negotiation = models.ForeignKey(Negotiation, models.CASCADE, related_name="workers_votes")
    workers_total = models.PositiveIntegerField()  # all workers of the enterprise, members or not
    closes_on = models.DateField()  # the last day online ballots are taken
    status = models.CharField(max_length=8, default="open", choices=[("open", "进行中"), ("closed", "已结束")])
    paper_yes = models.PositiveIntegerField(default=0)
    paper_no = models.PositiveIntegerField(default=0)
    paper_abstain = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)  # rules.workers_vote_result at close, with its rule version
    opened_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation"], condition=Q(status="open"),
                                    name="bargaining_one_open_workers_vote"),
            models.CheckConstraint(condition=Q(workers_total__gte=1), name="bargaining_workers_total_positive"),
        ]


class WorkerBallot(models.Model):
    """One ballot per worker per vote, held by the database (race test on PostgreSQL)."""

    vote = models.ForeignKey(WorkersVote, models.CASCADE, related_name="ballots")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=[(c, rules.CHOICE_LABELS[c]) for c in rules.CHOICES])
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "user"], name="bargaining_one_ballot_per_worker"),
            models.CheckConstraint(condition=Q(choice__in=list(rules.CHOICES)), name="bargaining_ballot_choice"),
        ]


class BargainingAsk(models.Model):
    """A worker asks the union to send a proposal to bargain (职工要求协商); once at least one fifth of the staff
    (local example, configurable per region) have asked, the union must send a 要约 (policies §12)."""

    org = models.ForeignKey(Org, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year", "user"], name="bargaining_one_ask_per_worker")]


class StaffHeadcount(models.Model):
    """The enterprise's number of workers (职工总数) for a year, entered by union staff: the base of the one-fifth
    request."""

    org = models.ForeignKey(Org, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    total = models.PositiveIntegerField()
    updated_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="bargaining_headcount_once"),
                       models.CheckConstraint(condition=Q(total__gte=1), name="bargaining_headcount_positive")]


class RegionWageParams(models.Model):
    """A region's wage parameters for a year (最低工资标准, 工资指导线 基准线/上线/下线, the local share of workers
    whose request obliges the union to propose). Versioned: every save is a new row; the highest version counts.
    The region is the owning federation's subtree; the nearest owner above a union applies."""

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField()
    minimum_wage = models.DecimalField(max_digits=12, decimal_places=2)  # yuan per month
    guideline_lower_pct = models.DecimalField(max_digits=5, decimal_places=2)
    guideline_base_pct = models.DecimalField(max_digits=5, decimal_places=2)
    guideline_upper_pct = models.DecimalField(max_digits=5, decimal_places=2)
    ask_denominator = models.PositiveSmallIntegerField(default=5)  # 1/N of the staff may oblige a proposal
    source = models.CharField(max_length=200, blank=True)  # the government document
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["org__path", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "version"], name="bargaining_region_params_version_once"),
            models.CheckConstraint(condition=Q(guideline_lower_pct__lte=models.F("guideline_base_pct"))
                                   & Q(guideline_base_pct__lte=models.F("guideline_upper_pct")),
                                   name="bargaining_guideline_order"),
            models.CheckConstraint(condition=Q(minimum_wage__gt=0), name="bargaining_region_min_wage_positive"),
        ]
