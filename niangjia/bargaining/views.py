"""Pages of collective bargaining: the member's phone (stage, agreement, opinions) and the staff workbench
(grid, one negotiation with every step and deadline, statistics, the agreement PDF and the Excel export)."""

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.bargaining import rules, selectors, selectors_asks, services
from niangjia.bargaining.choices import SIDE_CHOICES, STAGE_FILTER
from niangjia.core import exports, scoping
from niangjia.core.errors import DomainError, Invalid, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, role_required, staff_required


def _date(value: str | None) -> dt.date | None:
    try:
        return parse_date((value or "").strip())
    except ValueError:
        return None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def _run(request, fn, ok: str) -> bool:
    try:
        fn()
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, ok)
    return True


# --- member ----------------------------------------------------------------------------------------


@member_login_required
def home(request):
    org = selectors.member_org(request.user)
    return render(request, "bargaining/home.html", {
        "negotiations": selectors.negotiations_for_member(request.user),
        "ask": selectors.ask_progress(org=org, year=timezone.localdate().year, user=request.user) if org else None})


@require_POST
@member_login_required
def ask(request):
    _run(request, lambda: services.ask_for_bargaining(actor=request.user),
         _("Your request is recorded. The union must propose bargaining once enough workers have asked."))
    return redirect("bargaining:home")


@require_POST
@member_login_required
def ballot(request, negotiation_id: int):
    _run(request, lambda: services.cast_worker_ballot(actor=request.user, negotiation_id=negotiation_id,
                                                       choice=request.POST.get("choice", "")),
         _("Your vote is recorded."))
    return redirect("bargaining:member_detail", negotiation_id=negotiation_id)


@member_login_required
def member_detail(request, negotiation_id: int):
    n = selectors.access_negotiation_as_member(actor=request.user, negotiation_id=negotiation_id)
    vote = selectors.workers_vote_of(n)
    return render(request, "bargaining/member_detail.html", {
        "vote": vote if vote is not None and vote.status == "open" else None,
        "closed_vote": vote if vote is not None and vote.status == "closed" else None,
        "ballot": selectors.own_ballot(request.user, vote), "choices": rules.CHOICE_LABELS.items(),
        "n": n, "stage_label": rules.STAGE_LABELS.get(n.stage, n.stage), "agreement": selectors.agreement_of(n),
        "steps": _steps(n.stage), "opinions": selectors.own_opinions(request.user, n),
        "open": n.stage not in ("effective", "expired", "refused")})


def _steps(stage: str) -> list[dict]:
    """The member's progress line: offer → talks → congress → signed → filed → in force."""
    order = ["offer", "talks", "voting", "signed", "filed", "effective"]
    position = {"offer": 0, "preparing": 0, "refused": 0, "talks": 1, "draft": 1, "objected": 1, "voting": 2,
                "approved": 2, "signed": 3, "filed": 4, "effective": 5, "expired": 5}.get(stage, 0)
    return [{"label": rules.STAGE_LABELS[s] if s != "voting" else _("Congress vote"), "done": i < position,
             "current": i == position} for i, s in enumerate(order)]


@require_POST
@member_login_required
@submit_once("bargaining.opinion")
def opinion(request, negotiation_id: int):
    _run(request, lambda: services.give_opinion(actor=request.user, negotiation_id=negotiation_id,
                                                 text=request.POST.get("text", "")),
         _("Thank you, your opinion has been sent to the union."))
    return redirect("bargaining:member_detail", negotiation_id=negotiation_id)


@member_login_required
def agreement_pdf(request, negotiation_id: int):
    from niangjia.bargaining import pdf

    n = selectors.access_negotiation_for_viewer(actor=request.user, negotiation_id=negotiation_id)
    agreement = selectors.agreement_of(n)
    if agreement is None:
        raise NotFound("这项协商还没有合同文本。")
    response = HttpResponse(pdf.agreement_pdf(n, agreement, selectors.representatives_of(n)),
                            content_type="application/pdf")
    response["Content-Disposition"] = exports.content_disposition(f"{agreement.title}.pdf").replace(
        "attachment", "inline")
    return response


