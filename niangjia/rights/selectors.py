"""Reads of the rights app, scoped to the actor and query-bounded."""

import datetime as dt
from collections import Counter

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from niangjia.core import scoping
from niangjia.rights import rules
from niangjia.rights.models import Appointment, Case, CaseEvent, Counsellor, DutyShift, Slot
from niangjia.rights.services.common import not_found

OPEN_STATUSES = ("new", "assigned", "in_progress")


def case_scope_q(actor) -> Q:
    """Cases the actor may see: their own, those assigned to them, and (staff) those in their orgs.

    A volunteer lawyer or psychologist holds no staff role, so only the first two apply to them.
    """
    if actor is None or not actor.is_authenticated:
        return Q(pk__in=[])
    return Q(requester_id=actor.pk) | Q(assignee_id=actor.pk) | scoping.scope_q(actor, roles=scoping.STAFF_ROLES)


def access_case(*, actor, case_id: int) -> Case:
    case = (Case.objects.select_related("org", "assignee", "requester").filter(case_scope_q(actor))
            .filter(pk=case_id).first())
    if case is None:
        raise not_found()
    return case


def may_read_attachment(actor, attachment_id: int) -> bool:
    """A case's assignee (a volunteer lawyer or psychologist) may open the files attached to it."""
    if actor is None or not actor.is_authenticated:
        return False
    return Case.objects.filter(assignee_id=actor.pk, attachments__id=attachment_id).exists()


def case_timeline(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("id"))


def my_cases(user) -> QuerySet[Case]:
    return Case.objects.filter(requester=user).order_by("-id")


def staff_queue(*, actor, status: str = "", overdue: bool = False, category: str = "", mine: bool = False
                ) -> QuerySet[Case]:
    """The workbench queue: one query per page whatever its size (org, assignee joined)."""
    staff_q = scoping.scope_q(actor, roles=scoping.STAFF_ROLES) if scoping.has_role(actor) else Q(pk__in=[])
    qs = Case.objects.filter(staff_q | Q(assignee_id=actor.pk)).select_related("org", "assignee")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if mine:
        qs = qs.filter(assignee_id=actor.pk)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, resolution_due__lt=timezone.localdate())
    return qs.order_by("resolution_due", "-id")


def mark_overdue(cases, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    for c in cases:
        c.overdue = rules.is_overdue(c.status, c.resolution_due, today)
        c.response_overdue = c.first_response_at is None and rules.is_overdue(c.status, c.first_response_due, today)


def open_slots(*, kind: str = "", now=None) -> QuerySet[Slot]:
    now = now or timezone.now()
    taken = Appointment.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)
    qs = (Slot.objects.filter(starts_at__gt=now, counsellor__active=True).annotate(taken=Exists(taken))
          .filter(taken=False).select_related("counsellor"))
    if kind:
        qs = qs.filter(counsellor__kind=kind)
    return qs.order_by("starts_at")


def my_appointments(user) -> QuerySet[Appointment]:
    return (Appointment.objects.filter(worker=user).select_related("slot__counsellor")
            .order_by("-slot__starts_at"))


def counsellor_appointments(user) -> QuerySet[Appointment]:
    return (Appointment.objects.filter(slot__counsellor__user=user, cancelled_at__isnull=True)
            .select_related("slot", "worker").order_by("slot__starts_at"))


def counsellor_of(user) -> Counsellor | None:
    return Counsellor.objects.filter(user_id=user.pk, active=True).first()


def duty_roster(*, actor, start: dt.date, days: int = 7) -> list[DutyShift]:
    return list(DutyShift.objects.filter(scoping.scope_q(actor), day__gte=start,
                                         day__lt=start + dt.timedelta(days=days))
                .select_related("staff", "org").order_by("day", "shift"))


def case_statistics(*, actor, since: dt.date | None = None, until: dt.date | None = None) -> dict:
    qs = Case.objects.filter(scoping.scope_q(actor))
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    rows = list(qs.values_list("category", "channel", "created_at", "first_response_at", "resolved_at",
                               "resolution_due", "status", "rating", "org__name"))
    today = timezone.localdate()
    by_cat, by_channel, by_month, by_org = Counter(), Counter(), Counter(), Counter()
    first_h, resolve_h, ratings = [], [], []
    breached = 0
    for cat, channel, created, first, resolved, due, status, rating, org_name in rows:
        by_cat[cat] += 1
        by_channel[channel] += 1
        by_month[timezone.localtime(created).strftime("%Y-%m")] += 1
        by_org[org_name] += 1
        if first:
            first_h.append((first - created).total_seconds() / 3600)
        if resolved:
            resolve_h.append((resolved - created).total_seconds() / 3600)
            if timezone.localdate(resolved) > due:
                breached += 1
        elif rules.is_overdue(status, due, today):
            breached += 1
        if rating:
            ratings.append(rating)
    labels = dict(Case._meta.get_field("category").choices)
    return {
        "total": len(rows),
        "by_category": [(labels.get(k, k), v) for k, v in by_cat.most_common()],
        "by_channel": sorted(by_channel.items()),
        "by_month": sorted(by_month.items()),
        "by_org": by_org.most_common(20),
        "first_response_median_h": rules.percentile(first_h, 50),
        "first_response_p90_h": rules.percentile(first_h, 90),
        "resolution_median_h": rules.percentile(resolve_h, 50),
        "resolution_p90_h": rules.percentile(resolve_h, 90),
        "sla_breach_rate": (breached / len(rows)) if rows else None,
        "satisfaction_avg": (sum(ratings) / len(ratings)) if ratings else None,
        "ratings": len(ratings),
    }
