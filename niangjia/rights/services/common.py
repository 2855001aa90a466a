"""Helpers shared by the rights services: calendars, roles, lookups."""

import datetime as dt

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import OrgRole, User
from niangjia.rights import official_calendar, rules
from niangjia.rights.models import Holiday, SlaPolicy

COUNSELLOR_ROLES = frozenset({"lawyer", "psychologist"})


def not_found() -> NotFound:
    return NotFound("未找到该记录，或您无权查看。")


def calendar(around: dt.date | None = None) -> rules.Calendar:
    """The State Council calendar (official_calendar) with the workbench holiday table on top: a table row
    decides its day, whatever the built-in data says (admins correct it and add later years).

    `around` is kept for callers; the whole table is small enough to load at once (one query), and loading it
    all means a long deadline never runs past a window into plain weekdays."""
    off, work = (set(d) for d in official_calendar.official_days())
    for day, is_workday in Holiday.objects.values_list("day", "is_workday"):
        if is_workday:
            work.add(day)
            off.discard(day)
        else:
            off.add(day)
            work.discard(day)
    return rules.Calendar.of(off, work)


def deadlines() -> rules.Deadlines:
    """The workbench deadlines (DeadlinePolicy row 1); the seeded defaults if the row is missing."""
    from niangjia.rights.models import DeadlinePolicy

    row = DeadlinePolicy.objects.filter(pk=1).first()
    if row is None:
        return rules.DEFAULT_DEADLINES
    return rules.Deadlines(**{f: getattr(row, f) for f in rules.DEADLINE_LIMITS})


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


def _nearest_supervisor(org) -> User | None:
    """The rights supervisor set on `org` or, failing that, on its nearest ancestor that has one."""
    from niangjia.rights.models import RightsSupervisor

    rows = {r.org.path: r.supervisor for r in RightsSupervisor.objects.filter(org__path__in=org.ancestor_paths())
            .select_related("org", "supervisor")}
    return rows[max(rows, key=len)] if rows else None


def roster_org_of(user):
    """The org whose duty roster a volunteer lawyer/psychologist serves on (latest shift), else their
    counsellor org."""
    from niangjia.rights.models import Counsellor, DutyShift

    shift = DutyShift.objects.filter(staff_id=user.pk).select_related("org").order_by("-day").first()
    if shift is not None:
        return shift.org
    counsellor = Counsellor.objects.filter(user_id=user.pk).select_related("org").first()
    return counsellor.org if counsellor else None


def overdue_recipients(case) -> list[User]:
    """Who hears that `case` is overdue: the assignee's supervisor.

    A staff assignee (or nobody) → the rights supervisor of the case's org (or nearest above it); a volunteer
    lawyer or psychologist → the supervisor of the org whose duty roster they serve on. With no supervisor set
    (or when the supervisor is the assignee), the admins/approvers above the case's org hear of it instead."""
    org = case.org
    assignee = case.assignee
    if assignee is not None and is_counsellor(assignee) and not is_staff(assignee):
        org = roster_org_of(assignee) or case.org
    boss = _nearest_supervisor(org)
    if boss is not None and boss.is_active and (assignee is None or boss.pk != assignee.pk):
        return [boss]
    return supervisors_of(case.org)


def case_to_link(actor, case_id: int | None):
    """The case a mediation or letter is started from, locked: staff of the case's union only (a volunteer
    assigned to the case cannot open a mediation in the union's name). None without a case."""
    from niangjia.rights.models import Case

    if not case_id:
        return None
    case = Case.objects.select_for_update(of=("self",)).select_related("org", "requester").filter(pk=case_id).first()
    if case is None or not scoping.covers(actor, case.org):
        raise not_found()
    return case


def case_event(case, actor, note: str) -> None:
    """A line on the case's timeline for a linked record (mediation opened, letter issued, agreement)."""
    from niangjia.rights.models import CaseEvent

    if case is not None:
        CaseEvent.objects.create(case=case, actor=actor, kind="link", note=note[:2000])
