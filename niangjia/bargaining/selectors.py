"""Reads of collective bargaining, scoped: staff see the negotiations of unions in their subtree; a member sees
the negotiations of their own union (stage, agreement, their own opinions). Missing and out of scope both raise
NotFound, so ids do not leak."""

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum

from niangjia.bargaining import rules
from niangjia.bargaining.models import Agreement, Negotiation, Offer, Opinion, Position, Representative, Round
from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.selectors import active_membership_of


def not_found() -> NotFound:
    return NotFound("未找到这项集体协商，或您无权查看。")


def working_calendar():
    """The platform's working-day calendar (State Council notices + the workbench holiday table)."""
    from niangjia.rights import selectors as rights_selectors

    return rights_selectors.working_calendar()


# --- staff -----------------------------------------------------------------------------------------


def negotiations_for_staff(*, actor, stage: str = "") -> QuerySet[Negotiation]:
    """The workbench grid: one query per page (offer and agreement joined)."""
    qs = (Negotiation.objects.filter(scoping.scope_q(actor)).select_related("org", "offer", "agreement"))
    if stage in rules.STAGE_LABELS:
        qs = qs.filter(stage=stage)
    return qs


def access_negotiation(*, actor, negotiation_id: int, for_update: bool = False) -> Negotiation:
    """Staff in scope only (the union that bargains or a level above it)."""
    qs = Negotiation.objects.select_related("org")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    negotiation = qs.filter(pk=negotiation_id).first()
    if negotiation is None or not scoping.covers(actor, negotiation.org):
        raise not_found()
    return negotiation


EMPLOYER_ROLES = frozenset({"employer"})


def access_negotiation_as_party(*, actor, negotiation_id: int, for_update: bool = False) -> tuple[Negotiation, str]:
    """Union staff in scope ("union") or the employer's representative (role `employer` at the bargaining union,
    "employer"). Anyone else: NotFound."""
    qs = Negotiation.objects.select_related("org")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    negotiation = qs.filter(pk=negotiation_id).first()
    if negotiation is not None:
        if scoping.covers(actor, negotiation.org):
            return negotiation, "union"
        if scoping.covers(actor, negotiation.org, roles=EMPLOYER_ROLES):
            return negotiation, "employer"
    raise not_found()


def employer_orgs(*, actor) -> list:
    """The grassroots unions at which the actor represents the employer (where it may send a 要约)."""
    return list(scoping.orgs_visible_to(actor, roles=EMPLOYER_ROLES).filter(level="grassroots").order_by("name")[:50])


def access_org_as_party(*, actor, org_id: int) -> tuple:
    """The grassroots union a proposal is recorded at, and the actor's side there: union staff in scope
    ("union") or the employer's representative ("employer"). Anyone else: NotFound."""
    from niangjia.core.models import Org

    org = Org.objects.filter(pk=org_id).first()
    if org is not None:
        if scoping.covers(actor, org):
            return org, "union"
        if scoping.covers(actor, org, roles=EMPLOYER_ROLES):
            return org, "employer"
    raise NotFound("未找到这个工会，或您无权在此发起协商。")


def access_round_as_party(*, actor, round_id: int, for_update: bool = False) -> tuple[Round, str]:
    """A round for union staff in scope ("union") or the employer's representative ("employer")."""
    qs = Round.objects.select_related("negotiation__org")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    rnd = qs.filter(pk=round_id).first()
    if rnd is not None:
        if scoping.covers(actor, rnd.negotiation.org):
            return rnd, "union"
        if scoping.covers(actor, rnd.negotiation.org, roles=EMPLOYER_ROLES):
            return rnd, "employer"
    raise NotFound("未找到这一轮协商，或您无权查看。")


def negotiations_for_employer(*, actor) -> list[Negotiation]:
    """The employer representative's negotiations (their union's), newest first."""
    return list(Negotiation.objects.filter(scoping.scope_q(actor, roles=EMPLOYER_ROLES))
                .select_related("org", "offer", "agreement").order_by("-id")[:50])


def access_round(*, actor, round_id: int, for_update: bool = False) -> Round:
    qs = Round.objects.select_related("negotiation__org")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    rnd = qs.filter(pk=round_id).first()
    if rnd is None or not scoping.covers(actor, rnd.negotiation.org):
        raise NotFound("未找到这一轮协商，或您无权查看。")
    return rnd