# --- the employer's representative -----------------------------------------------------------------

employer_required = role_required(selectors.EMPLOYER_ROLES)


@employer_required
def employer_home(request):
    orgs = selectors.employer_orgs(actor=request.user)
    if request.method == "POST":
        try:
            created = services.start_negotiation(
                actor=request.user, org_id=_int(request.POST.get("org_id")), title=request.POST.get("title", ""),
                year=_int(request.POST.get("year")), from_side="employer", content=request.POST.get("content", ""),
                received_on=None, workers_covered=_int(request.POST.get("workers_covered"), -1))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your proposal to bargain has been sent to the union."))
            return redirect("bargaining:employer_detail", negotiation_id=created.pk)
    return render(request, "bargaining/employer_home.html",
                  {"negotiations": selectors.negotiations_for_employer(actor=request.user), "orgs": orgs,
                   "form": request.POST, "year": timezone.localdate().year})


EMPLOYER_ACTIONS = {
    "answer": (lambda r, nid: services.answer_offer(
        actor=r.user, negotiation_id=nid, accepted=r.POST.get("accepted") == "yes", reason=r.POST.get("reason", ""),
        answered_on=_date(r.POST.get("on"))), "The answer is recorded."),
    "position": (lambda r, nid: services.add_position(actor=r.user, negotiation_id=nid, side="employer",
                                                      terms=_terms(r.POST)), "The position is recorded."),
    "sign_minutes": (lambda r, nid: services.sign_minutes(actor=r.user, round_id=_round(r, nid), side="employer"),
                     "You have signed the minutes as the employer's chief representative."),
    "sign": (lambda r, nid: services.sign_agreement(actor=r.user, negotiation_id=nid, side="employer"),
             "You have signed the agreement as the employer's chief representative."),
    "file": (lambda r, nid: services.record_filing(actor=r.user, negotiation_id=nid,
                                                   received_on=_date(r.POST.get("on"))), "The filing is recorded."),
}


@employer_required
def employer_detail(request, negotiation_id: int):
    n, party = selectors.access_negotiation_as_party(actor=request.user, negotiation_id=negotiation_id)
    if party != "employer":
        raise NotFound("未找到这项集体协商。")
    if request.method == "POST":
        entry = EMPLOYER_ACTIONS.get(request.POST.get("action", ""))
        if entry is None:
            raise NotFound("未找到这个操作。")
        fn, ok = entry
        _run(request, lambda: fn(request, n.pk), _(ok))
        return redirect("bargaining:employer_detail", negotiation_id=n.pk)
    return render(request, "bargaining/employer_detail.html", selectors.detail(n, today=timezone.localdate()))


# --- staff -----------------------------------------------------------------------------------------


@staff_required
def workbench(request):
    stage = request.GET.get("stage", "")
    grid = build_grid(
        request, selectors.negotiations_for_staff(actor=request.user, stage=stage),
        row_template="bargaining/_negotiation_row.html", default_sort="-id", grid_id="negotiations",
        columns=[Col(_("No."), sort="id"), Col(_("Negotiation"), sort="title"), Col(_("Union"), sort="org__name"),
                 Col(_("Bargaining year"), sort="year"), Col(_("Bargaining stage"), sort="stage"), Col(_("Next deadline")),
                 Col(_("Workers covered"), sort="workers_covered", align="end")],
        search=("title__icontains", "org__name__icontains", "=pk"), search_placeholder=_("Negotiation or union"),
        filters=[Filter("stage", _("Bargaining stage"), STAGE_FILTER)],
        empty=Empty(_("No negotiations yet."), _("Record a proposal to bargain"), reverse("bargaining:new")))
    today = timezone.localdate()
    grid.page.object_list = list(grid.page.object_list)
    for n in grid.page.object_list:
        offer, agreement = getattr(n, "offer", None), getattr(n, "agreement", None)
        pending = [d for d in selectors.deadlines_of(n, offer, agreement, today=today)
                   if d["state"] in ("ok", "due", "overdue")]
        n.next_deadline = pending[0] if pending else None
    # Regional parameters are entered by admins only: the button is not shown to anyone else (it would 404).
    return render(request, "bargaining/workbench.html",
                  {"grid": grid, "is_admin": scoping.has_role(request.user, scoping.ADMIN_ROLES)})


