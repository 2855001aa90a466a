"""Relief pages: mobile-first worker pages and the staff workbench. Thin: parse, call, render."""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import bulk, choices, evidence, exports, pii, scoping, spreadsheets
from niangjia.core import selectors as core_selectors
from niangjia.core.errors import DomainError
from niangjia.core.grid import BulkAction, Col, Empty, Filter, build_grid
from niangjia.core.payouts import accounts
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, staff_required
from niangjia.relief import imports, review, rules, selectors, services, sheets
from niangjia.relief.services import helpers as helper_services

KIND_CHOICES = selectors.KIND_CHOICES
NON_GRASSROOTS = [level for level in choices.ORG_LEVEL_ORDER if level != "grassroots"]
LARGE_CAMPAIGN = 20_000  # households; above this the generation goes to the huey queue


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- worker pages -------------------------------------------------------------------------------


def home(request):
    return render(request, "relief/home.html", {"nav_section": "home"})


def _place(request, need: str) -> dict:
    """Region and year for a worker page: from the member's union and today's date; a visitor picks a
    place by name from a list (never types an administrative code)."""
    year = timezone.localdate().year
    place = selectors.worker_place(request.user)
    if place:
        return {"year": year, "region_code": place["region_code"], "place_name": place["org_name"], "regions": []}
    regions = selectors.public_regions(year, need=need)
    chosen = request.POST.get("region_code") or (regions[0][0] if regions else "")
    return {"year": year, "region_code": chosen, "place_name": "", "regions": regions}


def calculator(request):
    place = _place(request, "policy")
    ctx = {"data": request.POST or {"kind": "hospitalization", "already_paid_this_year": "0"}, "place": place}
    if request.method == "POST":
        p = request.POST
        try:
            q, policy = services.quote(kind=p.get("kind", ""), self_paid=p.get("self_paid", ""),
                                       household_annual_income=p.get("household_annual_income", ""),
                                       region_code=place["region_code"], year=place["year"],
                                       already_paid_this_year=p.get("already_paid_this_year") or "0")
            ctx.update(quote=q, policy=policy)
        except DomainError as exc:
            ctx["error"] = exc.message
        if _is_htmx(request):
            return render(request, "relief/_quote_result.html", ctx)
    return render(request, "relief/calculator.html", ctx)


def self_test(request):
    place = _place(request, "dibao")
    ctx = {"data": request.POST or {"people": 3}, "place": place,
           "exclusions": services.exclusion_choices().items()}
    if request.method == "POST":
        p = request.POST
        try:
            result, dibao = services.self_test(disposable=p.get("disposable", ""), rigid=p.get("rigid") or "0",
                                               people=int(p.get("people") or 0), region_code=place["region_code"],
                                               year=place["year"], sudden_cost=p.get("sudden_cost") or "0",
                                               exclusions=p.getlist("exclusions"))
            ctx.update(result=result, label=rules.CATEGORY_LABELS[result.category], dibao=dibao)
        except DomainError as exc:
            ctx["error"] = exc.message
        except ValueError:
            ctx["error"] = "共同生活人数须为整数。"
        if _is_htmx(request):
            return render(request, "relief/_self_test_result.html", ctx)
    return render(request, "relief/self_test.html", ctx)


@member_login_required
@submit_once("relief.apply")
def apply(request):
    household = services.household_of_worker(request.user)
    eligibility = selectors.apply_eligibility(request.user)
    ctx = {"kinds": KIND_CHOICES, "household": household, "data": request.POST or {}, "eligibility": eligibility,
           "file_kinds": ["living", "education"], "payee": accounts.payee_summary(request.user)}
    if not eligibility["is_member"]:
        return render(request, "relief/apply.html", ctx)
    if request.method == "POST":
        p = request.POST
        new_household = None
        if household is None:
            rows = [{"name": request.user.name, "relation": "self", "age": p.get("age") or 40,
                     "monthly_income": p.get("own_income") or "0", "illness": p.get("illness") == "on"}]
            others = int(p.get("others") or 0) if (p.get("others") or "0").isdigit() else 0
            for i in range(min(others, 10)):
                rows.append({"name": f"家庭成员{i + 1}", "relation": "other", "age": 30,
                             "monthly_income": p.get("others_income") or "0" if i == 0 else "0"})
            new_household = {"members": rows, "address": p.get("address", "")}
        invoices = []
        if p.get("invoice_number"):
            invoices.append({"number": p.get("invoice_number"), "amount": p.get("total_cost", ""),
                             "issued_on": p.get("invoice_date") or None})
        try:
            # Living and education aid are paid by the category standard, not against costs: the form does not ask.
            no_costs = p.get("kind") in ("living", "education")
            app = services.submit_application(
                actor=request.user, kind=p.get("kind", ""),
                total_cost="0" if no_costs else p.get("total_cost", ""),
                self_paid="0" if no_costs else (p.get("self_paid") or "0"), year=None,
                invoices=[] if no_costs else invoices, photos=request.FILES.getlist("photos"),
                students=int(p.get("students") or 0), description=p.get("description", ""),
                new_household=new_household, evidence_required=True, payee=accounts.payee_from_form(p))
        except DomainError as exc:
            ctx["error"] = exc.message
        except ValueError:
            ctx["error"] = "学生人数须为整数。"
        else:
            messages.success(request, _("Your application has been submitted. You will get a message at each step."))
            return redirect("relief:my_application", app.pk)
    return render(request, "relief/apply.html", ctx)