def offer_of(negotiation: Negotiation) -> Offer | None:
    return Offer.objects.filter(negotiation=negotiation).first()


def agreement_of(negotiation: Negotiation) -> Agreement | None:
    return Agreement.objects.filter(negotiation=negotiation).prefetch_related("attachments").first()


def representatives_of(negotiation: Negotiation) -> list[Representative]:
    return list(negotiation.representatives.all())


def team_counts(representatives: list[Representative]) -> tuple[dict[str, int], dict[str, int]]:
    counts = dict.fromkeys(rules.SIDES, 0)
    chiefs = dict.fromkeys(rules.SIDES, 0)
    for r in representatives:
        counts[r.side] += 1
        chiefs[r.side] += int(r.is_chief)
    return counts, chiefs


def rounds_of(negotiation: Negotiation) -> list[Round]:
    return list(negotiation.rounds.prefetch_related("attachments").order_by("number"))


def positions_of(negotiation: Negotiation) -> list[Position]:
    return list(negotiation.positions.select_related("round").order_by("created_at", "id"))


def opinions_of(negotiation: Negotiation, *, limit: int = 200) -> list[Opinion]:
    return list(negotiation.opinions.select_related("user").order_by("-id")[:limit])


def history_of(negotiation: Negotiation) -> list:
    return list(negotiation.stage_changes.select_related("actor").order_by("id"))


def detail(negotiation: Negotiation, *, today: dt.date) -> dict:
    """Everything the staff page and the API detail show, in a fixed number of queries."""
    offer = offer_of(negotiation)
    agreement = agreement_of(negotiation)
    reps = representatives_of(negotiation)
    counts, chiefs = team_counts(reps)
    positions = positions_of(negotiation)
    region = region_params_for(negotiation.org, negotiation.year)
    for p in positions:
        p.region_notes = _region_notes(region, p.terms())
    if agreement is not None:
        agreement.region_notes = _region_notes(region, agreement.terms())
    return {
        "region_params": region, "workers_vote": workers_vote_view(workers_vote_of(negotiation)),
        "negotiation": negotiation, "offer": offer, "agreement": agreement, "representatives": reps,
        "team_counts": counts, "team_problems": rules.team_problems(counts, chiefs),
        "rounds": rounds_of(negotiation), "positions": positions,
        "deadlines": deadlines_of(negotiation, offer, agreement, today=today),
        "stage_label": rules.STAGE_LABELS.get(negotiation.stage, negotiation.stage),
    }


def deadlines_of(negotiation: Negotiation, offer: Offer | None, agreement: Agreement | None, *,
                 today: dt.date) -> list[dict]:
    """The statutory deadlines of this negotiation, each with its state (ok / due / overdue / done)."""
    rows = []
    if offer is not None:
        rows.append({"key": "offer_reply", "label": "要约书面回应（收到之日起 20 日内）", "due": offer.reply_due,
                     "state": rules.deadline_state(offer.reply_due, today, done=offer.answered_on is not None)})
    if negotiation.talks_due:
        rows.append({"key": "talks_start", "label": "开始协商（回应后 10 个工作日内，地方规定）",
                     "due": negotiation.talks_due,
                     "state": rules.deadline_state(negotiation.talks_due, today,
                                                   done=negotiation.stage not in ("preparing",))})
    if agreement is not None and agreement.filing_due:
        rows.append({"key": "filing", "label": "报送劳动保障行政部门审查（签字之日起 10 日内）",
                     "due": agreement.filing_due,
                     "state": rules.deadline_state(agreement.filing_due, today,
                                                   done=agreement.filed_received_on is not None)})
    if agreement is not None and agreement.objection_end:
        rows.append({"key": "objection", "label": "审查期（收到文本之日起 15 日内无异议即生效）",
                     "due": agreement.objection_end,
                     "state": "done" if negotiation.stage in ("effective", "objected", "expired") else
                     ("ok" if today <= agreement.objection_end else "due")})
    if agreement is not None and agreement.renewal_notice_on and negotiation.stage == "effective":
        rows.append({"key": "renewal", "label": "合同到期续签提醒（到期前 60 日）", "due": agreement.term_end,
                     "state": "due" if today >= agreement.renewal_notice_on else "ok"})
    return rows