@staff_required
def new(request):
    orgs = selectors.grassroots_for_choice(actor=request.user)
    if request.method == "POST":
        try:
            created = services.start_negotiation(
                actor=request.user, org_id=_int(request.POST.get("org_id")), title=request.POST.get("title", ""),
                year=_int(request.POST.get("year")), from_side=request.POST.get("from_side", ""),
                content=request.POST.get("content", ""), received_on=_date(request.POST.get("received_on")),
                workers_covered=_int(request.POST.get("workers_covered"), -1))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The proposal is recorded."))
            return redirect("bargaining:detail", negotiation_id=created.pk)
    return render(request, "bargaining/new.html", {"orgs": orgs, "sides": SIDE_CHOICES, "form": request.POST,
                                                   "year": timezone.localdate().year})


@staff_required
def detail(request, negotiation_id: int):
    n = selectors.access_negotiation(actor=request.user, negotiation_id=negotiation_id)
    ctx = selectors.detail(n, today=timezone.localdate())
    ctx.update(sides=SIDE_CHOICES, opinions=selectors.opinions_of(n, limit=50), history=selectors.history_of(n),
               sittings=selectors.congress_sittings_for(actor=request.user, org=n.org) if n.stage == "draft" else [],
               vote=selectors.congress_result_of(actor=request.user, agreement=ctx["agreement"]),
               today=timezone.localdate())
    return render(request, "bargaining/detail.html", ctx)


def _terms(post) -> rules.WageTerms:
    return services.parse_terms(increase_pct=post.get("increase_pct"), minimum_wage=post.get("minimum_wage") or None,
                                piece_rate_pct=post.get("piece_rate_pct"), special_terms=post.get("special_terms", ""),
                                piece_rates=post.get("piece_rates", ""))


