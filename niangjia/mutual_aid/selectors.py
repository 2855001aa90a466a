"""Read side of 职工医疗互助: scoped lists and statistics."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from niangjia.core import scoping
from niangjia.core import selectors as core_selectors
from niangjia.core.errors import NotFound
from niangjia.core.models import Attachment
from niangjia.mutual_aid import rules
from niangjia.mutual_aid.models import Claim, Enrolment, EnrolmentBatch, PersonYearTotal, Plan


def active_plans():
    """Published plans (drafts are seen only on the plans page of the workbench)."""
    return list(Plan.objects.filter(is_active=True, status=Plan.Status.PUBLISHED).order_by("-year", "code"))


def phase_of(plan: Plan, today) -> str:
    return rules.plan_phase(plan.status, plan.enrol_start, plan.enrol_end, plan.coverage_start, plan.coverage_end,
                            today)


def _phase_q(phase: str, today) -> Q:
    """`rules.plan_phase` as a filter, so the plans grid pages in the database."""
    published = Q(status=Plan.Status.PUBLISHED)
    live = published & Q(coverage_end__gte=today)
    enrolling = live & (Q(enrol_start__isnull=True) | Q(enrol_end__isnull=True)
                        | Q(enrol_start__lte=today, enrol_end__gte=today))
    return {
        "draft": ~published,
        "closed": published & Q(coverage_end__lt=today),
        "enrolling": enrolling,
        "in_force": live & ~enrolling & Q(coverage_start__lte=today),
        "scheduled": live & ~enrolling & Q(coverage_start__gt=today),
    }.get(phase, Q())


def plans_visible_qs(*, actor, today, year: int | None = None, phase: str = "") -> QuerySet[Plan]:
    """The plans grid: plans of the actor's unions and of the unions above them (a city plan covers its
    districts), not a sibling district's; the number of active enrolments joined in (no query per row)."""
    qs = (Plan.objects.filter(scoping.scope_or_above_q(actor)).select_related("org", "copied_from")
          .annotate(enrolled=Count("enrolments", filter=Q(enrolments__status="active"))))
    if year:
        qs = qs.filter(year=year)
    return qs.filter(_phase_q(phase, today))


def plan_years(*, actor) -> list[tuple[str, str]]:
    years = (Plan.objects.filter(scoping.scope_or_above_q(actor)).order_by("-year")
             .values_list("year", flat=True).distinct())
    return [(str(y), str(y)) for y in years]


def with_phase(plans, *, actor, today) -> list[Plan]:
    """One page of plans with their phase and whether the actor may manage each (in memory, no query)."""
    out = list(plans)
    for plan in out:
        plan.phase = phase_of(plan, today)
        plan.phase_label = rules.PHASES[plan.phase]
        plan.can_manage = scoping.covers(actor, plan.org, roles=scoping.ADMIN_ROLES)
    return out


def plan_for_workbench(*, actor, plan_id: int, today) -> Plan:
    # the grid's scope: the actor's unions and the unions above them, never a sibling district's plan
    plan = (Plan.objects.filter(scoping.scope_or_above_q(actor)).select_related("org", "copied_from")
            .filter(pk=plan_id).first())
    if plan is None or not scoping.has_role(actor):
        raise NotFound("未找到该互助计划。")
    plan.phase = phase_of(plan, today)
    plan.phase_label = rules.PHASES[plan.phase]
    plan.can_manage = scoping.covers(actor, plan.org, roles=scoping.ADMIN_ROLES)
    return plan


def my_plan_year(member, today) -> dict:
    """For a worker's page: the plans of this year they can join, and for each of their enrolments the
    coverage, waiting-period end, and this plan year's paid total against the annual cap."""
    enrolments = enrolments_of(member) if member else []
    enrolled_codes = {(e.plan.code, e.plan.year) for e in enrolments}
    totals = {(t.plan_code, t.plan_year): t for t in PersonYearTotal.objects.filter(
        person_index=member.id_index, plan_year__in={e.plan.year for e in enrolments})} if enrolments else {}
    rows = []
    for e in sorted(enrolments, key=lambda e: (-e.plan.year, e.plan.code)):
        total = totals.get((e.plan.code, e.plan.year))
        cap = rules.annual_cap(e.plan.rules, "inpatient") if e.plan.rules.get("inpatient") else None
        paid = total.inpatient_paid if total else rules.ZERO
        rows.append({"enrolment": e, "plan": e.plan, "phase": phase_of(e.plan, today),
                     "phase_label": rules.PHASES[phase_of(e.plan, today)], "paid": paid, "cap": cap,
                     "remaining": None if cap is None else max(cap - paid, rules.ZERO),
                     "waiting_last_day": e.waiting_until - dt.timedelta(days=1) if e.first_time else None,
                     "serious_used": bool(total and total.serious_count)})
    joinable = [p for p in active_plans() if rules.can_enrol(phase_of(p, today))
                and (p.code, p.year) not in enrolled_codes and p.year >= today.year]
    return {"rows": rows, "joinable": joinable}


