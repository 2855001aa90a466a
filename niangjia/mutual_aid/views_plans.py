"""Workbench pages of the plan year cycle (plans, draft editor, what-if, publish, renewal) and the review
queue's batch approval. Thin: parse the form, call the service, render."""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import bulk, evidence
from niangjia.core.errors import DomainError, Invalid
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import staff_required
from niangjia.mutual_aid import review, rules, selectors, services
from niangjia.mutual_aid.services import payouts

BAND_ROWS = 6


def _int(text, default=None):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


@staff_required
def plans(request):
    today = timezone.localdate()
    if request.method == "POST":
        try:
            plan = services.copy_plan_to_year(actor=request.user, plan_id=_int(request.POST.get("plan"), 0),
                                              year=_int(request.POST.get("year")))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("mutual_aid:plans")
        messages.success(request, _("Draft %(code)s created. Check its terms and rules, run the what-if, then publish.")
                         % {"code": plan.code})
        return redirect("mutual_aid:plan", plan.pk)
    year, phase = _int(request.GET.get("year")), request.GET.get("phase", "")
    actor = request.user
    grid = build_grid(
        request, selectors.plans_visible_qs(actor=actor, today=today, year=year,
                                            phase=phase if phase in rules.PHASES else ""),
        row_template="mutual_aid/_plan_row.html", grid_id="plans", default_sort="-year",
        columns=[Col(_("plan code"), sort="code"), Col(_("name"), sort="name"), Col(_("Year"), sort="year"),
                 Col(_("Status")), Col(_("Enrolment window"), sort="enrol_start", key="window"),
                 Col(_("Covered"), sort="coverage_start", key="covered"),
                 Col(_("Premium"), sort="premium", align="end"), Col(_("Enrolled"), sort="enrolled", align="end"),
                 Col("")],
        search=("code__istartswith", "name__contains"), search_placeholder=_("Plan code or name"),
        filters=[Filter("year", _("Year"), selectors.plan_years(actor=actor), all_label=_("All years")),
                 Filter("phase", _("Status"), list(rules.PHASES.items()), all_label=_("All"))],
        empty=Empty(_("No mutual-aid plan covers your unions yet. The union running the plan (usually the city union) creates it: ask its admin.")),
    )
    grid.page.object_list = selectors.with_phase(grid.page.object_list, actor=actor, today=today)
    return render(request, "mutual_aid/plans.html", {"grid": grid, "this_year": today.year})


def _editor_post(post) -> dict:
    fields = {key: post.get(key, "") for key in ("deductible", "annual_cap", "serious_lump_sum", "serious_per",
                                                   "frontline_lump_sum", "accident_lump_sum", "accident_cap")}
    for key in ("inpatient_on", "serious_on", "frontline_on", "accident_on"):
        fields[key] = post.get(key) == "on"
    fields["bands"] = [(post.get(f"band_low_{i}", ""), post.get(f"band_high_{i}", ""), post.get(f"band_rate_{i}", ""))
                       for i in range(1, BAND_ROWS + 1)]
    return fields


def _editor_values(plan, post=None) -> dict:
    """What the editor shows: the posted text after a refusal, else the stored plan."""
    if post is not None:
        form = _editor_post(post)
        terms = {k: post.get(k, "") for k in ("name", "premium", "coverage_start", "coverage_end", "enrol_start",
                                               "enrol_end", "waiting_days", "two_step_above")}
    else:
        form = rules.rules_form(plan.rules)
        terms = {"name": plan.name, "premium": plan.premium, "coverage_start": plan.coverage_start.isoformat(),
                 "coverage_end": plan.coverage_end.isoformat(),
                 "enrol_start": plan.enrol_start.isoformat() if plan.enrol_start else "",
                 "enrol_end": plan.enrol_end.isoformat() if plan.enrol_end else "",
                 "waiting_days": plan.waiting_days, "two_step_above": plan.two_step_above}
    bands = list(form["bands"]) + [("", "", "")] * BAND_ROWS
    form["band_rows"] = [(i + 1, *bands[i]) for i in range(BAND_ROWS)]
    return {"form": form, "terms": terms}