ACTIONS = {
    "answer": (lambda r, nid: services.answer_offer(
        actor=r.user, negotiation_id=nid, accepted=r.POST.get("accepted") == "yes", reason=r.POST.get("reason", ""),
        answered_on=_date(r.POST.get("on"))), "The answer is recorded."),
    "representative": (lambda r, nid: services.add_representative(
        actor=r.user, negotiation_id=nid, side=r.POST.get("side", ""), name=r.POST.get("name", ""),
        position=r.POST.get("position", ""), is_chief=r.POST.get("is_chief") == "on"), "The representative is added."),
    "remove_representative": (lambda r, nid: services.remove_representative(
        actor=r.user, negotiation_id=nid, representative_id=_int(r.POST.get("id"))), "The representative is removed."),
    "talks": (lambda r, nid: services.start_talks(actor=r.user, negotiation_id=nid), "Talks have started."),
    "round": (lambda r, nid: services.add_round(actor=r.user, negotiation_id=nid, held_on=_date(r.POST.get("on")),
                                                agenda=r.POST.get("agenda", "")), "The round is added."),
    "minutes": (lambda r, nid: services.record_minutes(actor=r.user, round_id=_round(r, nid),
                                                       minutes=r.POST.get("minutes", "")), "The minutes are saved."),
    "sign_minutes": (lambda r, nid: services.sign_minutes(actor=r.user, round_id=_round(r, nid),
                                                          side=r.POST.get("side", ""), signed_on=_date(r.POST.get("on"))),
                     "The signature is recorded."),
    "position": (lambda r, nid: services.add_position(actor=r.user, negotiation_id=nid, side=r.POST.get("side", ""),
                                                      terms=_terms(r.POST), round_id=_int(r.POST.get("round_id")) or None),
                 "The position is recorded."),
    "draft": (lambda r, nid: services.draft_agreement(
        actor=r.user, negotiation_id=nid, title=r.POST.get("title", ""), text=r.POST.get("text", ""),
        terms=_terms(r.POST), term_start=_date(r.POST.get("term_start")), term_end=_date(r.POST.get("term_end")),
        workers_covered=_int(r.POST.get("workers_covered"), -1)), "The draft agreement is saved."),
    "congress": (lambda r, nid: services.submit_to_congress(actor=r.user, negotiation_id=nid,
                                                            sitting_id=_int(r.POST.get("sitting_id")),
                                                            secret=r.POST.get("secret") == "on"),
                 "The draft is on the congress agenda as a contract motion."),
    "congress_result": (lambda r, nid: services.record_congress_result(actor=r.user, negotiation_id=nid),
                        "The congress result is recorded."),
    "workers_vote": (lambda r, nid: services.open_workers_vote(
        actor=r.user, negotiation_id=nid, workers_total=_int(r.POST.get("workers_total"), -1),
        closes_on=_date(r.POST.get("closes_on"))), "The draft is put to all workers."),
    "workers_close": (lambda r, nid: services.close_workers_vote(
        actor=r.user, negotiation_id=nid, paper_yes=_int(r.POST.get("paper_yes"), -1),
        paper_no=_int(r.POST.get("paper_no"), -1), paper_abstain=_int(r.POST.get("paper_abstain"), -1)),
        "The vote of all workers is closed and counted."),
    "sign": (lambda r, nid: services.sign_agreement(actor=r.user, negotiation_id=nid, signed_on=_date(r.POST.get("on")),
                                                    side=r.POST.get("side") or None),
             "The signature is recorded; once both chiefs have signed, file the text within 10 days."),
    "file": (lambda r, nid: services.record_filing(actor=r.user, negotiation_id=nid, received_on=_date(r.POST.get("on"))),
             "The filing is recorded."),
    "attach": (lambda r, nid: services.attach_documents(actor=r.user, negotiation_id=nid, uploads=r.FILES.getlist("files"),
                                                        round_id=_int(r.POST.get("round_id")) or None),
               "The files are attached."),
    "objection": (lambda r, nid: services.object_to_filing(actor=r.user, negotiation_id=nid,
                                                           reason=r.POST.get("reason", "")), "The objection is recorded."),
}


def _round(request, negotiation_id: int) -> int:
    round_id = _int(request.POST.get("round_id"))
    if not round_id:
        raise Invalid("请选择协商轮次。", code="bargaining.round")
    return round_id


@require_POST
@staff_required
def action(request, negotiation_id: int, name: str):
    selectors.access_negotiation(actor=request.user, negotiation_id=negotiation_id)
    entry = ACTIONS.get(name)
    if entry is None:
        raise NotFound("未找到这个操作。")
    fn, ok = entry
    _run(request, lambda: fn(request, negotiation_id), _(ok))
    return redirect("bargaining:detail", negotiation_id=negotiation_id)


@staff_required
def stats(request):
    year = _int(request.GET.get("year")) or None
    return render(request, "bargaining/stats.html", {"stats": selectors.statistics(actor=request.user, year=year),
                                                     "year": year})