def enrolments_of(member) -> list[Enrolment]:
    return list(Enrolment.objects.filter(person_index=member.id_index, status="active").select_related("plan", "org"))


def my_enrolment(*, member, enrolment_id: int) -> Enrolment:
    """One of the member's own enrolments (matched on the person, so it survives a transfer)."""
    enrolment = Enrolment.objects.select_related("plan", "org").filter(
        pk=enrolment_id, person_index=getattr(member, "id_index", None)).first()
    if enrolment is None:
        raise NotFound("未找到该参保记录。")
    return enrolment


def enrolment_for_certificate(*, enrolment_id: int) -> Enrolment | None:
    """The enrolment behind a signed certificate token (the signature is the access check)."""
    return Enrolment.objects.select_related("plan", "org", "member").filter(pk=enrolment_id).first()


def enrolment_candidates(*, actor, plan_id: int, org_id: int, limit: int = 500) -> list:
    """Active members of a visible org who are not yet enrolled in the plan."""
    taken = Enrolment.objects.filter(plan_id=plan_id, status="active").values("person_index")
    return list(core_selectors.members_visible_to(actor=actor, org_id=org_id, status="active")
                .exclude(id_index__in=taken)[:limit])


def claims_of(user) -> list[Claim]:
    return list(Claim.objects.filter(member__user=user).select_related("plan").order_by("-id"))


def claim_of(user, claim_id: int) -> Claim:
    claim = Claim.objects.select_related("plan", "member", "org").filter(pk=claim_id, member__user=user).first()
    if claim is None:
        raise NotFound("未找到该申请。")
    return claim


def claims_for_review(*, actor, status: str = "") -> list[Claim]:
    """Two queries whatever the number of claims and photos (asserted in tests): the claims, their photos."""
    return list(claims_for_review_qs(actor=actor, status=status).order_by("id")[:200])


def claims_for_review_qs(*, actor, status: str = "") -> QuerySet[Claim]:
    """The review queue as a queryset for the workbench grid (which sorts, searches and pages it)."""
    qs = (Claim.objects.filter(scoping.scope_q(actor)).select_related("member", "org", "plan", "first_approver")
          .prefetch_related(Prefetch("photos", queryset=Attachment.objects.order_by("id"))))
    if status == "all":
        return qs
    if status:
        return qs.filter(status=status)
    return qs.filter(status__in=["submitted", "first_approved"])


def claims_by_ids(*, actor, ids) -> QuerySet[Claim]:
    """Selected claims of any status the actor can see (export selected); others' ids are dropped."""
    return (Claim.objects.filter(scoping.scope_q(actor), pk__in=ids).select_related("member", "org", "plan")
            .order_by("pk"))


def open_claims_by_ids(*, actor, ids) -> QuerySet[Claim]:
    """Selected claims the actor can see that still wait for a decision (bulk reject); the rest are skipped."""
    return claims_by_ids(actor=actor, ids=ids).filter(status__in=["submitted", "first_approved"])


def claims_waiting_count(*, actor) -> int:
    return Claim.objects.filter(scoping.scope_q(actor), status__in=["submitted", "first_approved"]).count()

def batches_visible_to(*, actor) -> list[EnrolmentBatch]:
    return list(batches_qs(actor=actor)[:100])


def batches_qs(*, actor, paid: str = ""):
    """Enrolment (premium) batches in scope, for the 保费缴纳 grid; `paid` = "yes" / "no" narrows by payment."""
    qs = EnrolmentBatch.objects.filter(scoping.scope_q(actor)).select_related("plan", "org")
    if paid == "yes":
        qs = qs.filter(paid_on__isnull=False)
    elif paid == "no":
        qs = qs.filter(paid_on__isnull=True)
    return qs.order_by("-id")



