"""Relief workbench reference lists in the shared grid: policies, the dibao table, exits proposed by monitoring
(with the income import) and duplicate heads of household. Thin: parse, call, render."""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from niangjia.core import scoping, spreadsheets
from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.views import staff_required
from niangjia.relief import imports, rules, selectors, selectors_lists, services
from niangjia.relief.forms import CategoryStandardsForm
from niangjia.relief.services import whatif_jobs
from niangjia.relief.views import _date, _dibao_warning


def _params_from_tier_form(policy_id: int, post) -> dict:
    """The tier table form: the base version's params with thresholds (in %) and amounts replaced."""
    import copy

    from niangjia.core.money import MoneyError, parse_yuan

    base = selectors.policy_by_id(policy_id=policy_id)
    params = copy.deepcopy(base.params)
    for kind, spec in (params.get("kinds") or {}).items():
        for i, tier in enumerate(spec.get("tiers") or []):
            ratio, amount = post.get(f"t-{kind}-{i}-pct"), post.get(f"t-{kind}-{i}-amount")
            try:  # core.money: NaN, 1e309, 1,000, full-width digits or a third decimal never reach the policy
                if ratio not in (None, ""):
                    tier["min_ratio"] = f"{(parse_yuan(ratio, f'第 {i + 1} 档的比例（%）') / 100).normalize():f}"
                if amount not in (None, ""):
                    unit = "fixed" if "fixed" in tier["amount"] else "dibao_months"
                    tier["amount"] = {unit: f"{parse_yuan(amount, f'第 {i + 1} 档的金额').normalize():f}"}
            except MoneyError as exc:
                raise DomainError(str(exc)) from None
    return params


def _tier_rows(policy) -> list[dict]:
    from decimal import Decimal

    rows = []
    for kind, spec in (policy.params.get("kinds") or {}).items():
        for i, tier in enumerate(spec.get("tiers") or []):
            unit = "fixed" if "fixed" in tier["amount"] else "dibao_months"
            rows.append({"kind": kind, "label": rules.KIND_LABELS.get(kind, kind), "i": i, "no": i + 1,
                         "pct": (Decimal(str(tier["min_ratio"])) * 100).normalize(),
                         "amount": tier["amount"][unit], "unit": "元" if unit == "fixed" else "个月低保"})
    return rows


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() and len(str(value)) < 10 else None


def _policy_post(request, actor, ctx: dict):
    """One POST of the policies page; returns a response to send, or None to show the page (what-if, form errors)."""
    p = request.POST
    try:
        pid = int(p.get("id") or 0)
        if p.get("action") == "draft" and p.get("standards_form"):
            base = selectors.policy_by_id(policy_id=pid, kind="category")
            form = CategoryStandardsForm(p, base_params=base.params)
            if not form.is_valid():
                ctx["standards_form"], ctx["standards_form_for"] = form, pid
                messages.error(request, "类别救助标准有误，未保存草稿，请按提示修改。")
            else:
                services.draft_policy(actor=actor, base_policy_id=pid, params=form.to_params(),
                                      effective_from=form.cleaned_data["effective_from"] or timezone.localdate(),
                                      name=form.cleaned_data["name"])
                messages.success(request, _("Draft saved. Run the what-if before activating it."))
        elif p.get("action") == "draft":
            params = _params_from_tier_form(pid, p) if p.get("structured") else json.loads(p.get("params") or "{}")
            services.draft_policy(actor=actor, base_policy_id=pid, params=params,
                                  effective_from=_date(p.get("effective_from")) or timezone.localdate(),
                                  name=p.get("name", ""))
            messages.success(request, _("Draft saved. Run the what-if before activating it."))
        elif p.get("action") == "simulate":
            # a region's year of applications can be large: above the inline limit it runs in huey
            job = whatif_jobs.start_whatif_if_large(actor=actor, policy_id=pid)
            if job is not None:
                return redirect("core:job", token=job.token)
            ctx["simulation"] = services.simulate_policy(actor=actor, policy_id=pid)
        elif p.get("action") == "activate":
            services.activate_policy(actor=actor, policy_id=pid)
            messages.success(request, _("Policy activated."))
    except json.JSONDecodeError:
        messages.error(request, "政策参数不是有效的 JSON。")
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "请求不正确。"))
    if ctx["simulation"] is None and "standards_form" not in ctx:
        return redirect("relief:policies")
    return None


@staff_required
def policies(request):
    actor = request.user
    ctx = {"simulation": None}
    if request.method == "POST":
        response = _policy_post(request, actor, ctx)
        if response is not None:
            return response
    g = request.GET
    grid = build_grid(
        request, selectors_lists.policies_qs(kind=g.get("kind", ""), status=g.get("status", "")),
        row_template="relief/_policy_row.html", grid_id="policies", default_sort="code",
        columns=[Col(_("Name"), sort="name"), Col(_("Code"), sort="code"), Col(_("Version"), sort="version"),
                 Col(_("Kind"), sort="kind"), Col(_("Status"), sort="status"), Col(_("Region code"), sort="region_code"),
                 Col(_("Effective from"), sort="effective_from", key="from")],
        search=("name__contains", "code__istartswith", "region_code__startswith"),
        search_placeholder=_("Policy name, code or region code"),
        filters=[Filter("kind", _("Kind"), selectors_lists.POLICY_KIND_CHOICES, all_label=_("All")),
                 Filter("status", _("Status"), selectors_lists.POLICY_STATUS_CHOICES, all_label=_("All"))],
        empty=Empty(_("No relief policy yet. The reference policies are loaded with the demo data; an admin drafts "
                      "a new version from an existing one.")),
    )
    rows = list(grid.page.object_list)
    for pol in rows:  # the admin's draft forms, for the policies of this page only
        pol.params_json = json.dumps(pol.params, ensure_ascii=False, indent=1)
        pol.tiers = _tier_rows(pol)
        pol.sform = ((ctx["standards_form"] if ctx.get("standards_form_for") == pol.pk
                      else CategoryStandardsForm(base_params=pol.params, initial={"name": pol.name}))
                     if pol.kind == "category" else None)
    grid.page.object_list = rows
    ctx["grid"] = grid
    ctx["is_admin"] = scoping.has_role(actor, scoping.ADMIN_ROLES)
    return render(request, "relief/wb_policies.html", ctx)


