"""The proposal committee's evaluation after the handling (policies.md §10): the A/B/C grade of how the department
handled a proposal, and the choice of the best proposals (最佳提案). Staff in scope; the proposal row is locked;
audited with the old and new value. Neither changes the proposal's state."""

from django.db import transaction

from niangjia.congress import rules
from niangjia.congress.models import Proposal
from niangjia.congress.services_proposals import _locked, _staff
from niangjia.core import audit
from niangjia.core.errors import Conflict, Invalid


@transaction.atomic
def grade_handling(*, actor, proposal_id: int, grade: str) -> Proposal:
    p = _locked(proposal_id)
    _staff(actor, p)
    grade = (grade or "").strip().upper()
    if grade not in rules.HANDLING_GRADES:
        raise Invalid("办理情况请评为 A、B 或 C 类。", code="congress.handling_grade")
    if not rules.may_grade(p.status):
        raise Conflict(f"这件提案当前为“{p.get_status_display()}”，部门答复后才能评定办理情况。",
                       code="congress.proposal_state", details={"status": p.status})
    if p.handling_grade != grade:
        old, p.handling_grade = p.handling_grade, grade
        p.save(update_fields=["handling_grade"])
        audit.record(actor, "congress.proposal_grade", p, org=p.congress.org,
                     summary={"handling_grade": {"old": old, "new": grade}})
    return p


@transaction.atomic
def set_best(*, actor, proposal_id: int, best: bool) -> Proposal:
    p = _locked(proposal_id)
    _staff(actor, p)
    if best and not rules.may_be_best(p.status, p.is_opinion):
        raise Conflict("最佳提案须从已经答复的提案中评选（意见建议不参评）。", code="congress.best_not_handled",
                       details={"status": p.status})
    if p.best != bool(best):
        p.best = bool(best)
        p.save(update_fields=["best"])
        audit.record(actor, "congress.proposal_best", p, org=p.congress.org, summary={"best": p.best})
    return p
