"""Workbench pages for supervision letters, mediation and the employer early-warning list."""

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from niangjia.core import exports, scoping
from niangjia.core import selectors as core_selectors
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import member_login_required, staff_required
from niangjia.rights import selectors, selectors_links, selectors_lists
from niangjia.rights.services import letters, mediation, risk


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


UNION_LEVELS = ["city", "district", "street"]


def _org(request):
    try:
        return core_selectors.access_org_by_id(actor=request.user, org_id=int(request.POST.get("org") or 0))
    except ValueError:
        raise NotFound("未找到该组织。") from None


def _pdf(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return resp


@staff_required
def letter_list(request):
    facts = selectors_links.facts_from_case(actor=request.user,
                                            case_id=request.POST.get("case_id") or request.GET.get("case"))
    if request.method == "POST":
        try:
            letter = letters.issue(request.user, org=_org(request), kind=request.POST.get("kind", ""),
                                   recipient_name=request.POST.get("recipient_name", ""),
                                   employer_uscc=request.POST.get("employer_uscc", ""),
                                   issues=request.POST.get("issues", ""), legal_basis=request.POST.get("legal_basis", ""),
                                   rectification=request.POST.get("rectification", ""),
                                   rectify_by=_date(request.POST.get("rectify_by", "")),
                                   case_id=facts.case_id if facts else None)
            return redirect("rights:letter", pk=letter.pk)
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
    g = request.GET
    grid = build_grid(
        request, selectors.letters_for_grid(actor=request.user, kind=g.get("kind", ""), answer=g.get("answer", "")),
        row_template="rights/_letter_row.html", grid_id="letters", default_sort="-id",
        columns=[Col(_("Number"), sort="id"), Col(_("Recipient"), sort="recipient_name", key="recipient"),
                 Col(_("Union"), sort="org__name", key="union"), Col(_("Delivered"), sort="delivered_on"),
                 Col(_("Answer due"), sort="answer_due", key="due"), Col(_("Answered"), sort="responded_on"),
                 Col(_("Case"))],
        search=("number__contains", "recipient_name__contains", "employer_uscc", "case__number"),
        search_placeholder=_("Number, recipient, USCC or case number"),
        filters=[Filter("kind", _("Kind"), selectors.LETTER_KIND_CHOICES, all_label=_("All")),
                 Filter("answer", _("Answer"), [("waiting", _("Waiting for the answer")),
                                                 ("overdue", _("Answer overdue")), ("answered", _("Answered"))],
                        all_label=_("All"))],
        empty=Empty(_("No supervision letters yet. Issue one above, or from a rights case.")))
    return render(request, "rights/letters.html", {
        **selectors.letters_overview(actor=request.user, today=timezone.localdate()), "grid": grid,
        "today": timezone.localdate(),
        "kinds": selectors.LETTER_KIND_CHOICES, "facts": facts,
        "orgs": core_selectors.orgs_for_choice(actor=request.user, levels=UNION_LEVELS)[:50],
        "overdue": list(letters.overdue(actor=request.user))})


@staff_required
def letter_detail(request, pk: int):
    letter = selectors.access_letter(actor=request.user, letter_id=pk)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "deliver":
                letters.mark_delivered(request.user, letter_id=pk, on=_date(request.POST.get("on")) or timezone.localdate())
            elif op == "respond":
                letters.record_response(request.user, letter_id=pk, on=_date(request.POST.get("on")) or timezone.localdate(),
                                        response=request.POST.get("response", ""),
                                        rectified=request.POST.get("rectified") == "1")
            elif op == "follow_up":
                letters.follow_up(request.user, letter_id=pk, note=request.POST.get("note", ""))
            messages.success(request, _("Done."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("rights:letter", pk=pk)
    return render(request, "rights/letter.html", {"letter": letter, "follow_ups": letter.follow_ups.all()})


@staff_required
def letter_pdf(request, pk: int):
    return _pdf(letters.render_pdf(request.user, letter_id=pk), f"letter-{pk}")


def _claims(post) -> list[tuple[str, str]]:
    out = []
    for i in range(1, 6):
        label, amount = post.get(f"claim_label_{i}", "").strip(), post.get(f"claim_amount_{i}", "").strip()
        if label or amount:
            out.append((label, amount))
    return out


@staff_required
def mediation_list(request):
    facts = selectors_links.facts_from_case(actor=request.user,
                                            case_id=request.POST.get("case_id") or request.GET.get("case"))
    if request.method == "POST":
        try:
            m = mediation.open_mediation(request.user, org=_org(request), worker=None,
                                         worker_name=request.POST.get("worker_name", ""),
                                         employer_name=request.POST.get("employer_name", ""),
                                         employer_uscc=request.POST.get("employer_uscc", "").strip().upper(),
                                         claims=_claims(request.POST), case_id=facts.case_id if facts else None)
            return redirect("rights:mediation", pk=m.pk)
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
    overview = selectors.mediations_overview(actor=request.user)
    if request.GET.get("export") == "xlsx":
        return exports.export_response(
            subject="劳动争议调解统计", sheet_name="调解统计", org_name=exports.actor_org_name(request.user),
            columns=exports.columns("工会", ("调解成功件数", exports.INTEGER), ("追回金额（元）", exports.MONEY)),
            rows=[(r["mediation__org__name"], r["n"], r["amount"]) for r in overview["by_org"]])
    grid = build_grid(
        request, selectors.mediations_for_grid(actor=request.user, status=request.GET.get("status", "")),
        row_template="rights/_mediation_row.html", grid_id="mediations", default_sort="-id",
        columns=[Col("#", sort="id"), Col(_("Worker"), sort="worker_name", key="worker"),
                 Col(_("Employer"), sort="employer_name", key="employer"), Col(_("Union"), sort="org__name",
                                                                              key="union"),
                 Col(_("Opened"), sort="created_at", key="opened"), Col(_("Status"), sort="status"), Col(_("Case"))],
        search=("worker_name__startswith", "employer_name__contains", "employer_uscc", "case__number", "=pk"),
        search_placeholder=_("Worker, employer, USCC or case number"),
        filters=[Filter("status", _("Status"), selectors.MEDIATION_STATUS_CHOICES, all_label=_("All"))],
        empty=Empty(_("No mediations yet. Open one above, or from a rights case.")))
    return render(request, "rights/mediations.html", {
        **overview, "rows": range(1, 4), "facts": facts, "grid": grid,
        "orgs": core_selectors.orgs_for_choice(actor=request.user, levels=UNION_LEVELS)[:50]})


@member_login_required
def mediation_detail(request, pk: int):
    m = mediation._access(request.user, pk)  # 404 for anyone who is not staff, the worker or the employer
    staff = scoping.covers(request.user, m.org)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "confirm":
                mediation.confirm(request.user, mediation_id=pk)
            elif op == "session" and staff:
                mediation.add_session(request.user, mediation_id=pk,
                                      held_on=_date(request.POST.get("held_on")) or timezone.localdate(),
                                      mode=request.POST.get("mode", ""), participants=request.POST.get("participants", ""),
                                      minutes=request.POST.get("minutes", ""))
            elif op == "agreement" and staff:
                agreed = {c.pk: request.POST.get(f"agreed_{c.pk}") or "0" for c in m.claims.all()}
                plan = []
                for line in request.POST.get("instalments", "").splitlines():
                    parts = line.split()
                    if len(parts) == 2 and _date(parts[0]):
                        plan.append((_date(parts[0]), parts[1]))
                    elif line.strip():
                        raise DomainError("分期格式：每行“日期 金额”，例如 2026-12-31 5000", code="rights.instalments")
                mediation.record_agreement(request.user, mediation_id=pk, terms=request.POST.get("terms", ""),
                                           agreed=agreed, instalments=plan)
            elif op == "paper_signature" and staff:
                mediation.record_paper_signature(request.user, mediation_id=pk, party=request.POST.get("party", ""),
                                                 signed_on=_date(request.POST.get("signed_on")))
            elif op == "refer" and staff:
                mediation.refer(request.user, mediation_id=pk, reason=request.POST.get("reason", ""))
            else:
                raise NotFound("未找到该记录，或您无权查看。")
            messages.success(request, _("Done."))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("rights:mediation", pk=pk)
    # staff stay inside the workbench layout; the worker and the employer see it as a phone page
    template = "rights/mediation_staff.html" if staff else "rights/mediation.html"
    return render(request, template, {"m": m, "staff": staff, **selectors.mediation_details(m)})


@member_login_required
def mediation_pdf(request, pk: int):
    return _pdf(mediation.render_agreement_pdf(request.user, mediation_id=pk), f"mediation-{pk}")


@staff_required
def risk_list(request):
    if request.method == "POST":
        try:
            risk.report_signal(request.user, org=_org(request), kind=request.POST.get("kind", ""),
                               employer_uscc=request.POST.get("employer_uscc", "").strip().upper(),
                               employer_name=request.POST.get("employer_name", ""),
                               reported_on=_date(request.POST.get("reported_on")) or timezone.localdate(),
                               note=request.POST.get("note", ""))
            messages.success(request, _("Done."))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("rights:risk")
    data = selectors.risk_map(actor=request.user)
    grid = build_grid(
        request, selectors_lists.risk_rows(actor=request.user, level=request.GET.get("level", "")),
        row_template="rights/_risk_row.html", grid_id="risk", default_sort="level",
        columns=[Col(_("Employer"), sort="employer_name", key="employer"), Col(_("Risk level"), sort="rank", key="level"),
                 Col(_("Reasons")), Col(_("Assessed"), sort="assessed_at", key="assessed")],
        search=("employer_name__contains", "employer_uscc__iexact"), search_placeholder=_("Employer name or USCC"),
        filters=[Filter("level", _("Risk level"), selectors_lists.risk_level_choices())],
        empty=Empty(_("No employer is assessed yet. Report a layoff plan or production suspension below; the "
                      "nightly assessment adds employers with cases or reports.")),
    )
    return render(request, "rights/risk.html", {
        "grid": grid, "areas": data["areas"], "counts": data["counts"], "chart": data["chart"],
        "orgs": core_selectors.orgs_for_choice(actor=request.user, levels=["grassroots"])[:100]})


def _casework_rows(data: dict) -> list[tuple]:
    labels = {k["kind"]: k["label"] for k in data["kinds"]}
    rows: list[tuple] = [("监督文书", labels[k], "合计", n) for k, n in data["letters_total"].items()]
    for i, month in enumerate(data["months"]):
        rows += [("监督文书", labels[k], month, data["letters_by_month"][k][i]) for k in labels]
        rows += [("调解成功", "件数", month, data["resolved_by_month"][i]),
                 ("维权金额", "元", month, data["recovered_by_month"][i])]
    for r in data["letters_by_org"]:
        rows += [("监督文书", labels[k], r["org"], r[k]) for k in labels]
    for r in data["mediation_by_org"]:
        rows += [("调解成功", "件数", r["org"], r["resolved"]), ("维权金额", "元", r["org"], r["recovered"])]
    return rows + [("调解成功", "件数", "合计", data["resolved"]), ("维权金额", "元", "合计", data["recovered"])]


@staff_required
def casework_stats(request):
    """Letters by kind, disputes resolved and amounts recovered, by union and month: charts, Excel, JSON."""
    from django.http import JsonResponse

    since, until = _date(request.GET.get("since", "")), _date(request.GET.get("until", ""))
    if (request.GET.get("since") and since is None) or (request.GET.get("until") and until is None):
        messages.error(request, "日期格式不正确。")
    org = None
    if (request.GET.get("org") or "").isdigit():
        try:
            org = core_selectors.access_org_by_id(actor=request.user, org_id=int(request.GET["org"]))
        except NotFound:
            messages.error(request, "未找到该组织。")
    data = selectors.casework_statistics(actor=request.user, since=since, until=until, org=org)
    fmt = request.GET.get("format") or request.GET.get("export")
    if fmt == "json":
        return JsonResponse(data)
    if fmt == "xlsx":
        rows = _casework_rows(data)
        return exports.export_response(
            subject="监督文书与调解统计", sheet_name="统计", rows=rows,
            org_name=org.name if org else exports.actor_org_name(request.user),
            filters={"起": since.isoformat() if since else "", "止": until.isoformat() if until else ""},
            columns=exports.columns("指标", "项目", "月份/工会", ("数值", exports.NUMBER)))
    return render(request, "rights/casework_stats.html", {
        "data": data, "since": since, "until": until, "org": org,
        "orgs": core_selectors.orgs_for_choice(
            actor=request.user, levels=["national", "province", "city", "district", "street"])[:100]})