@staff_required
def dibao(request):
    if request.method == "POST":
        p = request.POST
        try:
            services.set_dibao(actor=request.user, region_code=p.get("region_code", ""), year=int(p.get("year") or 0),
                               monthly_amount=p.get("monthly_amount", ""), is_demo=p.get("is_demo") == "on",
                               note=p.get("note", ""))
            messages.success(request, _("Done."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "年度须为整数。")
        return redirect("relief:dibao")
    is_admin = scoping.has_role(request.user, scoping.ADMIN_ROLES)
    grid = build_grid(
        request, selectors_lists.dibao_qs(year=_int(request.GET.get("year"))),
        row_template="relief/_dibao_row.html", grid_id="dibao", default_sort="-year",
        columns=[Col(_("Region code"), sort="region_code", key="region"), Col(_("Year"), sort="year"),
                 Col(_("Monthly dibao (yuan per person)"), sort="monthly_amount", key="amount", align="end"),
                 Col(_("Note"))],
        search=("region_code__startswith", "note__contains"), search_placeholder=_("Region code or note"),
        filters=[Filter("year", _("Year"), selectors_lists.dibao_years(), all_label=_("All years"))],
        empty=Empty(_("No dibao standard is recorded. An admin adds each region's yearly amount below.")
                    if is_admin else _("No dibao standard is recorded. Ask an admin to add each region's yearly "
                                       "amount.")),
    )
    return render(request, "relief/wb_dibao.html", {"grid": grid, "is_admin": is_admin,
                                                     **_dibao_warning(request.user)})


@staff_required
def income(request):
    """Monthly income records from Excel (all-or-nothing with row errors) and the exits monitoring proposes."""
    actor = request.user
    import_errors = []
    if request.GET.get("template"):
        return imports.income_template()
    if request.method == "POST":
        try:
            n = services.import_income_records(actor=actor, upload=request.FILES.get("file"))
            messages.success(request, _("Imported %(n)s monthly income records.") % {"n": n})
            return redirect("relief:income")
        except ImportRejected as exc:
            import_errors = spreadsheets.rejected(request, request.FILES.get("file"), exc)
        except DomainError as exc:
            messages.error(request, exc.message)
    grid = build_grid(
        request, selectors_lists.exit_proposals_qs(actor=actor),
        row_template="relief/_exit_row.html", grid_id="exits", default_sort="-since",
        columns=[Col(_("Household"), sort="household__head_name", key="head"), Col(_("Union"), sort="org__name",
                                                                                   key="union"),
                 Col(_("Why")), Col(_("Since"), sort="raised_at", key="since")],
        search=("household__head_name__startswith", "org__name__startswith", "=household_id"),
        search_placeholder=_("Head of household, household no. or union"),
        empty=Empty(_("No exit is proposed now. Proposals appear after the nightly monitoring run once six months "
                      "of income are recorded."), _("Import monthly income records"), "#income-import"),
    )
    return render(request, "relief/wb_income.html", {"import_errors": import_errors, "grid": grid})


@staff_required
def duplicates(request):
    """Admins: heads holding two household records, merged with their ledgers."""
    actor = request.user
    if request.method == "POST":
        p = request.POST
        try:
            result = services.merge_households(actor=actor, keep_id=int(p.get("keep") or 0),
                                               merge_id=int(p.get("merge") or 0), reason=p.get("reason", ""))
            messages.success(request, _("Merged into household %(id)s.") % {"id": p.get("keep")})
            for line in result["over_cap"]:
                messages.warning(request, line + "，请核查并冲销多付的部分。")
            if result["double_campaign_rows"]:
                messages.warning(request, _("The same campaign paid both records: %(n)s payment(s) to reverse.")
                                 % {"n": len(result["double_campaign_rows"])})
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "请求不正确。")
        return redirect("relief:duplicates")
    grid = build_grid(
        request, selectors_lists.duplicate_heads_qs(actor=actor),
        row_template="relief/_duplicate_row.html", grid_id="duplicates", default_sort="head",
        columns=[Col(_("Head of household"), sort="head_name", key="head"), Col(_("Union"), sort="org__name",
                                                                                key="union"),
                 Col(_("Records"), sort="records", align="end"), Col(_("Records to merge"))],
        search=("head_name__startswith", "org__name__startswith"),
        search_placeholder=_("Head of household or union"),
        empty=Empty(_("No head holds two household records. Nothing to merge.")),
    )
    grid.page.object_list = selectors_lists.duplicate_groups(actor=actor, rows=grid.page.object_list)
    return render(request, "relief/wb_duplicates.html", {
        "grid": grid, "is_admin": scoping.has_role(actor, scoping.ADMIN_ROLES)})
