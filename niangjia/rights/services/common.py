"""Helpers shared by the rights services: calendars, roles, lookups."""

import datetime as dt

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import OrgRole, User
from niangjia.rights import rules
from niangjia.rights.models import Holiday, SlaPolicy

COUNSELLOR_ROLES = frozenset({"lawyer", "psychologist"})


def not_found() -> NotFound:
    return NotFound("未找到该记录，或您无权查看。")


def calendar(around: dt.date | None = None) -> rules.Calendar:
    qs = Holiday.objects.all()
    if around is not None:
        qs = qs.filter(day__gte=around - dt.timedelta(days=60), day__lte=around + dt.timedelta(days=120))
    holidays, workdays = [], []
    for day, is_workday in qs.values_list("day", "is_workday"):
        (workdays if is_workday else holidays).append(day)
    return rules.Calendar.of(holidays, workdays)


def sla_for(category: str) -> dict[str, int]:
    policy = SlaPolicy.objects.filter(category=category).first()
    if policy is None:
        return dict(rules.DEFAULT_SLA)
    return {"first_response_days": policy.first_response_days, "resolution_days": policy.resolution_days}


def is_staff(actor) -> bool:
    return scoping.has_role(actor, scoping.STAFF_ROLES)


def is_counsellor(actor) -> bool:
    return scoping.has_role(actor, COUNSELLOR_ROLES)


def supervisors_of(org) -> list[User]:
    """Admins and approvers whose role covers `org` (the people who supervise its case handlers)."""
    paths = org.ancestor_paths()
    roles = OrgRole.objects.filter(role__in=["admin", "approver"], org__path__in=paths).select_related("user")
    return list({r.user_id: r.user for r in roles if r.include_subtree or r.org_id == org.pk}.values())


def district_staff_of(org) -> list[User]:
    """Staff of the district federation above `org` (or of the nearest ancestor holding staff)."""
    paths = org.ancestor_paths()
    roles = list(
        OrgRole.objects.filter(role__in=list(scoping.STAFF_ROLES), org__path__in=paths)
        .select_related("user", "org").order_by("-org__path")
    )
    district = [r for r in roles if r.org.level == "district"]
    chosen = district or roles
    return list({r.user_id: r.user for r in chosen}.values())
