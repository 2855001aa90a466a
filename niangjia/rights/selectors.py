"""Reads of the rights app, scoped to the actor and query-bounded."""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from niangjia.core import formats, scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import OrgRole
from niangjia.rights import rules
from niangjia.rights.models import (
    Appointment,
    Case,
    CaseEvent,
    Category,
    Counsellor,
    DutyShift,
    KnowledgeArticle,
    Mediation,
    MediationAgreement,
    Slot,
    SupervisionLetter,
)
from niangjia.rights.services.common import deadlines, not_found

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
    return list(CaseEvent.objects.filter(case=case).select_related("actor").prefetch_related("attachments")
                .order_by("id"))


def my_cases(user, *, status: str = "") -> QuerySet[Case]:
    qs = Case.objects.filter(requester=user).order_by("-id")
    return qs.filter(status=status) if status else qs


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
    channels = dict(Case.Channel.choices)
    return {
        "total": len(rows),
        "by_category": [(labels.get(k, k), v) for k, v in by_cat.most_common()],
        "by_channel": [(str(channels.get(k, k)), v) for k, v in sorted(by_channel.items())],
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


def casework_statistics(*, actor, since: dt.date | None = None, until: dt.date | None = None,
                        org=None) -> dict:
    """Supervision letters by kind and mediation outcomes (disputes resolved, amount recovered for workers),
    by month and by union, within the actor's scope (and `org`'s subtree when given). Two queries."""
    from decimal import Decimal

    from niangjia.rights.models import MediationAgreement, SupervisionLetter

    letters = SupervisionLetter.objects.filter(scoping.scope_q(actor))
    agreed = MediationAgreement.objects.filter(scoping.scope_q(actor, org_field="mediation__org"),
                                               mediation__status="agreed")
    if org is not None:
        letters = letters.filter(org.subtree_q(prefix="org__"))
        agreed = agreed.filter(org.subtree_q(prefix="mediation__org__"))
    if since:
        letters = letters.filter(created_at__date__gte=since)
        agreed = agreed.filter(created_at__date__gte=since)
    if until:
        letters = letters.filter(created_at__date__lte=until)
        agreed = agreed.filter(created_at__date__lte=until)
    kinds = [k for k, _label in SupervisionLetter.Kind.choices]
    months: set[str] = set()
    letter_month: Counter = Counter()
    letter_org: dict[str, Counter] = {}
    for kind, created, org_name in letters.values_list("kind", "created_at", "org__name"):
        month = timezone.localtime(created).strftime("%Y-%m")
        months.add(month)
        letter_month[(kind, month)] += 1
        letter_org.setdefault(org_name, Counter())[kind] += 1
    resolved_month: Counter = Counter()
    amount_month: dict[str, Decimal] = {}
    med_org: dict[str, list] = {}
    for created, amount, org_name in agreed.values_list("created_at", "total_amount", "mediation__org__name"):
        month = timezone.localtime(created).strftime("%Y-%m")
        months.add(month)
        resolved_month[month] += 1
        amount_month[month] = amount_month.get(month, Decimal("0")) + amount
        row = med_org.setdefault(org_name, [0, Decimal("0")])
        row[0] += 1
        row[1] += amount
    month_list = sorted(months)
    labels = dict(SupervisionLetter.Kind.choices)
    by_org = sorted(letter_org.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:20]
    med_rows = sorted(med_org.items(), key=lambda kv: (-kv[1][1], kv[0]))[:20]
    return {
        "months": month_list,
        "kinds": [{"kind": k, "label": labels[k]} for k in kinds],
        "letters_by_month": {k: [letter_month[(k, m)] for m in month_list] for k in kinds},
        "letters_total": {k: sum(letter_month[(k, m)] for m in month_list) for k in kinds},
        "letters_by_org": [{"org": name, **{k: c[k] for k in kinds}} for name, c in by_org],
        "resolved_by_month": [resolved_month[m] for m in month_list],
        "recovered_by_month": [amount_month.get(m, Decimal("0")) for m in month_list],
        "mediation_by_org": [{"org": name, "resolved": n, "recovered": amount} for name, (n, amount) in med_rows],
        "resolved": sum(resolved_month.values()),
        "recovered": sum(amount_month.values(), Decimal("0")),
    }


# --- workbench settings ------------------------------------------------------------------------------


def may_reopen(case, now) -> bool:
    return rules.may_reopen(case.status, case.resolved_at, now, reopen_days=deadlines().reopen_days)


def deadline_table() -> list[dict]:
    """The workbench deadlines with their labels and allowed ranges."""
    current = deadlines()
    return [{"field": f, "label": label, "min": lo, "max": hi, "value": getattr(current, f),
             "default": getattr(rules.DEFAULT_DEADLINES, f)}
            for f, (lo, hi, label) in rules.DEADLINE_LIMITS.items()]


def working_calendar() -> rules.Calendar:
    """The platform's one working-day calendar (the State Council notices plus the workbench holiday table),
    for other apps' deadlines: it answers `is_working_day(day)`. One query."""
    from niangjia.rights.services.common import calendar

    return calendar()


def calendar_years(today: dt.date) -> list[dict]:
    """Per year from 2020 to next year: how the working-day calendar knows it (the notice in the built-in
    data, statutory days only, or nothing) and how many workbench rows adjust it."""
    from niangjia.rights import official_calendar
    from niangjia.rights.models import Holiday

    built_in = official_calendar.covered_years()
    rows = Counter(d.year for d in Holiday.objects.values_list("day", flat=True))
    return [{"year": y, "source": built_in.get(y, "none"), "rows": rows.get(y, 0)}
            for y in range(official_calendar.FIRST_YEAR, today.year + 2)]


def sla_table() -> list[dict]:
    """Every category with its service levels (the defaults where none is set)."""
    from niangjia.rights.models import Category, SlaPolicy

    set_ = {p.category: p for p in SlaPolicy.objects.all()}
    out = []
    for value, label in Category.choices:
        p = set_.get(value)
        out.append({"category": value, "label": label, "custom": p is not None,
                    "first_response_days": p.first_response_days if p else rules.DEFAULT_SLA["first_response_days"],
                    "resolution_days": p.resolution_days if p else rules.DEFAULT_SLA["resolution_days"]})
    return out


def supervisor_choices(*, actor) -> tuple[list, list]:
    """(orgs the actor administers, excluding grassroots; staff-role holders there) for the settings form."""
    from niangjia.core.models import OrgRole

    orgs = list(scoping.orgs_visible_to(actor, roles=scoping.ADMIN_ROLES).exclude(level="grassroots")
                .order_by("path")[:100])
    roles = (OrgRole.objects.filter(scoping.scope_q(actor, roles=scoping.ADMIN_ROLES),
                                    role__in=list(scoping.STAFF_ROLES))
             .select_related("user", "org").order_by("org__path", "user_id"))
    users = list({r.user_id: r for r in roles}.values())[:200]
    return orgs, users


def risk_map(*, actor) -> dict:
    """Employers by risk level, grouped by area (a grassroots union's street/parent, else the org itself):
    the map-like tiles and the charts of the early-warning page. One query."""
    from niangjia.rights.models import RiskAlert

    order = {"red": 0, "yellow": 1, "green": 2}
    rows = sorted(RiskAlert.objects.filter(scoping.scope_q(actor)).select_related("org__parent"),
                  key=lambda r: (order.get(r.level, 3), r.employer_name))
    areas: dict[int, dict] = {}
    for r in rows:
        area = r.org.parent if r.org.level == "grassroots" and r.org.parent_id else r.org
        a = areas.setdefault(area.pk, {"name": area.name, "red": 0, "yellow": 0, "green": 0, "employers": []})
        a[r.level] = a.get(r.level, 0) + 1
        a["employers"].append(r)
    tiles = sorted(areas.values(), key=lambda a: (-a["red"], -a["yellow"], a["name"]))
    return {
        "rows": rows,
        "areas": tiles,
        "counts": {lvl: sum(1 for r in rows if r.level == lvl) for lvl in ("red", "yellow", "green")},
        "chart": {"areas": [a["name"] for a in tiles],
                  **{lvl: [a[lvl] for a in tiles] for lvl in ("red", "yellow", "green")}},
    }


def volunteers_visible_to(*, actor) -> list[Counsellor]:
    """Volunteer lawyers and psychologists of the unions the actor administers."""
    from niangjia.rights.selectors_lists import volunteers_qs

    return list(volunteers_qs(actor=actor)[:500])


# --- pages (views and API modules import no models; conventions §1-2) ------------------------------

CATEGORY_CHOICES = Category.choices
CONTACT_CHOICES = Case.Contact.choices
COUNSELLOR_KIND_CHOICES = Counsellor.Kind.choices
SHIFT_CHOICES = DutyShift.Shift.choices
SLOT_MODE_CHOICES = Slot.Mode.choices
LETTER_KIND_CHOICES = SupervisionLetter.Kind.choices
HANDLER_ROLES = ["staff", "approver", "admin", "lawyer", "psychologist"]


def article_by_id(article_id: int) -> KnowledgeArticle | None:
    """Knowledge-base articles are public (the search page links to them)."""
    return KnowledgeArticle.objects.filter(pk=article_id).first()


def my_mediations(user, *, limit: int = 20) -> list[Mediation]:
    return list(Mediation.objects.filter(worker=user).order_by("-id")[:limit])


def appointment_for_note(appointment_id: int) -> Appointment | None:
    """Call after `appointments.read_note`, which checks and audits access to the appointment."""
    return Appointment.objects.select_related("slot__counsellor").filter(pk=appointment_id).first()


def case_assignees(case: Case) -> list[tuple]:
    """Who may take the case: holders of a handling role at its union or above, each once."""
    roles = (OrgRole.objects.filter(org__path__in=case.org.ancestor_paths(), role__in=HANDLER_ROLES)
             .select_related("user").order_by("role"))
    return list({r.user_id: (r.user, r.get_role_display()) for r in roles}.values())


def staff_of_orgs(orgs) -> list:
    """Each staff account holding a role at one of `orgs`, once (the duty roster's choice list)."""
    roles = (OrgRole.objects.filter(org__in=orgs, role__in=list(scoping.STAFF_ROLES)).select_related("user")
             .order_by("user_id"))
    return list({r.user_id: r.user for r in roles}.values())


def letters_overview(*, actor, today: dt.date, limit: int = 200) -> dict:
    qs = SupervisionLetter.objects.filter(scoping.scope_q(actor)).select_related("org")
    by_kind = dict(qs.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {"by_kind": by_kind}


def letters_for_grid(*, actor, kind: str = "", answer: str = "", today: dt.date | None = None):
    """The letters grid: kind and answer filters (answered / waiting / overdue), the case number joined."""
    today = today or timezone.localdate()
    qs = SupervisionLetter.objects.filter(scoping.scope_q(actor)).select_related("org", "case")
    if kind in SupervisionLetter.Kind.values:
        qs = qs.filter(kind=kind)
    if answer == "answered":
        qs = qs.filter(responded_on__isnull=False)
    elif answer == "waiting":
        qs = qs.filter(responded_on__isnull=True)
    elif answer == "overdue":
        qs = qs.filter(responded_on__isnull=True, answer_due__lt=today)
    return qs


def mediations_for_grid(*, actor, status: str = ""):
    qs = Mediation.objects.filter(scoping.scope_q(actor)).select_related("org", "case")
    if status in Mediation.Status.values:
        qs = qs.filter(status=status)
    return qs


MEDIATION_STATUS_CHOICES = Mediation.Status.choices


def access_letter(*, actor, letter_id: int) -> SupervisionLetter:
    letter = SupervisionLetter.objects.filter(pk=letter_id).select_related("org", "case").first()
    if letter is None or not scoping.covers(actor, letter.org):
        raise not_found()
    return letter


def mediations_overview(*, actor, limit: int = 200) -> dict:
    """The mediation list with its counters: agreed cases and amounts recovered, by union."""
    qs = Mediation.objects.filter(scoping.scope_q(actor)).select_related("org")
    agreed = MediationAgreement.objects.filter(scoping.scope_q(actor, org_field="mediation__org"),
                                               mediation__status="agreed")
    by_org = list(agreed.values("mediation__org__name").annotate(n=Count("id"), amount=Sum("total_amount"))
                  .order_by("-amount"))
    return {
        "resolved": agreed.count(),
        "recovered": agreed.aggregate(s=Sum("total_amount"))["s"] or Decimal("0"), "by_org": by_org,
        "counts": dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n")),
    }


def mediation_details(m: Mediation) -> dict:
    agreement = MediationAgreement.objects.filter(mediation=m).first()
    return {"claims": list(m.claims.all()), "sessions": list(m.sessions.all()), "agreement": agreement,
            "instalments": list(agreement.instalments.all()) if agreement else []}


def admin_org_by_id(*, actor, org_id: int):
    """An org the actor administers (settings pages); otherwise NotFound."""
    org = scoping.orgs_visible_to(actor, roles=scoping.ADMIN_ROLES).filter(pk=org_id).first()
    if org is None:
        raise not_found()
    return org
def my_business_items(user) -> list:
    """The worker's help cases and counsellor bookings as 我的办事 rows (two queries)."""
    from django.urls import reverse
    from django.utils import timezone

    from niangjia.core.my_business import BusinessItem, T

    items = []
    for case in my_cases(user).select_related("org")[:50]:
        open_ = case.status in ("new", "assigned", "in_progress")
        answered = case.first_response_at is not None
        items.append(BusinessItem(
            number=case.number, kind=str(T["help"]), code="help", title=case.get_category_display(),
            stage=case.get_status_display(), url=reverse("rights:case", args=[case.pk]), created_at=case.created_at,
            pending=open_, holder=case.org.name if open_ else "",
            expected=("" if answered or not open_ else
                      T["contact_by"] % {"day": formats.day(case.first_response_due)}),
            next_step=str(T["add_messages"]) if open_ else str(T["rate"])))
    now = timezone.now()
    for a in my_appointments(user)[:20]:
        upcoming = a.cancelled_at is None and a.slot.starts_at > now
        items.append(BusinessItem(
            number=T["number"] % {"n": a.pk}, kind=str(T["booking"]), code="booking", title=a.slot.counsellor.display_name,
            stage=str(T["cancelled"] if a.cancelled_at else T["booked"] if upcoming else T["done"]),
            url=reverse("rights:appointments"), created_at=a.created_at, pending=upcoming,
            expected=formats.moment(a.slot.starts_at) if upcoming else "",
            next_step=str(T["come_on_time"]) if upcoming else ""))
    return items


def case_evidence(case: Case) -> list:
    """What the worker sent with the case and its messages (one query)."""
    return list(case.attachments.order_by("id"))


def open_slot(slot_id: int) -> Slot:
    """A free, future slot of an active counsellor (what the booking confirmation shows), else 404."""
    slot = open_slots().filter(pk=slot_id).first()
    if slot is None:
        raise NotFound("这个时段已经被约走或已经过去，请选择其他时段。")
    return slot


def my_appointment(user, appointment_id: int) -> Appointment:
    appt = (Appointment.objects.select_related("slot__counsellor")
            .filter(pk=appointment_id, worker=user, cancelled_at__isnull=True).first())
    if appt is None:
        raise NotFound("未找到这次预约。")
    return appt
