"""A rights case and the records started from it (mediations, supervision letters), both ways, and the facts a
new mediation or letter takes over from the case so nothing is retyped."""

from dataclasses import dataclass

from niangjia.core import scoping
from niangjia.rights.models import Case, Mediation, SupervisionLetter
from niangjia.rights.services.common import not_found


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    number: str
    org_id: int
    org_name: str
    worker_name: str
    employer_name: str
    employer_uscc: str
    claim_label: str
    issues: str


def case_links(case: Case) -> dict:
    """Two queries: the case's mediations and its letters."""
    return {"mediations": list(Mediation.objects.filter(case=case).order_by("id")),
            "letters": list(SupervisionLetter.objects.filter(case=case).order_by("id"))}


def facts_from_case(*, actor, case_id) -> CaseFacts | None:
    """Prefill for "发起调解" / "制发监督文书" on a case page: staff of the case's union only (a volunteer lawyer
    on the case sees no such button and gets nothing here)."""
    try:
        case_id = int(case_id or 0)
    except (TypeError, ValueError):
        return None
    if not case_id:
        return None
    case = Case.objects.select_related("org", "requester").filter(pk=case_id).first()
    if case is None or not scoping.covers(actor, case.org):
        raise not_found()
    worker = case.requester
    return CaseFacts(
        case_id=case.pk, number=case.number, org_id=case.org_id, org_name=case.org.name,
        worker_name=(worker.real_name or worker.display_name) if worker else "",
        employer_name=case.employer_name, employer_uscc=case.employer_uscc,
        claim_label=f"{case.get_category_display()}：{case.title}"[:80],
        issues=f"职工反映（工单 {case.number}）：{case.description}")
