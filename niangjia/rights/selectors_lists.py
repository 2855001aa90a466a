"""The rights workbench's long lists as querysets for the list grid (core.grid): employers by risk and the
volunteer desk. Scoped here; the grid only narrows, orders and pages."""

from django.db.models import Case, IntegerField, Value, When

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