@member_login_required
def my_applications(request):
    return render(request, "relief/my_applications.html", {"apps": selectors.my_applications(request.user)[:50]})


@member_login_required
def my_application(request, pk: int):
    app = selectors.access_application(actor=request.user, application_id=pk)
    return render(request, "relief/my_application.html", {
        "app": app, **selectors.application_status_page(app),
        "decision": getattr(app, "decision", None) if app.status == "approved" else None})


# --- workbench ------------------------------------------------------------------------------------


@staff_required
def workbench(request):
    """The application queue: approve or reject the step that is yours."""
    actor = request.user
    if request.method == "POST":
        try:
            pk = int(request.POST.get("id") or 0) if (request.POST.get("id") or "0").isdigit() else 0
            approve = request.POST.get("action") == "approve"
            if approve:  # approvals only where the evidence is shown (the review page or the bulk page)
                evidence.require_seen(actor, request.POST.get("evidence"), EVIDENCE_KIND, [pk])
            services.decide(actor=actor, application_id=pk, approve=approve, reason=request.POST.get("reason", ""))
            messages.success(request, _("Done."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(request.get_full_path())
    status = request.GET.get("status", "open")
    qs = selectors.application_queue(actor=actor, status=status)
    grid = build_grid(
        request, qs, row_template="relief/_application_row.html",
        columns=[Col(_("No."), sort="id"), Col(_("Household"), sort="household__head_name"), Col(_("Union")),
                 Col(_("Kind"), sort="kind"), Col(_("Self-paid"), sort="self_paid", align="end"),
                 Col(_("Estimate"), sort="quoted_amount", align="end"), Col(_("Status")), Col(_("Steps")), Col("")],
        search=("household__head_name__startswith", "*invoices__number", "=pk"),
        search_placeholder=_("Head of household, application no. or invoice no."),
        filters=[Filter("status", _("Status"), [("open", _("Waiting for a decision")), *selectors.APPLICATION_STATUS_CHOICES],
                        all_label=_("All"))],
        bulk_actions=[BulkAction("approve", _("Approve selected"), reverse("relief:applications_bulk"), "success"),
                      BulkAction("reject", _("Return selected"), reverse("relief:applications_bulk"), "danger"),
                      BulkAction(bulk.EXPORT, _("Export selected"), reverse("relief:applications_bulk"), "secondary")],
        empty=Empty(_("No applications wait for you. Applications members send online appear here.")),
    )
    if "status" not in request.GET:
        grid.filters[0]["value"] = "open"  # the queue opens on what waits for a decision
    return render(request, "relief/wb_applications.html", {"grid": grid, **_dibao_warning(actor)})


@require_POST
@staff_required
def applications_bulk(request):
    """Approve or reject several applications: confirmation with count and total, then `decide` for each."""
    actor = request.user
    return bulk.handle(
        request, title=_("Decide relief applications together"),
        actions={"approve": _("approve"), "reject": _("reject")}, reason_required={"reject"},
        load=lambda ids: [bulk.Item(a.pk, f"#{a.pk} {a.household.head_name}（{a.get_kind_display()}）",
                                    a.quoted_amount)
                          for a in selectors.open_applications_by_ids(actor=actor, ids=ids)],
        run=lambda action, pk, reason: services.decide(actor=actor, application_id=pk, approve=action == "approve",
                                                       reason=reason),
        fallback_url=reverse("relief:workbench"),
        evidence=bulk.Evidence(actions=frozenset({"approve"}), kind=EVIDENCE_KIND,
                               template="relief/_bulk_evidence.html", load=lambda ids: _evidence_facts(actor, ids)),
        budget=services.BUDGET,
        export=bulk.Export(
            subject="帮扶申请", sheet_name="帮扶申请",
            columns=exports.columns(("申请号", exports.INTEGER), "户主", "工会", "类别", ("自付金额", exports.MONEY),
                                    ("测算金额", exports.MONEY), "状态", ("提交日期", exports.DATE)),
            load=lambda ids: [bulk.Item(a.pk, f"#{a.pk} {a.household.head_name}（{a.get_kind_display()}）",
                                        a.quoted_amount)
                              for a in selectors.applications_by_ids(actor=actor, ids=ids)],
            rows=lambda ids: [(a.pk, pii.mask_name(a.household.head_name), a.org.name, a.get_kind_display(),
                               a.self_paid, a.quoted_amount, a.get_status_display(), a.created_at)
                              for a in selectors.applications_by_ids(actor=actor, ids=ids)]))


EVIDENCE_KIND = "relief.application"


def _evidence_facts(actor, ids: list[int]) -> list:
    """Each selected application's review facts (applicant, household, photos, invoices, calculation, cap, steps),
    for the bulk confirmation page: the same facts as the single review screen."""
    out = []
    for pk in ids:
        facts = review.application_review(actor=actor, application_id=pk)
        services.fill_calculation(facts)
        out.append(facts)
    return out


def _dibao_warning(actor) -> dict:
    """Admins are warned when the current year has no dibao for a region in their scope."""
    if not scoping.has_role(actor, scoping.ADMIN_ROLES):
        return {}
    year = timezone.localdate().year
    return {"dibao_gaps": selectors.dibao_gaps(actor=actor, year=year), "dibao_year": year}


@staff_required
def application_review(request, pk: int):
    """One page with everything an approver needs (applicant, household, photos, calculation, this year's
    aid and cap, earlier steps); the decision is taken here."""
    actor = request.user
    facts = review.application_review(actor=actor, application_id=pk)
    if request.method == "POST":
        try:
            approve = request.POST.get("action") == "approve"
            if approve:
                evidence.require_seen(actor, request.POST.get("evidence"), EVIDENCE_KIND, [pk])
            services.decide(actor=actor, application_id=pk, approve=approve, reason=request.POST.get("reason", ""))
            messages.success(request, _("Done."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("relief:application_review", pk)
    services.fill_calculation(facts)
    level = services.decidable_level(actor, facts.app)
    return render(request, "relief/wb_application_review.html", {
        "f": facts, "level": level, "level_label": review.level_label(level),
        "evidence_token": evidence.seen_token(actor, EVIDENCE_KIND, [pk]) if level else ""})


@staff_required
def application_sheet(request, pk: int):
    """审批表: the printable approval sheet of a decided application (PDF, CJK font)."""
    facts = review.application_review(actor=request.user, application_id=pk)
    if facts.is_open:
        messages.error(request, "审批表在申请办结（批准或驳回）后才能打印。")
        return redirect("relief:application_review", pk)
    services.fill_calculation(facts)
    data = sheets.application_sheet(facts)
    return exports.file_response(data, f"帮扶审批表-{pk}.pdf", "application/pdf")


@staff_required
def files(request):
    actor = request.user
    g = request.GET
    import_errors = []
    if request.method == "POST" and request.FILES.get("file"):
        try:
            n = services.import_files(actor=actor, upload=request.FILES["file"])
            messages.success(request, _("Imported %(n)s files.") % {"n": n})
            return redirect("relief:files")
        except ImportRejected as exc:
            import_errors = spreadsheets.rejected(request, request.FILES["file"], exc)
        except DomainError as exc:
            messages.error(request, exc.message)
    if g.get("template"):
        return imports.files_template(actor)
    qs = selectors.files_visible_to(actor=actor, status=g.get("status", ""), category=g.get("category", ""))
    if g.get("export"):
        rows = [(f.pk, pii.mask_name(f.household.head_name), f.org.name, f.get_category_display(),
                 f.get_status_display(), "、".join(f.cause_labels()), f.review_date,
                 pii.mask_bank_account(f.household.bank_account)) for f in qs[:50000]]
        return exports.export_response(
            subject="困难职工档案", sheet_name="档案", rows=rows, org_name=exports.actor_org_name(actor),
            filters={"状态": dict(selectors.FILE_STATUS_CHOICES).get(g.get("status", ""), ""),
                     "类别": dict(selectors.CATEGORY_CHOICES).get(g.get("category", ""), "")},
            columns=exports.columns("档案号", "户主", "工会", "类别", "状态", "致困原因", ("复核日期", exports.DATE),
                                    "银行账号"))
    grid = build_grid(
        request, qs, row_template="relief/_file_row.html",
        columns=[Col(_("File no."), sort="id"), Col(_("Head of household"), sort="household__head_name"),
                 Col(_("Union"), sort="org__name"), Col(_("Category"), sort="category"), Col(_("Status"), sort="status"),
                 Col(_("Causes")), Col(_("Helper")), Col(_("Review date"), sort="review_date")],
        search=("household__head_name__startswith", "org__name__startswith", "=pk"),
        search_placeholder=_("Head of household, file no. or union"),
        filters=[Filter("status", _("Status"), selectors.FILE_STATUS_CHOICES, all_label=_("All")),
                 Filter("category", _("Category"), selectors.CATEGORY_CHOICES, all_label=_("All"))],
        empty=Empty(_("No hardship files yet. Import them from Excel below or open one from a household."),
                    _("Households"), reverse("relief:households")),
    )
    return render(request, "relief/wb_files.html", {"grid": grid, "import_errors": import_errors})


@staff_required
def monitoring(request):
    actor = request.user
    if request.method == "POST":
        try:
            helper_services.assign_helper(actor=actor, household_id=int(request.POST.get("household") or 0),
                                          helper_id=int(request.POST.get("helper") or 0))
            messages.success(request, _("The helper is assigned and has been notified."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("Please choose a helper."))
        return redirect(request.get_full_path())
    counts = selectors.flag_counts(actor=actor)
    labels = dict(selectors.RISK_CODE_CHOICES)
    days = sorted({str(r["day"]) for r in counts["trend"]})
    series = [{"name": str(labels[c]), "type": "line",
               "data": [next((r["count"] for r in counts["trend"] if str(r["day"]) == d and r["code"] == c), 0)
                        for d in days]} for c in selectors.RISK_CODES]
    code = request.GET.get("code", "")
    grid = build_grid(
        request, selectors.flagged(actor=actor, code=code if code in selectors.RISK_CODES else ""),
        row_template="relief/_flag_row.html", default_sort="raised", grid_id="flagged",
        columns=[Col(_("Head of household"), sort="household__head_name"), Col(_("Union"), sort="org__name"),
                 Col(_("Reason")), Col(_("Flagged on"), sort="raised_at", key="raised"), Col(_("Last visit")),
                 Col(_("Helper")), Col("")],
        search=("household__head_name__startswith", "org__name__startswith"),
        search_placeholder=_("Head of household or union"),
        filters=[Filter("code", _("Alert"), [(c, labels[c]) for c in selectors.RISK_CODES], all_label=_("All"))],
        empty=Empty(_("No household is flagged. The nightly check flags households here when their situation changes.")),
    )
    return render(request, "relief/wb_monitoring.html", {
        "grid": grid, "code": code, "helpers": selectors.helper_choices(actor=actor),
        "by_code": [(c, labels[c], counts["by_code"].get(c, 0)) for c in selectors.RISK_CODES],
        "by_org": [{**r, "label": labels.get(r["code"], r["code"])} for r in counts["by_org"]],
        "chart": json.dumps({"days": days, "series": series}, ensure_ascii=False),
        "not_visited": selectors.not_visited(actor=actor)[:10]})


@staff_required
def reports(request):
    actor = request.user
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    data = selectors.report(actor=actor, year=year)
    if request.GET.get("export"):
        rows = [(r["org__name"], r["n"], r["s"]) for r in data["by_org"]]
        rows += [("生活救助", "", data["living"]), ("助学救助", "", data["education"]),
                 ("医疗救助", "", data["medical"]), ("帮扶人次", data["person_times"], ""),
                 ("脱困户数", data["exited"], ""), ("返困户数", data["relapsed"], "")]
        return exports.export_response(
            subject=f"帮扶工作报表{year}年", sheet_name="报表", rows=rows, org_name=exports.actor_org_name(actor),
            columns=exports.columns("项目/工会", ("人次", exports.INTEGER), ("金额（元）", exports.MONEY)))
    cat_labels = dict(selectors.CATEGORY_CHOICES)
    chart = {"months": [m["month"] for m in data["by_month"]], "totals": [float(m["total"]) for m in data["by_month"]],
             "categories": [{"name": str(cat_labels.get(k, k)), "value": v} for k, v in data["by_category"].items()]}
    return render(request, "relief/wb_reports.html", {"d": data, "chart": json.dumps(chart, ensure_ascii=False),
                                                       "year": year})




# --- households, policies, payment batches ----------------------------------------------------


def _date(value):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise DomainError("日期格式不正确，应为 YYYY-MM-DD。") from None


MEMBER_LINE_HELP = "每行一人：姓名,关系（本人/配偶/子女/父母/其他）,年龄,就业状态（在职/失业/退休/学生/无劳动能力）,月收入；患病或残疾可在末尾加“病”“残”"
# The member lines are typed in Chinese; the old English codes are still accepted.
RELATION_WORDS = {"本人": "self", "户主": "self", "配偶": "spouse", "子女": "child", "父母": "parent", "其他": "other"}
WORK_WORDS = {"在职": "employed", "失业": "unemployed", "退休": "retired", "学生": "student", "无劳动能力": "unable"}


def _member_lines(text: str) -> list[dict]:
    rows = []
    for i, line in enumerate([ln for ln in text.splitlines() if ln.strip()], start=1):
        parts = [x.strip() for x in line.replace("，", ",").split(",")]
        if len(parts) < 5:
            raise DomainError(f"第 {i} 行家庭成员应有 5 项：{MEMBER_LINE_HELP}")
        rows.append({"name": parts[0], "relation": RELATION_WORDS.get(parts[1], parts[1]), "age": parts[2],
                     "work_status": WORK_WORDS.get(parts[3], parts[3]),
                     "monthly_income": parts[4], "illness": "病" in "".join(parts[5:]),
                     "disability": "残" in "".join(parts[5:])})
    return rows


@staff_required
def households(request):
    if request.method == "POST":
        p = request.POST
        try:
            h = services.create_household(actor=request.user, org_id=int(p.get("org_id") or 0),
                                          head_name=p.get("head_name", ""), region_code=p.get("region_code", ""),
                                          address=p.get("address", ""), bank_account=p.get("bank_account", ""),
                                          members=_member_lines(p.get("members", "")))
            return redirect("relief:household", h.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "请求不正确。")
        return redirect("relief:households")
    overdue = request.GET.get("visit") == "overdue"
    grid = build_grid(
        request, selectors.households_visible_to(actor=request.user,
                                                 not_visited_days=selectors.NOT_VISITED_DAYS if overdue else None),
        row_template="relief/_household_row.html",
        filters=[Filter("visit", _("Visits"), [("overdue", _("Open file, not visited in 90 days"))],
                        all_label=_("All"))],
        columns=[Col(_("No."), sort="id"), Col(_("Head of household"), sort="head_name"),
                 Col(_("Union"), sort="org__name"), Col(_("Region code"), sort="region_code"),
                 Col(_("Last visit"), sort="last_visit_on")],
        search=("head_name__startswith", "org__name__startswith", "=pk"),
        search_placeholder=_("Head of household, no. or union"),
        empty=Empty(_("No households yet. Add one with “New household” below.")),
    )
    return render(request, "relief/wb_households.html", {
        "grid": grid, "help": MEMBER_LINE_HELP,
        "orgs": core_selectors.orgs_for_choice(actor=request.user, levels=["grassroots"])[:300]})


@staff_required
def household(request, pk: int):
    actor = request.user
    h = selectors.access_household(actor=actor, household_id=pk)
    ctx = {}
    if request.method == "POST":
        p = request.POST
        action = p.get("action")
        try:
            if action == "open_file":
                services.open_file(actor=actor, household_id=h.pk, category=p.get("category", ""),
                                   causes=p.getlist("causes"), disposable=p.get("disposable", ""),
                                   rigid=p.get("rigid") or "0", sudden_cost=p.get("sudden_cost") or "0",
                                   helper_id=actor.pk, year=int(p.get("year") or timezone.localdate().year),
                                   exclusions=_exclusion_answers(p))
            elif action == "file_apply":
                services.submit_file_application(actor=actor, household_id=h.pk, category=p.get("category", ""),
                                                 causes=p.getlist("causes"), disposable=p.get("disposable", ""),
                                                 rigid=p.get("rigid") or "0", sudden_cost=p.get("sudden_cost") or "0",
                                                 year=int(p.get("year") or timezone.localdate().year),
                                                 exclusions=_exclusion_answers(p))
            elif action == "file_step":
                services.advance_file_application(
                    actor=actor, application_id=int(p.get("fa_id") or 0), approve=p.get("decision") != "reject",
                    note=p.get("note", ""), consent_signed=p.get("consent") == "on",
                    check_result=p.get("check_result", ""), objections=p.get("objections", ""))
            elif action == "status":
                services.change_file_status(actor=actor, file_id=int(p.get("file_id") or 0),
                                            to_status=p.get("to_status", ""), reason=p.get("reason", ""),
                                            override=p.get("override") == "on")
            elif action == "visit":
                services.record_visit(actor=actor, household_id=h.pk, on=_date(p.get("on")) or timezone.localdate(),
                                      notes=p.get("notes", ""), next_visit_on=_date(p.get("next_visit_on")),
                                      income=p.get("income", "").strip() or None, rigid=p.get("rigid_month"),
                                      people=p.get("people"),
                                      photos=request.FILES.getlist("photos"))
            elif action == "apply":
                invoices = ([{"number": p.get("invoice_number"), "amount": p.get("total_cost", ""),
                              "issued_on": p.get("invoice_date") or None}] if p.get("invoice_number") else [])
                app = services.submit_application(
                    actor=actor, household_id=h.pk, kind=p.get("kind", ""), total_cost=p.get("total_cost", ""),
                    self_paid=p.get("self_paid") or "0", year=int(p["year"]) if p.get("year") else None,
                    invoices=invoices, photos=request.FILES.getlist("photos"), students=int(p.get("students") or 0),
                    description=p.get("description", ""))
                messages.success(request, _("Application submitted on the worker's behalf."))
                return redirect(f"{reverse('relief:workbench')}?status=submitted#app-{app.pk}")
            elif action == "evidence":
                services.add_household_evidence(actor=actor, household_id=h.pk,
                                                uploads=request.FILES.getlist("files"))
            elif action == "flag":
                services.raise_flag(actor=actor, household_id=h.pk, code=p.get("code", ""), note=p.get("note", ""))
            elif action == "clear_flag":
                services.clear_flag(actor=actor, flag_id=int(p.get("flag_id") or 0), note=p.get("note", ""))
            messages.success(request, _("Done."))
            return redirect("relief:household", h.pk)
        except DomainError as exc:
            ctx["error"] = exc.message
            ctx["error_lines"] = exc.details.get("lines", [])
        except ValueError:
            ctx["error"] = "请填写正确的数字。"
    bank = pii.mask_bank_account(h.bank_account)
    if request.GET.get("reveal") == "bank" and scoping.may_unmask(actor, h.org):
        from niangjia.core import audit

        audit.record(actor, "pii.reveal", h, org=h.org, summary={"field": "bank_account"})
        bank = h.bank_account
    ctx.update({
        "h": h, **selectors.household_related(h), "stage_labels": services.STAGE_LABELS,
        "may_override_exit": scoping.covers(actor, h.org, roles=scoping.APPROVER_ROLES),
        "income": selectors.household_income(h), "bank": bank, "may_unmask": scoping.may_unmask(actor, h.org),
        "categories": selectors.CATEGORY_CHOICES, "causes": list(selectors.CAUSE_LABELS.items()),
        "exclusions": [(code, label, request.POST.get(f"ex-{code}", "")) for code, label in
                       services.exclusion_choices().items()],
        "staff_flags": selectors.STAFF_RAISED_FLAGS,
        "year": timezone.localdate().year, "data": request.POST, "kinds": KIND_CHOICES,
    })
    return render(request, "relief/wb_household.html", ctx)


def _exclusion_answers(post) -> dict[str, bool]:
    """The yes/no radio of each exclusion (ex-<code>); an unanswered one is left out (the service refuses)."""
    return {code: post[f"ex-{code}"] == "yes" for code in services.exclusion_choices()
            if post.get(f"ex-{code}") in ("yes", "no")}
