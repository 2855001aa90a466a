"""Read side of the claim approval screen (审批页) and approval sheet (审批表): the member (masked), the
enrolment and waiting period, every invoice photo, the calculation lines, this plan year's paid total
against the cap, the member's earlier claims this year and each decision so far — a fixed number of
queries whatever the number of photos and earlier claims."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from niangjia.core import pii, scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import Attachment
from niangjia.mutual_aid import rules
from niangjia.mutual_aid.models import Claim, PersonYearTotal

OPEN = ("submitted", "first_approved")


@dataclass
class ClaimFacts:
    claim: Claim
    member: str  # masked
    id_number: str  # masked
    photos: list[Attachment]
    earlier: list[Claim]  # the person's other claims under this plan year
    earlier_total: Decimal
    paid_this_year: Decimal | None
    cap: Decimal | None
    steps: list[tuple[str, str, object, str]]  # (step, decision, who, reason)

    @property
    def is_open(self) -> bool:
        return self.claim.status in OPEN

    @property
    def remaining(self) -> Decimal | None:
        return None if self.cap is None else max(Decimal("0.00"), self.cap - (self.paid_this_year or 0))


def claim_review(*, actor, claim_id: int) -> ClaimFacts:
    claim = (Claim.objects.filter(scoping.scope_q(actor), pk=claim_id)
             .select_related("plan", "member", "org", "enrolment", "first_approver", "approver")
             .prefetch_related(Prefetch("photos", queryset=Attachment.objects.order_by("id"))).first())
    if claim is None:
        raise NotFound("未找到该互助申请，或您无权查看。")
    earlier = list(Claim.objects.filter(person_index=claim.person_index, plan__code=claim.plan.code,
                                        plan__year=claim.plan.year).exclude(pk=claim.pk).order_by("id"))
    total = (PersonYearTotal.objects.filter(person_index=claim.person_index, plan_code=claim.plan.code,
                                            plan_year=claim.plan.year).first())
    cap = paid = None
    if claim.kind == "inpatient" and total is not None:
        cap, paid = total.inpatient_cap, total.inpatient_paid
    elif claim.kind == "accidental_injury" and total is not None:
        cap, paid = total.accident_cap, total.accident_paid
    elif claim.kind in ("inpatient", "accidental_injury") and claim.plan.rules.get(claim.kind):
        cap, paid = rules.annual_cap(claim.plan.rules, claim.kind), Decimal("0.00")
    steps = [("提交申请", "提交", pii.mask_name(claim.member.name), "")]
    if claim.first_approver_id:
        steps.append(("初审", "同意", claim.first_approver.name, claim.adjust_reason))
    if claim.status in ("approved", "paid"):
        steps.append(("终审", "同意", claim.approver.name if claim.approver else "—", claim.adjust_reason))
    elif claim.status == "rejected":
        steps.append(("审核", "驳回", claim.approver.name if claim.approver else "—", claim.reject_reason))
    counted = [c for c in earlier if c.status in ("approved", "paid")]
    return ClaimFacts(
        claim=claim, member=pii.mask_name(claim.member.name), id_number=pii.mask_id_number(claim.member.id_number),
        photos=list(claim.photos.all()), earlier=earlier,
        earlier_total=sum((c.approved_amount or Decimal("0.00") for c in counted), Decimal("0.00")),
        paid_this_year=paid, cap=cap, steps=steps)


def can_decide(actor, claim: Claim) -> bool:
    """Mirrors approve_claim: staff in scope decide a new claim; the second approval of a large claim needs
    an approver other than the first one."""
    if claim.status == "submitted":
        return scoping.covers(actor, claim.org)
    if claim.status == "first_approved":
        return (scoping.covers(actor, claim.org, roles=scoping.APPROVER_ROLES)
                and claim.first_approver_id != getattr(actor, "pk", None))
    return False