@staff_required
def plan_detail(request, plan_id: int):
    today = timezone.localdate()
    plan = selectors.plan_for_workbench(actor=request.user, plan_id=plan_id, today=today)
    ctx = {"plan": plan, "kinds": rules.KINDS, "error": None, "whatif": None, "renewal": None}
    editor_post = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save":
                editor_post = request.POST
                services.update_draft(actor=request.user, plan_id=plan.pk, name=request.POST.get("name", ""),
                                      premium=request.POST.get("premium"),
                                      coverage_start=request.POST.get("coverage_start"),
                                      coverage_end=request.POST.get("coverage_end"),
                                      enrol_start=request.POST.get("enrol_start"),
                                      enrol_end=request.POST.get("enrol_end"),
                                      waiting_days=request.POST.get("waiting_days"),
                                      two_step_above=request.POST.get("two_step_above"),
                                      rules_fields=_editor_post(request.POST))
                messages.success(request, _("Draft saved. Run the what-if again before publishing."))
                return redirect("mutual_aid:plan", plan.pk)
            if action == "whatif":
                ctx["whatif"] = services.run_what_if(actor=request.user, plan_id=plan.pk)
            elif action == "publish":
                services.publish_plan(actor=request.user, plan_id=plan.pk)
                messages.success(request, _("Plan published: enrolment is open for its window."))
                return redirect("mutual_aid:plan", plan.pk)
            elif action == "renew_preview":
                ctx["renewal"] = services.renewal_preview(actor=request.user, plan_id=plan.pk)
            elif action == "renew":
                batch = services.renew_enrolments(actor=request.user, plan_id=plan.pk,
                                                  expected_count=_int(request.POST.get("count"), -1),
                                                  expected_total=request.POST.get("total"))
                messages.success(request, _("Renewed %(n)s members; premium total %(t)s yuan.")
                                 % {"n": batch.count, "t": batch.premium_total})
                return redirect("mutual_aid:plan", plan.pk)
            else:
                ctx["error"] = _("Unknown action.")
        except DomainError as exc:
            ctx["error"] = exc.message
        plan = selectors.plan_for_workbench(actor=request.user, plan_id=plan_id, today=today)
        ctx["plan"] = plan
    ctx.update(_editor_values(plan, editor_post))
    ctx["rule_lines"] = _rule_lines(plan.rules)
    return render(request, "mutual_aid/plan_detail.html", ctx, status=422 if ctx["error"] else 200)


def _rule_lines(plan_rules: dict) -> list[str]:
    """The stored rules as sentences (read-only view of a published plan)."""
    lines = []
    inp = plan_rules.get("inpatient")
    if inp:
        bands = "；".join(
            (f"{rules.fmt(rules.money(lo))}–{rules.fmt(rules.money(hi))} 元" if hi else f"{rules.fmt(rules.money(lo))} 元以上")
            + f"按 {rules.pct(Decimal(r))}" for lo, hi, r in inp["bands"])
        lines.append(f"住院：起付线 {rules.fmt(rules.money(inp['deductible']))} 元，{bands}，"
                     f"年度封顶 {rules.fmt(rules.money(inp['annual_cap']))} 元")
    for kind in ("serious_illness", "frontline_infection", "accidental_injury"):
        rule = plan_rules.get(kind)
        if not rule:
            continue
        per = {"plan_year": "每年一次", "lifetime": "终身一次", "event": "每次事件"}.get(rule.get("per"), "")
        cap = f"，年度封顶 {rules.fmt(rules.money(rule['annual_cap']))} 元" if rule.get("annual_cap") else ""
        lines.append(f"{rules.KINDS[kind]}：定额 {rules.fmt(rules.money(rule['lump_sum']))} 元（{per}）{cap}")
    return lines


EVIDENCE_KIND = "mutual_aid.claim"


@staff_required
@require_POST
def review_batch(request):
    """Batch approval of the one-step inpatient claims selected on the review queue: a page with every selected
    claim's evidence (member, invoice, photos, calculation, this year's cap, steps) and the totals the set-based
    service would approve; the approver ticks that they checked it and confirms these figures."""
    actor = request.user
    ids = bulk.selected_ids(request.POST)
    facts = []
    for pk in ids:
        try:
            facts.append(review.claim_review(actor=actor, claim_id=pk))
        except DomainError:
            continue  # another district's id: dropped without a word about it
    ids = [f.claim.pk for f in facts]
    ctx = {"facts": facts, "preview": None, "error": None, "ids": ids, "budget": payouts.SOURCE.budget}
    try:
        if not facts:
            raise Invalid("请先在审核列表中勾选要批量审批的申请。", code="mutual_aid.batch_empty")
        plans = {f.claim.plan_id for f in facts}
        if len(plans) > 1:
            raise Invalid("一次批量审批只能包含同一互助计划的申请，请按计划分别勾选。", code="mutual_aid.batch_plans")
        plan_id = plans.pop()
        if request.POST.get("confirm") == "1":
            evidence.require_seen(actor, request.POST.get("evidence"), EVIDENCE_KIND, ids)
            result = services.approve_inpatient_batch(actor=actor, plan_id=plan_id, claim_ids=ids,
                                                      expected_count=request.POST.get("count"),
                                                      expected_total=request.POST.get("total"))
            messages.success(request, _("Approved %(n)s claims, %(t)s yuan in total; %(l)s left for review one by one.")
                             % {"n": result.approved, "t": result.total, "l": result.left_for_review})
            return redirect(reverse("mutual_aid:review"))
        ctx["preview"] = services.preview_inpatient_batch(actor=actor, plan_id=plan_id, claim_ids=ids)
    except DomainError as exc:
        ctx["error"] = exc.message
        if facts and ctx["preview"] is None and exc.code == "evidence.not_seen":
            ctx["preview"] = services.preview_inpatient_batch(actor=actor, plan_id=plan_id, claim_ids=ids)
    ctx["evidence_token"] = evidence.seen_token(actor, EVIDENCE_KIND, ids) if ids else ""
    return render(request, "mutual_aid/review_batch.html", ctx, status=422 if ctx["error"] else 200)