@staff_required
def export(request):
    rows = ([a.org.name, a.title, a.negotiation.year, rules.STAGE_LABELS.get(a.negotiation.stage, ""),
             None if a.increase_pct is None else a.increase_pct / 100, a.minimum_wage, a.special_terms,
             a.workers_covered, a.term_start, a.term_end, a.signed_on, a.filing_due, a.filed_received_on,
             a.effective_on] for a in selectors.agreements_for_export(actor=request.user))
    return exports.export_response(
        subject="集体合同", sheet_name="集体合同", org_name=exports.actor_org_name(request.user),
        columns=exports.columns("工会", "合同名称", ("年度", exports.INTEGER), "阶段", ("工资增幅", exports.PERCENT),
                                ("最低工资（元/月）", exports.MONEY), "特别条款", ("覆盖职工（人）", exports.INTEGER),
                                ("期限起", exports.DATE), ("期限止", exports.DATE), ("签字日期", exports.DATE),
                                ("报送期限", exports.DATE), ("审查机关收到日期", exports.DATE), ("生效日期", exports.DATE)),
        rows=rows)


# --- per-region parameters and the workers' requests -----------------------------------------------------------

admin_required = role_required(scoping.ADMIN_ROLES)


@admin_required
def region_params(request):
    orgs = selectors.admin_orgs(actor=request.user)
    if request.method == "POST":
        post = request.POST
        try:
            services.save_region_params(
                actor=request.user, org_id=_int(post.get("org_id")), year=_int(post.get("year")),
                minimum_wage=post.get("minimum_wage", ""), lower_pct=post.get("lower_pct", ""),
                base_pct=post.get("base_pct", ""), upper_pct=post.get("upper_pct", ""),
                ask_denominator=_int(post.get("ask_denominator"), -1), source=post.get("source", ""))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The parameters are saved as a new version."))
            return redirect("bargaining:region_params")
    grid = build_grid(
        request, selectors.region_params_for_admin(actor=request.user), row_template="bargaining/_params_row.html",
        default_sort="-year", grid_id="region-params",
        columns=[Col(_("Region (owning union)"), sort="org__path"), Col(_("Bargaining year"), sort="year"),
                 Col(_("Version"), sort="version"), Col(_("Minimum wage (yuan/month)"), sort="minimum_wage", align="end"),
                 Col(_("Guideline lower line"), align="end"), Col(_("Guideline base line"), align="end"),
                 Col(_("Guideline upper line"), align="end"), Col(_("Share of workers who may ask")),
                 Col(_("Source document")), Col(_("Parameters entered by"))],
        search=("org__name__icontains", "source__icontains"), search_placeholder=_("Region or document"),
        empty=Empty(_("No parameters entered yet.")))
    return render(request, "bargaining/region_params.html", {"grid": grid, "orgs": orgs, "form": request.POST,
                                                             "year": timezone.localdate().year})


@staff_required
def asks(request):
    year = _int(request.GET.get("year")) or timezone.localdate().year
    if request.method == "POST":
        if _run(request, lambda: services.set_staff_headcount(
                actor=request.user, org_id=_int(request.POST.get("org_id")), year=_int(request.POST.get("year")),
                total=_int(request.POST.get("total"), -1)), _("The number of workers is saved.")):
            return redirect(f"{reverse('bargaining:asks')}?year={_int(request.POST.get('year'))}")
    grid = build_grid(
        request, selectors_asks.ask_rows_qs(actor=request.user, year=year, reached=request.GET.get("reached", "")),
        row_template="bargaining/_ask_row.html", grid_id="asks", default_sort="name",
        columns=[Col(_("Union"), sort="name"), Col(_("Requests to bargain"), sort="asks", align="end"),
                 Col(_("Number of workers"), sort="staff_total", key="workers", align="end"),
                 Col(_("Requests needed"), align="end"), Col("")],
        search=("name__contains",), search_placeholder=_("Union name"),
        filters=[Filter("reached", _("Share"), [("1", _("share reached"))])],
        empty=Empty(_("No requests this year.")))
    grid.page.object_list = selectors_asks.with_progress(grid.page.object_list)
    return render(request, "bargaining/asks.html", {
        "year": year, "reached": selectors.asks_reached(actor=request.user, year=year), "grid": grid,
        "orgs": selectors.grassroots_for_choice(actor=request.user)})
