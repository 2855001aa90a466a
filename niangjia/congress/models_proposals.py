"""Proposals (提案) of a workers' congress (policies.md §10): a delegate drafts one issue, at least two other
delegates second it (附议), the proposal committee accepts it (立案) or turns it into an opinion (意见建议), assigns
it to a lead department and co-departments with a reply deadline (交办), the department replies (答复), the proposer
rates the reply (满意/基本满意/不满意; 不满意 sends it back once), overdue items are followed up (督办), and the
committee archives it (归档)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from niangjia.congress.choices import ProposalRating, ProposalStatus
from niangjia.core.models import Org, User


class Department(models.Model):
    """A department of the enterprise that answers proposals (人力资源部, 后勤保障部 …)."""

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)
    contact_name = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="congress_department_once")]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    Status = ProposalStatus
    Rating = ProposalRating

    congress = models.ForeignKey("congress.Congress", models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField()  # 第N号提案, per congress
    proposer = models.ForeignKey("congress.Delegate", models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=120)            # 案由
    reason = models.TextField(max_length=3000)          # 理由
    measures = models.TextField(max_length=3000)        # 建议措施
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFTING)
    is_opinion = models.BooleanField(default=False)     # 转为意见建议
    review_note = models.CharField(max_length=500, blank=True)
    lead_department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+")
    co_departments = models.ManyToManyField(Department, blank=True, related_name="+")
    reply_days = models.PositiveSmallIntegerField(default=30)
    reply_due = models.DateField(null=True, blank=True)
    reply = models.TextField(max_length=3000, blank=True)
    replied_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    rating = models.CharField(max_length=12, choices=Rating.choices, blank=True)
    sent_back = models.PositiveSmallIntegerField(default=0)   # 不满意 sends it back once
    followups = models.PositiveSmallIntegerField(default=0)   # 督办 recorded
    # The committee's evaluation (policies §10): A/B/C grade of the handling, and 最佳提案.
    handling_grade = models.CharField(max_length=1, blank=True)
    best = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="congress_proposal_number_once"),
            models.CheckConstraint(condition=Q(sent_back__lte=1), name="congress_proposal_sent_back_once"),
            models.CheckConstraint(condition=Q(handling_grade__in=["", "A", "B", "C"]),
                                   name="congress_proposal_grade_abc"),
        ]


class Seconder(models.Model):
    """附议: one per delegate per proposal, enforced here."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="seconders")
    delegate = models.ForeignKey("congress.Delegate", models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "delegate"], name="congress_second_once")]
