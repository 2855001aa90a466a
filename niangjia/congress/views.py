"""Pages of the workers' congress: the delegate's phone (check in, vote, results) and the chair's workbench."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.congress import rules, selectors, selectors_board, services, services_import, services_proxies
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import member_login_required, staff_required


@member_login_required
def home(request):
    from niangjia.congress.selectors_live import live_sittings_for

    sitting = selectors.current_sitting_for(request.user)
    ctx = {"sitting": sitting, "live_sittings": live_sittings_for(request.user)}
    if sitting is not None:
        delegate = selectors.delegate_in(request.user, sitting)
        motions = selectors.motions_of(sitting)
        proxy = selectors_board.my_proxy(delegate, sitting)
        voted_pairs = selectors_board.voted_for([d for d in (delegate and delegate.pk, proxy and proxy.grantor_id) if d],
                                                sitting)
        ctx.update(summary=selectors.sitting_summary(sitting), delegate=delegate,
                   checked_in=selectors.is_checked_in(delegate, sitting), motions=motions,
                   voted={m for m, d in voted_pairs if delegate and d == delegate.pk},
                   proxy=proxy, proxy_voted={m for m, d in voted_pairs if proxy and d == proxy.grantor_id},
                   candidates=selectors_board.candidates_by_motion(sitting),
                   results={m.pk: selectors.motion_result(m) for m in motions if m.status == "closed"},
                   choices=[(c, rules.CHOICE_LABELS[c]) for c in rules.CHOICES])
    return render(request, "congress/home.html", ctx)


def _act(request, fn, ok: str):
    try:
        fn()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)


@require_POST
@member_login_required
def check_in(request, sitting_id: int):
    _act(request, lambda: services.check_in(actor=request.user, sitting_id=sitting_id), _("You are checked in."))
    return redirect("congress:home")


@require_POST
@member_login_required
def vote(request, motion_id: int):
    for_delegate = _int(request.POST.get("for_delegate")) or None
    _act(request, lambda: services.cast_ballot(actor=request.user, motion_id=motion_id,
                                               choice=request.POST.get("choice", ""),
                                               candidates=[_int(x) for x in request.POST.getlist("candidates")],
                                               write_ins=request.POST.getlist("write_ins")[:100],
                                               for_delegate=for_delegate), _("Your vote is counted."))
    return redirect("congress:home")


@staff_required
def workbench(request):
    congresses = selectors.congresses_for_staff(request.user)
    return render(request, "congress/workbench.html",
                  {"congresses": [(c, selectors.sittings_of(c)) for c in congresses]})


def _int(value, default=0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@staff_required
def sitting(request, sitting_id: int):
    s = selectors.access_sitting(actor=request.user, sitting_id=sitting_id)
    b = selectors_board.board(s)
    total, att = b["total"], b["attendance"]
    summary = {"delegates_total": total, "present": att["present"], "by_proxy": att["by_proxy"],
               "quorum": rules.quorum(total), "quorate": rules.is_quorate(att["present"], total)}
    return render(request, "congress/sitting.html", {
        "sitting": s, "summary": summary, "board": b["motions"], "proxies": selectors_board.proxies_of(s),
        "composition": selectors.composition(s.congress), "kinds": list(rules.KIND_LABELS.items()),
        "choices": [(c, rules.CHOICE_LABELS[c]) for c in rules.CHOICES]})


@require_POST
@staff_required
def sitting_start(request, sitting_id: int):
    _act(request, lambda: services.start_sitting(actor=request.user, sitting_id=sitting_id), _("The sitting has started."))
    return redirect("congress:sitting", sitting_id=sitting_id)


@require_POST
@staff_required
def motion_create(request, sitting_id: int):
    names = [n for n in request.POST.get("candidates", "").splitlines() if n.strip()]
    _act(request, lambda: services.create_motion(
        actor=request.user, sitting_id=sitting_id, title=request.POST.get("title", ""),
        kind=request.POST.get("kind", ""), secret=request.POST.get("secret") == "on",
        seats=_int(request.POST.get("seats")) or None, candidates=names), _("The motion is added."))
    return redirect("congress:sitting", sitting_id=sitting_id)


@require_POST
@staff_required
def roll_call(request, sitting_id: int):
    try:
        delegate_id = int(request.POST.get("delegate_id") or 0)
    except ValueError:
        delegate_id = 0
    _act(request, lambda: services.check_in(actor=request.user, sitting_id=sitting_id, delegate_id=delegate_id),
         _("Recorded as present."))
    return redirect("congress:sitting", sitting_id=sitting_id)


@require_POST
@staff_required
def motion_action(request, motion_id: int, action: str):
    motion = selectors.access_motion(actor=request.user, motion_id=motion_id)
    if action == "open":
        _act(request, lambda: services.open_motion(actor=request.user, motion_id=motion_id), _("Voting is open."))
    elif action == "close":
        _act(request, lambda: services.close_motion(actor=request.user, motion_id=motion_id),
             _("Voting is closed and counted."))
    else:
        raise NotFound("未找到这个操作。")
    return redirect("congress:sitting", sitting_id=motion.sitting_id)


@require_POST
@staff_required
def paper_ballot(request, motion_id: int):
    """Tellers enter a paper ballot of a delegate recorded at the paper roll call."""
    motion = selectors.access_motion(actor=request.user, motion_id=motion_id)
    _act(request, lambda: services.cast_ballot(
        actor=request.user, motion_id=motion_id, choice=request.POST.get("choice", ""),
        candidates=[_int(x) for x in request.POST.getlist("candidates")],
        write_ins=request.POST.getlist("write_ins")[:100],
        delegate_id=_int(request.POST.get("delegate_id"))), _("The paper ballot is counted."))
    return redirect("congress:sitting", sitting_id=motion.sitting_id)


@require_POST
@staff_required
def proxies(request, sitting_id: int, action: str):
    s = selectors.access_sitting(actor=request.user, sitting_id=sitting_id)
    u, post = request.user, request.POST
    if action == "enable":
        _act(request, lambda: services_proxies.set_proxies_enabled(actor=u, congress_id=s.congress_id,
                                                                   enabled=post.get("enabled") == "1"),
             _("Saved."))
    elif action == "add":
        _act(request, lambda: services_proxies.record_proxy(actor=u, sitting_id=sitting_id,
                                                            grantor_id=_int(post.get("grantor")),
                                                            holder_id=_int(post.get("holder"))),
             _("The proxy is recorded."))
    elif action == "remove":
        _act(request, lambda: services_proxies.remove_proxy(actor=u, proxy_id=_int(post.get("proxy"))),
             _("The proxy is removed."))
    else:
        raise NotFound("未找到这个操作。")
    return redirect("congress:sitting", sitting_id=sitting_id)


@staff_required
def delegates(request, congress_id: int):
    """Delegates of a congress: composition against policies.md §5, groups, and the all-or-nothing Excel import."""
    congress = selectors.access_congress(actor=request.user, congress_id=congress_id)
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an Excel file first."))
        else:
            try:
                n = len(services_import.import_delegates(actor=request.user, congress_id=congress_id, upload=upload))
            except DomainError as exc:
                if isinstance(exc, NotFound):
                    raise
                messages.error(request, exc.message)
                errors = getattr(exc, "errors", [])
            else:
                messages.success(request, _("%(n)s delegates imported.") % {"n": n})
                return redirect("congress:delegates", congress_id=congress_id)
    groups = selectors.groups_with_sizes(congress)
    g = request.GET
    group_id = int(g["group"]) if g.get("group", "").isdigit() else None
    grid = build_grid(
        request, selectors.delegates_of(congress, group_id=group_id, kind=g.get("kind", "")),
        row_template="congress/_delegate_row.html", grid_id="delegates", default_sort="group",
        columns=[Col(_("Full name"), sort="name"), Col(_("Delegation"), sort="group__name", key="group"),
                 Col(_("Composition"))],
        search=("name__contains", "group__name__contains"), search_placeholder=_("Name or delegation"),
        filters=[Filter("group", _("Delegation"), [(str(x.pk), x.name) for x in groups]),
                 Filter("kind", _("Composition"), _kind_choices())],
        empty=Empty(_("No delegates yet. Import them from Excel with the form below.")))
    return render(request, "congress/delegates.html", {
        "congress": congress, "composition": selectors.composition(congress), "grid": grid,
        "groups": groups, "errors": errors}, status=422 if errors else 200)


def _kind_choices() -> list[tuple[str, str]]:
    return [("manager", _("Middle managers and above")), ("frontline", _("Front-line workers")),
            ("woman", _("Women workers")), ("young", _("Young workers (under 35)"))]


@staff_required
def election_rules(request, congress_id: int):
    """The congress's 差额率 (minimum candidates per seat in an election), edited on the workbench."""
    from niangjia.congress import services_settings

    congress = selectors.access_congress(actor=request.user, congress_id=congress_id)
    value, status = congress.min_candidate_pct, 200
    if request.method == "POST":
        value = request.POST.get("min_candidate_pct", "")
        try:
            services_settings.set_min_candidate_pct(actor=request.user, congress_id=congress_id, value=value)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            messages.error(request, exc.message)
            status = 422
        else:
            messages.success(request, _("Saved."))
            return redirect("congress:election_rules", congress_id=congress_id)
    return render(request, "congress/election_rules.html", {
        "congress": congress, "value": value, "low": rules.MIN_CANDIDATE_PCT[0], "high": rules.MIN_CANDIDATE_PCT[1],
        "examples": rules.min_candidates_examples(congress.min_candidate_pct)}, status=status)


@staff_required
def delegates_template(request, congress_id: int):
    from niangjia.core import exports, spreadsheets

    selectors.access_congress(actor=request.user, congress_id=congress_id)
    data = spreadsheets.template_bytes(services_import.HEADERS, services_import.EXAMPLE)
    return exports.file_response(data, "职工代表导入模板.xlsx")