# --- to-do centre (counts and rows in one query each) ----------------------------------------------


def offers_awaiting_answer(*, actor) -> QuerySet[Offer]:
    return (Offer.objects.filter(scoping.scope_q(actor, org_field="negotiation__org"),
                                 answered_on__isnull=True, negotiation__stage="offer")
            .select_related("negotiation__org").order_by("reply_due", "id"))


def agreements_to_file(*, actor) -> QuerySet[Agreement]:
    return (Agreement.objects.filter(scoping.count_scope_q(actor, model=Agreement), negotiation__stage="signed")
            .select_related("org", "negotiation").order_by("filing_due", "id"))


def agreements_due_for_renewal(*, actor, today: dt.date) -> QuerySet[Agreement]:
    return (Agreement.objects.filter(scoping.count_scope_q(actor, model=Agreement), negotiation__stage="effective",
                                     renewal_notice_on__lte=today)
            .select_related("org", "negotiation").order_by("term_end", "id"))


def talks_to_start(*, actor) -> QuerySet[Negotiation]:
    return (Negotiation.objects.filter(scoping.count_scope_q(actor, model=Negotiation), stage="preparing")
            .select_related("org").order_by("talks_due", "id"))


def agreements_under_review(*, actor) -> QuerySet[Agreement]:
    return (Agreement.objects.filter(scoping.count_scope_q(actor, model=Agreement), negotiation__stage="filed")
            .select_related("org", "negotiation").order_by("objection_end", "id"))


def refusals_without_reason(*, actor) -> QuerySet[Offer]:
    return (Offer.objects.filter(scoping.scope_q(actor, org_field="negotiation__org"),
                                 refused_without_reason=True, negotiation__stage="refused")
            .select_related("negotiation__org").order_by("answered_on", "id"))


# --- statistics ------------------------------------------------------------------------------------


def statistics(*, actor, year: int | None = None) -> dict:
    """Agreements in force by union, workers covered and the average agreed increase, for the actor's subtree."""
    qs = Agreement.objects.filter(scoping.scope_q(actor), negotiation__stage__in=["effective", "expired"])
    if year:
        qs = qs.filter(negotiation__year=year)
    totals = qs.aggregate(n=Count("id"), covered=Sum("workers_covered"), avg=Avg("increase_pct"))
    by_union = list(qs.values("org_id", "org__name").annotate(n=Count("id"), covered=Sum("workers_covered"),
                                                              avg=Avg("increase_pct")).order_by("-covered", "org__name")[:200])
    avg = totals["avg"]
    return {"agreements": totals["n"] or 0, "covered": totals["covered"] or 0,
            "avg_increase": Decimal(avg).quantize(Decimal("0.01")) if avg is not None else None,
            "by_union": [{**r, "avg": Decimal(r["avg"]).quantize(Decimal("0.01")) if r["avg"] is not None else None}
                         for r in by_union]}


def agreements_for_export(*, actor):
    """Every agreement in scope, streamed (the export is one query whatever its size)."""
    return (Agreement.objects.filter(scoping.scope_q(actor)).select_related("org", "negotiation")
            .order_by("org__name", "-term_start").iterator(chunk_size=500))


def grassroots_for_choice(*, actor) -> list:
    from niangjia.core.selectors import orgs_for_choice

    return list(orgs_for_choice(actor=actor, levels=["grassroots"])[:500])


# --- members ---------------------------------------------------------------------------------------


def negotiations_for_member(user) -> list[Negotiation]:
    """The negotiations of the member's own union, newest first (offer and agreement joined)."""
    member = active_membership_of(user)
    if member is None:
        return []
    return list(Negotiation.objects.filter(org_id=member.org_id).select_related("org", "agreement")
                .order_by("-id")[:20])


def access_negotiation_as_member(*, actor, negotiation_id: int) -> Negotiation:
    member = active_membership_of(actor)
    negotiation = Negotiation.objects.select_related("org").filter(pk=negotiation_id).first()
    if negotiation is None or member is None or member.org_id != negotiation.org_id:
        raise not_found()
    return negotiation


