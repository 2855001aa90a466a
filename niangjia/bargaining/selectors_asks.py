"""The workbench list of workers' requests to bargain (要求协商), as a queryset for the list grid (core.grid):
every union in scope with requests or an entered headcount for the year. One query per page: the requests, the
headcount and the share of the nearest region that set one (else one in five) are subqueries."""

from django.db.models import (
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith

from niangjia.bargaining import rules
from niangjia.core import scoping


def ask_rows_qs(*, actor, year: int, reached: str = "") -> QuerySet:
    """Unions in scope with `asks`, `staff_total` (None until entered) and `denominator`; `reached="1"` keeps
    those whose requests reached the share."""
    from niangjia.bargaining.models import BargainingAsk, RegionWageParams, StaffHeadcount

    asks = (BargainingAsk.objects.filter(org_id=OuterRef("pk"), year=year).order_by()
            .values("org_id").annotate(n=Count("id")).values("n"))
    total = StaffHeadcount.objects.filter(org_id=OuterRef("pk"), year=year).values("total")[:1]
    union_path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    share = (RegionWageParams.objects.filter(StartsWith(union_path, F("org__path")), year=year)
             .order_by("-org__depth", "-version").values("ask_denominator")[:1])
    qs = (scoping.orgs_visible_to(actor)
          .annotate(asks=Coalesce(Subquery(asks, output_field=IntegerField()), 0),
                    staff_total=Subquery(total, output_field=IntegerField()),
                    denominator=Coalesce(Subquery(share, output_field=IntegerField()), rules.DEFAULT_ASK_DENOMINATOR))
          .filter(Q(asks__gt=0) | Q(staff_total__isnull=False)))
    if reached == "1":
        qs = qs.alias(reach=F("asks") * F("denominator")).filter(staff_total__gte=1, reach__gte=F("staff_total"))
    return qs


def with_progress(rows) -> list[dict]:
    """The page's unions with their threshold and whether the share is reached (rules; no query)."""
    out = []
    for org in rows:
        total = org.staff_total
        out.append({"org": org, "asks": org.asks, "staff_total": total, "denominator": org.denominator,
                    "threshold": rules.ask_threshold(total, org.denominator) if total else None,
                    "reached": bool(total) and rules.ask_reached(org.asks, total, org.denominator)})
    return out
