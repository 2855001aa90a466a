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


def cases_for_bulk(*, actor, ids: list[int]):
    """Cases of the actor's unions among the selected ids (a volunteer's own cases are not theirs to assign)."""
    return Case.objects.filter(scoping.scope_q(actor), pk__in=ids).select_related("org")


def cases_for_export(*, actor, ids: list[int]):
    """Selected cases of the actor's unions with what the export shows (export selected)."""
    return cases_for_bulk(actor=actor, ids=ids).select_related("assignee").order_by("pk")


def assignee_choices(*, actor, limit: int = 200) -> list[tuple[str, str]]:
    """Handlers at the actor's unions (staff, volunteer lawyers, psychologists): the bulk assignment's choice;
    the service still checks each case's own union."""
    from niangjia.core.models import OrgRole
    from niangjia.rights.selectors import HANDLER_ROLES

    roles = (OrgRole.objects.filter(org__in=scoping.orgs_visible_to(actor), role__in=HANDLER_ROLES,
                                    user__is_active=True).select_related("user", "org").order_by("org__path", "user_id"))
    out: dict[int, str] = {}
    for r in roles[: limit * 3]:
        out.setdefault(r.user_id, f"{r.user.name}（{r.get_role_display()}，{r.org.name}）")
    return [(str(k), v) for k, v in list(out.items())[:limit]]