def may_view(actor, negotiation: Negotiation) -> bool:
    if scoping.covers(actor, negotiation.org) or scoping.covers(actor, negotiation.org, roles=EMPLOYER_ROLES):
        return True
    member = active_membership_of(actor)
    return member is not None and member.org_id == negotiation.org_id


def access_negotiation_for_viewer(*, actor, negotiation_id: int) -> Negotiation:
    """Staff in scope or a member of the union (the agreement PDF, the member page)."""
    negotiation = Negotiation.objects.select_related("org").filter(pk=negotiation_id).first()
    if negotiation is None or not may_view(actor, negotiation):
        raise not_found()
    return negotiation


def own_opinions(user, negotiation: Negotiation) -> list[Opinion]:
    return list(Opinion.objects.filter(negotiation=negotiation, user=user).order_by("-id")[:20])


def open_stage_filter() -> Q:
    return ~Q(stage__in=["effective", "expired", "refused"])


# --- the congress that votes the draft (through congress.selectors only) ----------------------------


def congress_sittings_for(*, actor, org) -> list[dict]:
    """Sittings not yet closed of the congresses of `org` (where a draft contract can be tabled)."""
    from niangjia.congress import selectors as congress_selectors

    rows = []
    for congress in congress_selectors.congresses_for_staff(actor):
        if congress.org_id != org.pk:
            continue
        for sitting in congress_selectors.sittings_of(congress):
            if sitting.status != "closed":
                rows.append({"id": sitting.pk, "title": f"{congress.title} {sitting.title}",
                             "status": sitting.get_status_display()})
    return rows


def congress_result_of(*, actor, agreement) -> dict | None:
    """The congress motion's current result (live while open, final after close), or None."""
    if agreement is None or agreement.motion_id is None:
        return None
    from niangjia.congress import selectors as congress_selectors

    try:
        motion = congress_selectors.access_motion(actor=actor, motion_id=agreement.motion_id)
    except NotFound:
        return None
    return {**congress_selectors.motion_result(motion), "motion_id": motion.pk, "sitting_id": motion.sitting_id}


# --- all workers vote the draft; the one-fifth request ----------------------------------------------------


def workers_vote_of(negotiation: Negotiation):
    """The negotiation's latest all-workers vote (open or closed), or None."""
    from niangjia.bargaining.models import WorkersVote

    return WorkersVote.objects.filter(negotiation=negotiation).order_by("-id").first()


def ballot_counts(vote) -> dict[str, int]:
    from niangjia.bargaining.models import WorkerBallot

    counts = dict.fromkeys(rules.CHOICES, 0)
    for row in WorkerBallot.objects.filter(vote=vote).values("choice").annotate(n=Count("id")):
        counts[row["choice"]] = row["n"]
    return counts


def workers_vote_view(vote) -> dict | None:
    """What the staff page and the API show: the live online counts while open, the stored result after close."""
    if vote is None:
        return None
    if vote.status == "closed":
        return {"vote": vote, "open": False, **vote.result}
    counts = ballot_counts(vote)
    return {"vote": vote, "open": True, "total": vote.workers_total, "closes_on": vote.closes_on,
            "present": sum(counts.values()), "quorum": rules.workers_quorum(vote.workers_total),
            "majority": rules.workers_majority(vote.workers_total), **counts}


def own_ballot(user, vote):
    from niangjia.bargaining.models import WorkerBallot

    if vote is None:
        return None
    return WorkerBallot.objects.filter(vote=vote, user=user).first()


def workers_votes_to_close(*, actor) -> QuerySet:
    """Open all-workers votes in scope, by their last day (the to-do centre)."""
    from niangjia.bargaining.models import WorkersVote

    return (WorkersVote.objects.filter(scoping.scope_q(actor, org_field="negotiation__org"), status="open")
            .select_related("negotiation__org").order_by("closes_on", "id"))


def member_org(user):
    member = active_membership_of(user)
    return None if member is None else member.org


def ask_denominator(org, year: int) -> int:
    params = region_params_for(org, year)
    return params.ask_denominator if params is not None else rules.DEFAULT_ASK_DENOMINATOR