def statistics(*, actor) -> dict:
    """Enrolments, premiums, claims and payouts by plan, org and month, plus the loss ratio."""
    enrol = Enrolment.objects.filter(scoping.scope_q(actor), status="active")
    claims = Claim.objects.filter(scoping.scope_q(actor))
    by_plan = []
    for row in enrol.values("plan__code", "plan__name").annotate(n=Count("id"), premium=Sum("premium")):
        paid = claims.filter(plan__code=row["plan__code"], status__in=["approved", "paid"]).aggregate(
            s=Sum("approved_amount"), n=Count("id"))
        row["claims"] = paid["n"]
        row["payout"] = paid["s"] or 0
        row["loss_ratio"] = (row["payout"] / row["premium"] * 100) if row["premium"] else None
        by_plan.append(row)
    by_org = list(
        enrol.values("org__name").annotate(n=Count("id"), premium=Sum("premium")).order_by("-n")[:50]
    )
    payout_by_org = {
        r["org__name"]: r["s"]
        for r in claims.filter(status__in=["approved", "paid"]).values("org__name").annotate(s=Sum("approved_amount"))
    }
    for row in by_org:
        row["payout"] = payout_by_org.get(row["org__name"], 0)
    by_month = list(
        claims.annotate(m=TruncMonth("admitted_on")).values("m").annotate(
            n=Count("id"), payout=Sum("approved_amount", filter=Q(status__in=["approved", "paid"]))
        ).order_by("m")
    )
    return {"by_plan": by_plan, "by_org": by_org, "by_month": by_month}


def my_business_items(user) -> list:
    """The worker's mutual-aid claims as 我的办事 rows (one query)."""
    from django.urls import reverse

    from niangjia.core.my_business import BusinessItem, T

    waiting = {
        Claim.Status.SUBMITTED: (T["first_review"], T["your_union"]),
        Claim.Status.FIRST_APPROVED: (T["final_approval"], T["your_union"]),
        Claim.Status.APPROVED: (T["awaiting_payment"], T["finance"]),
    }
    items = []
    for claim in claims_of(user)[:50]:
        stage, holder = waiting.get(claim.status, (claim.get_status_display(), ""))
        rejected = claim.status == Claim.Status.REJECTED
        items.append(BusinessItem(
            number=T["number"] % {"n": claim.pk}, kind=str(T["mutual_aid"]), code="mutual_aid",
            title=f"{claim.plan.name} · {claim.get_kind_display()}", stage=str(stage),
            url=reverse("mutual_aid:claim_detail", args=[claim.pk]), created_at=claim.created_at,
            pending=claim.status in waiting, rejected=rejected, holder=str(holder),
            next_step=(str(T["message_when_decided"]) if claim.status in waiting
                       else str(T["after_rejection"]) if rejected else "")))
    return items


def claim_status_choices() -> list[tuple[str, str]]:
    return list(Claim.Status.choices)


def claim_status_page(claim: Claim) -> dict:
    """The claim's steps done and still to come, and whom to ask, for the worker's status page."""
    from niangjia.core import selectors as core_selectors

    S = Claim.Status
    order = [S.SUBMITTED, S.FIRST_APPROVED, S.APPROVED, S.PAID]
    reached = order.index(claim.status) if claim.status in order else -1
    steps = [{"label": label, "done": claim.status != S.REJECTED and i <= reached}
             for i, (status, label) in enumerate((s, s.label) for s in order)]
    return {"steps": steps, "contact": core_selectors.union_contact(claim.org)}


def enrolments_visible_to(*, actor, plan_id: int | None = None, status: str = "") -> QuerySet[Enrolment]:
    """Enrolments of the unions in the actor's scope (the 参保名单 grid and its export)."""
    qs = Enrolment.objects.filter(scoping.scope_q(actor)).select_related("member", "org", "plan")
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if status in Enrolment.Status.values:
        qs = qs.filter(status=status)
    return qs


def for_export(qs: QuerySet[Enrolment], limit: int) -> QuerySet[Enrolment]:
    """The export's order: by union, then name (how a union's finance office checks a list)."""
    return qs.order_by("org__name", "member__name", "pk")[:limit]


def plan_choices() -> list[tuple[str, str]]:
    return [(str(p.pk), f"{p.year} {p.name}") for p in Plan.objects.exclude(status="draft").order_by("-year", "code")]


def enrolment_status_choices() -> list[tuple[str, str]]:
    return list(Enrolment.Status.choices)
