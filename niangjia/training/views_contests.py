"""Pages of skill contests: the worker's contest list, contest page and answer sheet (phone, timer from the
server deadline, autosave through the API) and the staff workbench (contests, attempts with counters and
flags, leaderboards per union and per level, banks and their Excel import)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.spreadsheets import ImportRejected, template_bytes
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, staff_required
from niangjia.training import choices_contests as choices
from niangjia.training import rules_contests as rules
from niangjia.training import selectors_contests as selectors
from niangjia.training import services_contests as services

# ---- worker -------------------------------------------------------------------------------------------------


@member_login_required
def contests(request):
    return render(request, "training/contests/list.html", {"contests": selectors.contests_for_member(actor=request.user)})


@member_login_required
def contest(request, contest_id: int):
    c = selectors.contest_for_member(actor=request.user, contest_id=contest_id)
    attempts = selectors.my_attempts(actor=request.user, contest=c)
    board = selectors.leaderboard(contest=c, limit=10)
    for row in board:
        if row["attempt"].user_id != request.user.pk:
            row["name"] = selectors.masked_name(row["name"])
    return render(request, "training/contests/contest.html", {
        "contest": c, "attempts": attempts, "board": board, "result": selectors.my_result(actor=request.user, contest=c),
        "standing": selectors.my_standing(actor=request.user, contest=c),
        "in_progress": next((a for a in attempts if a.status == "in_progress"), None),
        "attempts_left": max(0, c.max_attempts_per_person - len(attempts))})


@member_login_required
@require_POST
def contest_start(request, contest_id: int):
    try:
        attempt = services.start_attempt(actor=request.user, contest_id=contest_id)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("training:contest", contest_id=contest_id)
    return redirect("training:attempt", attempt_id=attempt.pk)


@member_login_required
def attempt(request, attempt_id: int):
    a = services.open_attempt(actor=request.user, attempt_id=attempt_id)  # past the grace: finished here
    paper = selectors.paper(a)
    if a.status == "finished":
        return render(request, "training/contests/result.html", {
            "attempt": a, "paper": paper, "answered": sum(1 for q in paper if q["answer"])})
    return render(request, "training/contests/attempt.html", {
        "attempt": a, "paper": paper, "server_now": timezone.now().isoformat(),
        "answered": sum(1 for q in paper if q["answer"])})


@member_login_required
@require_POST
def attempt_submit(request, attempt_id: int):
    services.submit_attempt(actor=request.user, attempt_id=attempt_id)
    return redirect("training:attempt", attempt_id=attempt_id)


@member_login_required
def contest_certificate(request, contest_id: int):
    name, pdf = services.certificate_pdf(actor=request.user, contest_id=contest_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---- staff --------------------------------------------------------------------------------------------------


@staff_required
def contest_workbench(request):
    grid = build_grid(
        request, selectors.staff_contests(actor=request.user), row_template="training/contests/_contest_row.html",
        grid_id="contests", default_sort="-id",
        columns=[Col(_("No."), sort="id"), Col(_("Contest"), sort="title"), Col(_("Union")),
                 Col(_("Questions"), align="end"), Col(_("Time limit"), align="end"),
                 Col(_("Attempts"), sort="n_attempts", align="end"), Col(_("To review"), align="end"),
                 Col(_("Closes"), sort="closes_at"), Col(_("Results"))],
        search=("title__icontains", "=pk"), search_placeholder=_("Contest name or no."),
        empty=Empty(_("No contests yet. Create one below.")))
    return render(request, "training/contests/workbench.html", {
        "grid": grid, "banks": selectors.banks_for_staff(actor=request.user, limit=100),
        "orgs": selectors.orgs_for_staff(actor=request.user)})


@staff_required
@require_POST
@submit_once("training.contest_create")
def contest_create(request):
    p = request.POST
    try:
        closes = parse_datetime(p.get("closes_at") or "") if p.get("closes_at") else None
        if closes is not None and timezone.is_naive(closes):
            closes = timezone.make_aware(closes)
        c = services.create_contest(
            actor=request.user, title=p.get("title", ""), question_count=_int(p.get("question_count")),
            time_limit_seconds=_int(p.get("time_limit_minutes")) * 60, bank_id=_int(p.get("bank_id")) or None,
            org_id=_int(p.get("org_id")) or None, max_attempts_per_person=_int(p.get("max_attempts_per_person")) or 1,
            max_attempts_total=_int(p.get("max_attempts_total")) or None, closes_at=closes,
            certificate_top_n=_int(p.get("certificate_top_n"), 3))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("training:contest_workbench")
    messages.success(request, _("Contest created."))
    return redirect("training:contest_staff", contest_id=c.pk)


def _int(value, default: int = 0) -> int:
    try:
        return int(str(value or "").strip() or default)
    except ValueError:
        return -1  # refused by the rules with a Chinese message


@staff_required
def contest_staff(request, contest_id: int):
    c = selectors.contest_for_staff(actor=request.user, contest_id=contest_id)
    flagged_only = request.GET.get("flagged") == "1"
    grid = build_grid(
        request, selectors.staff_attempts(actor=request.user, contest=c, flagged_only=flagged_only),
        row_template="training/contests/_attempt_row.html", grid_id="attempts", default_sort="-score",
        columns=[Col(_("No."), sort="id"), Col(_("Full name"), sort="user__real_name"), Col(_("Union")),
                 Col(_("Attempt"), align="end"), Col(_("Status")), Col(_("Score"), sort="score", align="end"),
                 Col(_("Time used"), sort="duration_ms", align="end"), Col(_("Copy/paste"), sort="copy_events", align="end"),
                 Col(_("Left the page"), sort="tab_switches", align="end"), Col(_("Identical answers"))],
        search=("user__real_name__startswith", "=pk"), search_placeholder=_("Name or answer sheet no."),
        filters=[Filter("flagged", _("Flagged"), [("1", _("Flagged only"))])],
        empty=Empty(_("Nobody has taken part yet.")))
    org_id = _int(request.GET.get("org"))
    orgs = selectors.orgs_for_staff(actor=request.user)
    board_org = next((o for o in orgs if o.pk == org_id), None)
    level = request.GET.get("level") or "district"
    if level not in dict(choices.LEVELS):
        level = "district"
    return render(request, "training/contests/staff.html", {
        "contest": c, "grid": grid, "orgs": orgs, "board_org": board_org,
        "board": selectors.leaderboard(contest=c, org=board_org, limit=50),
        "level": level, "levels": choices.LEVELS,
        "org_board": selectors.org_ranking(contest=c, level=level),
        "results": selectors.results(contest=c)[:100] if c.results_published_at else []})


@staff_required
@require_POST
def contest_action(request, contest_id: int):
    action = request.POST.get("action")
    try:
        if action == "flag":
            n = services.flag_identical_patterns(actor=request.user, contest_id=contest_id)
            messages.success(request, _("%(n)s answer sheets flagged for review.") % {"n": n})
        elif action == "publish":
            n = services.publish_results(actor=request.user, contest_id=contest_id)
            messages.success(request, _("Results published: %(n)s people ranked.") % {"n": n})
        elif action in ("cleared", "confirmed"):
            services.review_flag(actor=request.user, attempt_id=_int(request.POST.get("attempt_id")), decision=action)
            messages.success(request, _("Review saved."))
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("training:contest_staff", contest_id=contest_id)


@staff_required
def contest_banks(request):
    errors = []
    if request.method == "POST":
        try:
            bank = services.import_bank(actor=request.user, org_id=_int(request.POST.get("org_id")),
                                        title=request.POST.get("title", ""), upload=request.FILES.get("file"))
        except ImportRejected as exc:
            errors = exc.errors
            messages.error(request, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Bank imported: %(n)s questions.") % {"n": bank.n_imported})
            return redirect("training:contest_banks")
    grid = build_grid(
        request, selectors.banks_qs(actor=request.user, owner=request.GET.get("owner", "")),
        row_template="training/contests/_bank_row.html", grid_id="banks", default_sort="-id",
        columns=[Col(_("No."), sort="id"), Col(_("Bank"), sort="title"), Col(_("Union"), sort="org__name", key="org"),
                 Col(_("Questions"), sort="n_questions", align="end"), Col(_("Imported"), sort="created_at")],
        search=("title__icontains", "org__name__contains", "=pk"), search_placeholder=_("Bank name or union"),
        filters=[Filter("owner", _("Owner"), [("platform", _("Whole platform")), ("union", _("Unions"))])],
        empty=Empty(_("No question banks yet. Import one from Excel with the form below.")))
    return render(request, "training/contests/banks.html", {
        "grid": grid, "errors": errors,
        "orgs": selectors.orgs_for_staff(actor=request.user), "headers": rules.IMPORT_HEADERS})


@staff_required
def contest_bank_template(request):
    from niangjia.core.exports import file_response

    example = ["单选", "劳动法律法规", "劳动合同期限三个月以上不满一年的，试用期不得超过？", "一个月", "二个月", "三个月",
               "六个月", "", "", "A", "1"]
    return file_response(template_bytes(rules.IMPORT_HEADERS, example), "题库导入模板.xlsx")


@staff_required
def contest_results_export(request, contest_id: int):
    """The leaderboard of the contest's whole tree (or the published results) as Excel: numeric score and time."""
    from niangjia.core import exports

    c = selectors.contest_for_staff(actor=request.user, contest_id=contest_id)
    rows = selectors.export_rows(contest=c)
    return exports.export_response(
        subject=f"{c.title}成绩", sheet_name="成绩", org=c.org,
        columns=exports.columns(("名次", exports.INTEGER), "姓名", "工会", ("得分", exports.INTEGER),
                                ("用时（秒）", exports.INTEGER), "证书编号"),
        rows=rows)