def ask_progress(*, org, year: int, user=None) -> dict:
    """How many workers asked the union to propose bargaining this year, against the threshold (1/N of the staff
    entered by union staff; unknown until they enter it)."""
    from niangjia.bargaining.models import BargainingAsk, StaffHeadcount

    counted = BargainingAsk.objects.filter(org=org, year=year).aggregate(
        n=Count("id"), mine=Count("id", filter=Q(user_id=getattr(user, "pk", None))))
    asks = counted["n"]
    headcount = StaffHeadcount.objects.filter(org=org, year=year).first()
    denominator = ask_denominator(org, year)
    total = headcount.total if headcount else None
    return {"year": year, "asks": asks, "staff_total": total, "denominator": denominator,
            "threshold": rules.ask_threshold(total, denominator) if total else None,
            "reached": bool(total) and rules.ask_reached(asks, total, denominator),
            "asked": bool(counted["mine"])}


def asks_to_propose(*, actor, year: int) -> QuerySet:
    """Unions in scope whose workers' requests reached the share this year while the union has not yet sent a
    proposal for that year (the to-do centre: 工会应发出要约). One query: the requests, the share of the nearest
    region that set one (else one in five) and the union's own proposals are subqueries."""
    from django.db.models import CharField, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.db.models.lookups import StartsWith

    from niangjia.bargaining.models import BargainingAsk, RegionWageParams, StaffHeadcount

    asks = (BargainingAsk.objects.filter(org_id=OuterRef("org_id"), year=OuterRef("year")).order_by()
            .values("org_id").annotate(n=Count("id")).values("n"))
    union_path = ExpressionWrapper(OuterRef("org__path"), output_field=CharField())
    share = (RegionWageParams.objects.filter(StartsWith(union_path, F("org__path")), year=OuterRef("year"))
             .order_by("-org__depth", "-version").values("ask_denominator")[:1])
    proposed = Negotiation.objects.filter(org_id=OuterRef("org_id"), year=OuterRef("year"), offer__from_side="union")
    return (StaffHeadcount.objects.filter(scoping.scope_q(actor), year=year)
            .annotate(asks=Coalesce(Subquery(asks, output_field=IntegerField()), 0),
                      denominator=Coalesce(Subquery(share, output_field=IntegerField()),
                                           rules.DEFAULT_ASK_DENOMINATOR))
            .alias(proposed=Exists(proposed), reach=F("asks") * F("denominator"))
            .filter(proposed=False, reach__gte=F("total")).select_related("org").order_by("updated_at", "id"))


def asks_reached(*, actor, year: int) -> list[dict]:
    return [{"org": hc.org, "asks": hc.asks, "staff_total": hc.total, "denominator": hc.denominator,
             "since": hc.updated_at} for hc in asks_to_propose(actor=actor, year=year)[:200]]


# --- per-region wage parameters ------------------------------------------------------------------------------


def region_params_for(org, year: int):
    """The parameters that apply to a union: the newest version of the nearest owning federation above it (or the
    union itself) for that year; None when no region has entered any."""
    from niangjia.bargaining.models import RegionWageParams

    paths = org.ancestor_paths()
    rows = list(RegionWageParams.objects.filter(year=year, org__path__in=paths).select_related("org")
                .order_by("-org__depth", "-version")[:1])
    return rows[0] if rows else None


def region_params_for_admin(*, actor) -> QuerySet:
    """Every version entered by the unions the actor administers (the grid sorts and pages it)."""
    from niangjia.bargaining.models import RegionWageParams

    return (RegionWageParams.objects.filter(scoping.scope_q(actor, roles=scoping.ADMIN_ROLES))
            .select_related("org", "created_by"))


def admin_orgs(*, actor) -> list:
    """Federations (and unions) the actor administers, where parameters may be entered."""
    return list(scoping.orgs_visible_to(actor, roles=scoping.ADMIN_ROLES).order_by("path")[:300])


def _region_notes(params, terms) -> list[dict]:
    """The wage terms against the region's parameters for the negotiation's year (rules.compare_with_region)."""
    if params is None or terms is None:
        return []
    return rules.compare_with_region(terms, rules.RegionParams(
        minimum_wage=params.minimum_wage, lower_pct=params.guideline_lower_pct, base_pct=params.guideline_base_pct,
        upper_pct=params.guideline_upper_pct, label=f"{params.org.name} {params.year} 年第 {params.version} 版"))
