"""Read side of the approval screen (审批页) and the approval sheet (审批表) of one relief application:
everything an approver must see on one page, fetched in a fixed number of queries whatever the
number of photos, invoices, members and steps."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from niangjia.core import pii, scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import Attachment
from niangjia.relief import rules
from niangjia.relief.models import (
    Application,
    ApprovalStep,
    Disbursement,
    HouseholdMember,
    HouseholdYearTotal,
    Invoice,
)

OPEN = ("submitted", "reviewed", "district_approved")


@dataclass
class ReviewFacts:
    app: Application
    applicant: str  # masked
    members: list[HouseholdMember]
    per_capita: Decimal
    monthly_income: Decimal
    photos: list[Attachment]
    invoices: list[Invoice]
    steps: list[ApprovalStep]
    earlier_aid: list[Disbursement]  # this household, this year, other applications and campaigns
    earlier_total: Decimal
    cap_used: Decimal | None  # this kind's yearly total so far (the locked totals row)
    cap: Decimal | None
    calculation: list[str] = field(default_factory=list)
    amount: Decimal | None = None
    remaining: Decimal | None = None
    calculation_error: str = ""

    @property
    def is_open(self) -> bool:
        return self.app.status in OPEN


def application_review(*, actor, application_id: int) -> ReviewFacts:
    app = (Application.objects.filter(scoping.scope_q(actor), pk=application_id)
           .select_related("org", "household", "household__head", "applicant", "decision", "decision__policy")
           .prefetch_related(
               Prefetch("household__members", queryset=HouseholdMember.objects.order_by("id")),
               Prefetch("evidence", queryset=Attachment.objects.order_by("id")),
               Prefetch("invoices", queryset=Invoice.objects.order_by("id")),
               Prefetch("steps", queryset=ApprovalStep.objects.select_related("actor", "org").order_by("at", "id")))
           .first())
    if app is None:
        raise NotFound("未找到该申请，或您无权查看。")
    members = list(app.household.members.all())
    incomes = [m.monthly_income for m in members]
    earlier = list(Disbursement.objects.filter(household_id=app.household_id, year=app.year, amount__gt=0)
                   .exclude(application_id=app.pk).select_related("application").order_by("created_at", "id"))
    total = (HouseholdYearTotal.objects.filter(household_id=app.household_id, year=app.year, cap_key=app.kind)
             .values_list("total", "cap").first())
    return ReviewFacts(
        app=app, applicant=pii.mask_name(app.household.head_name), members=members,
        per_capita=rules.per_capita_monthly(incomes), monthly_income=sum(incomes, Decimal("0.00")),
        photos=list(app.evidence.all()), invoices=list(app.invoices.all()), steps=list(app.steps.all()),
        earlier_aid=earlier, earlier_total=sum((d.amount for d in earlier), Decimal("0.00")),
        cap_used=total[0] if total else None, cap=total[1] if total else None)


def level_label(level: str) -> str:
    return str(ApprovalStep.Level(level).label) if level else ""
