"""Read side of the relief workbench's reference lists (policies, dibao table, exit proposals, duplicate heads)
as querysets for the shared list grid: it sorts, searches and pages them in the database."""

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum

from niangjia.core import scoping
from niangjia.relief.models import (
    DibaoStandard,
    HardshipFile,
    Household,
    HouseholdYearTotal,
    Policy,
    RiskFlag,
)

POLICY_KIND_CHOICES = Policy.Kind.choices
POLICY_STATUS_CHOICES = Policy.Status.choices


def policies_qs(*, kind: str = "", status: str = "") -> QuerySet[Policy]:
    """Policies are published to every level (region-coded reference data, not owned by a union)."""
    qs = Policy.objects.select_related("created_by")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def dibao_qs(*, year: int | None = None) -> QuerySet[DibaoStandard]:
    """The local dibao table: region-coded reference data every level reads."""
    qs = DibaoStandard.objects.all()
    return qs.filter(year=year) if year else qs


def dibao_years() -> list[tuple[str, str]]:
    years = DibaoStandard.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(y), str(y)) for y in years]


def exit_proposals_qs(*, actor) -> QuerySet[RiskFlag]:
    """Open files that monitoring proposes to exit (flag exit_ready), in the actor's scope."""
    return RiskFlag.objects.filter(scoping.scope_q(actor), code="exit_ready", active=True).select_related(
        "household", "org")


def _duplicates_base(actor) -> QuerySet[Household]:
    return Household.objects.filter(scoping.scope_q(actor, roles=scoping.ADMIN_ROLES), merged_into__isnull=True,
                                    head__isnull=False)


def duplicate_heads_qs(*, actor) -> QuerySet[Household]:
    """One row per head holding more than one household record among those the admin may act on (grouped by
    the head's ID-number blind index): the group's oldest record, with the group's size as `records`."""
    base = _duplicates_base(actor)
    firsts = (base.values("head__id_index").annotate(n=Count("id"), first=Min("id")).filter(n__gt=1)
              .values("first"))
    size = (base.filter(head__id_index=OuterRef("head__id_index")).values("head__id_index")
            .annotate(c=Count("id")).values("c"))
    return (Household.objects.filter(pk__in=firsts).select_related("org", "head")
            .annotate(records=Subquery(size)))


def duplicate_groups(*, actor, rows) -> list[Household]:
    """The page's rows, each with `group`: every record of its head, with open files and amounts paid against
    the caps (one query for the whole page)."""
    rows = list(rows)
    # A subquery, not a second join: joined with the files, the year totals would be summed once per file.
    paid = (HouseholdYearTotal.objects.filter(household=OuterRef("pk")).values("household")
            .annotate(s=Sum("total")).values("s"))
    indexes = [r.head.id_index for r in rows]
    members = (_duplicates_base(actor).filter(head__id_index__in=indexes).select_related("org", "head")
               .annotate(open_files=Count("files", filter=Q(files__status__in=HardshipFile.OPEN)),
                         paid=Subquery(paid))
               .order_by("id")) if indexes else []
    groups: dict[str, list] = {}
    for h in members:
        groups.setdefault(h.head.id_index, []).append(h)
    for row in rows:
        row.group = groups.get(row.head.id_index, [])
    return rows
