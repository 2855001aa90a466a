"""The rights workbench's long lists as querysets for the list grid (core.grid): employers by risk, the
volunteer desk, the duty roster and the settings lists. Scoped here; the grid only narrows, orders and pages."""

from django.db.models import Case, IntegerField, Q, Value, When

from niangjia.core import scoping
from niangjia.rights.models import Counsellor, RiskAlert
from niangjia.rights.selectors import COUNSELLOR_KIND_CHOICES


def risk_rows(*, actor, level: str = ""):
    """The employers of the risk page as a queryset for its list grid, red first by default (`rank`)."""
    rank = Case(When(level="red", then=Value(0)), When(level="yellow", then=Value(1)), default=Value(2),
                output_field=IntegerField())
    qs = RiskAlert.objects.filter(scoping.scope_q(actor)).annotate(rank=rank).order_by("rank", "employer_name", "pk")
    return qs.filter(level=level) if level in {"red", "yellow", "green"} else qs


def risk_level_choices():
    return list(RiskAlert._meta.get_field("level").choices)


def volunteers_qs(*, actor, kind: str = "", active: str = ""):
    """Volunteer lawyers and psychologists of the unions the actor administers (active ones first)."""
    qs = (Counsellor.objects.filter(scoping.scope_q(actor, roles=scoping.ADMIN_ROLES))
          .select_related("user", "org").order_by("-active", "kind", "org__path", "display_name"))
    if kind in dict(COUNSELLOR_KIND_CHOICES):
        qs = qs.filter(kind=kind)
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    return qs


# --- settings lists -------------------------------------------------------------------------------------------


def supervisors_qs(*, actor):
    """The supervisors set at the unions the actor administers."""
    from niangjia.rights.models import RightsSupervisor

    return (RightsSupervisor.objects.filter(scoping.scope_q(actor, roles=scoping.ADMIN_ROLES))
            .select_related("org", "supervisor").order_by("org__path", "pk"))


def holidays_qs(*, year: str = "", kind: str = ""):
    """The days entered on the workbench calendar (platform-wide: one calendar for every deadline)."""
    from niangjia.rights.models import Holiday

    qs = Holiday.objects.all()
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(day__year=int(year))
    if kind in ("holiday", "workday"):
        qs = qs.filter(is_workday=kind == "workday")
    return qs


def articles_qs(*, pending_only: bool = False, category: str = ""):
    """Knowledge-base articles for the editors' list (platform-wide, like the knowledge base itself)."""
    from niangjia.rights.models import KnowledgeArticle

    qs = KnowledgeArticle.objects.defer("tokens", "title_tokens", "answer").order_by("category", "id")
    if pending_only:
        qs = qs.exclude(review_status="已审核")
    if category:
        qs = qs.filter(category=category)
    return qs


def synonym_groups_qs():
    """One row per synonym group (its first-entered word), so the grid can count, sort and page groups; the
    page's words come from `with_terms`."""
    from django.db.models import Min

    from niangjia.rights.models import Synonym

    return Synonym.objects.filter(pk__in=Synonym.objects.values("group").annotate(first=Min("id")).values("first"))


def search_synonym_groups(qs, q: str):
    """A group is found by its name or by any of its words."""
    from niangjia.rights.models import Synonym

    q = q.lower()
    return qs.filter(Q(group__in=Synonym.objects.filter(term__contains=q).values("group")) | Q(group__contains=q))


def with_terms(rows) -> list[dict]:
    """The page's groups with their words (one query for the whole page)."""
    from niangjia.rights.models import Synonym

    rows = list(rows)
    terms: dict[str, list[str]] = {}
    for group, term in (Synonym.objects.filter(group__in=[r.group for r in rows]).order_by("group", "id")
                        .values_list("group", "term")):
        terms.setdefault(group, []).append(term)
    return [{"group": r.group, "terms": terms.get(r.group, [])} for r in rows]


def synonym_terms(group: str) -> list[str]:
    """The words of one group besides its name (the edit form)."""
    from niangjia.rights.models import Synonym

    return list(Synonym.objects.filter(group=group).exclude(term=group).order_by("id").values_list("term", flat=True))


def duty_qs(*, actor, when: str = "", start):
    """Shifts of the unions in scope: from `start` on by default, the past ones (`when="past"`) or all."""
    from niangjia.rights.models import DutyShift

    qs = DutyShift.objects.filter(scoping.scope_q(actor)).select_related("staff", "org")
    if when == "past":
        return qs.filter(day__lt=start)
    if when == "all":
        return qs
    return qs.filter(day__gte=start)
