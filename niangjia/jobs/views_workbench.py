"""Staff pages of the job fair: employers to verify, fairs, and the 1-3-1 job help of hardship workers."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from niangjia.core import scoping, spreadsheets
from niangjia.core.errors import DomainError, Invalid
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.submissions import submit_once
from niangjia.core.views import staff_required
from niangjia.jobs import rules, selectors, selectors_matching, services, services_imports
from niangjia.jobs.choices import FAIR_KINDS, HEALTH_LIMITS, HOURS_CHOICES, OUTCOMES

EMPLOYER_STATUS = [("pending", _l("Awaiting verification")), ("verified", _l("Verified employer")), ("rejected", _l("Verification refused"))]


@staff_required
def workbench(request):
    status = request.GET.get("status", "")
    status = status if status in dict(EMPLOYER_STATUS) else ""
    grid = build_grid(
        request, selectors.employers_visible_to(actor=request.user, status=status),
        row_template="jobs/_employer_row.html", default_sort="status", grid_id="employers",
        columns=[Col(_("Hiring employer"), sort="name"), Col(_("Credit code")), Col(_("Union")),
                 Col(_("Status"), sort="status"), Col(_("Posts"), align="end"), Col(_("Action"))],
        search=("name__icontains", "uscc__startswith"), search_placeholder=_("Name or credit code"),
        filters=[Filter("status", _("Status"), [(k, str(v)) for k, v in EMPLOYER_STATUS], all_label=_("All"))],
        empty=Empty(_("No employers yet.")),
    )
    fairs = selectors.fairs_visible_to(actor=request.user, limit=20)
    orgs = scoping.top_orgs(request.user)
    return render(request, "jobs/workbench.html", {"grid": grid, "fairs": fairs, "fair_kinds": FAIR_KINDS,
                                                   "orgs": orgs})


@staff_required
@require_POST
def verify(request, employer_id: int):
    try:
        services.verify_employer(actor=request.user, employer_id=employer_id,
                                 approve=request.POST.get("decision") == "approve", reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("jobs:workbench")


@staff_required
def imports(request):
    """Excel import of employers and of posts (all rows or none), with their templates."""
    which = request.GET.get("template", "")
    if which == "employers":
        return services_imports.employers_template()
    if which == "posts":
        return services_imports.posts_template()
    errors, kind = [], ""
    upload = request.FILES.get("file")
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            if upload is None:
                raise Invalid(_("Choose an Excel file first."), code="import.no_file")
            if kind == "employers":
                n = services_imports.import_employers(actor=request.user, org_id=int(request.POST.get("org") or 0),
                                                      upload=upload, verify=request.POST.get("verify") == "1")
                messages.success(request, _("Imported %(n)s employers.") % {"n": n})
            else:
                kind = "posts"
                fair = request.POST.get("fair") or ""
                n = services_imports.import_positions(actor=request.user, upload=upload,
                                                      fair_id=int(fair) if fair.isdigit() else None)
                messages.success(request, _("Published %(n)s posts.") % {"n": n})
            return redirect("jobs:imports")
        except ImportRejected as exc:
            errors = spreadsheets.rejected(request, upload, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "jobs/imports.html", {
        "orgs": scoping.top_orgs(request.user), "fairs": selectors.fairs_visible_to(actor=request.user, limit=50),
        "import_errors": errors, "kind": kind})


def _date(value: str):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@staff_required
@require_POST
@submit_once("jobs.fair_create")
def fair_create(request):
    post = request.POST
    try:
        services.create_fair(actor=request.user, org_id=int(post.get("org") or 0), title=post.get("title", ""),
                             kind=post.get("kind", ""), starts_on=_date(post.get("starts_on")),
                             ends_on=_date(post.get("ends_on")), description=post.get("description", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Job fair created."))
    return redirect("jobs:workbench")


# --- 1-3-1 job help ------------------------------------------------------------------------------------


@staff_required
def help_list(request):
    grid = build_grid(
        request, selectors_matching.hardship_files(actor=request.user, category=request.GET.get("category", "")),
        row_template="jobs/_help_row.html", grid_id="help", default_sort="mine",
        columns=[Col(_("Worker"), sort="household__head_name", key="name"), Col(_("Hardship category"), sort="category"),
                 Col(_("Union"), sort="household__org__name", key="org"), Col(_("Job intent")),
                 Col(_("Latest packet")), Col("")],
        search=("household__head_name__startswith", "household__org__name__contains"),
        search_placeholder=_("Worker or union"),
        filters=[Filter("category", _("Hardship category"), selectors_matching.category_choices())],
        empty=Empty(_("No hardship files in your scope. Open files of the hardship-relief module appear here.")),
    )
    # The page's files with each one's intent and latest packet: two more queries whatever the page size.
    grid.page.object_list = selectors_matching.help_page_rows(grid.page.object_list)
    return render(request, "jobs/help_list.html", {"grid": grid})


@staff_required
def help_household(request, household_id: int):
    ctx = selectors_matching.household_view(actor=request.user, household_id=household_id)
    intent = ctx["intent"]
    ctx.update({"hours": HOURS_CHOICES, "limits": HEALTH_LIMITS, "outcomes": OUTCOMES})
    if intent is not None:
        ctx["draft"] = rules.guidance_draft(worker_name=intent.worker_name, kind_of_work=intent.kind_of_work,
                                            hours=intent.hours, health_limits=intent.health_limits)
        ctx["limit_labels"] = [rules.DEMAND_LABELS.get(c, c) for c in intent.health_limits]
    return render(request, "jobs/help_household.html", ctx)


@staff_required
@require_POST
def intent_record(request, household_id: int):
    post = request.POST
    try:
        services.record_intent(actor=request.user, household_id=household_id, kind_of_work=post.get("kind_of_work", ""),
                               skills=post.get("skills", ""), region_code=post.get("region_code", ""),
                               hours=post.get("hours", ""), health_limits=post.getlist("health_limits"),
                               min_salary=post.get("min_salary") or "0")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Job intent saved and matched."))
    return redirect("jobs:help_household", household_id=household_id)


@staff_required
@require_POST
@submit_once("jobs.packet_send")
def packet_send(request, intent_id: int):
    intent = selectors_matching.access_intent_by_id(actor=request.user, intent_id=intent_id)
    ids = [int(i) for i in request.POST.getlist("positions") if i.isdigit()]
    try:
        services.send_packet(actor=request.user, intent_id=intent.pk, guidance=request.POST.get("guidance", ""),
                             position_ids=ids)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The 1-3-1 packet has been sent to the worker."))
    return redirect("jobs:help_household", household_id=intent.household_id)


@staff_required
@require_POST
def outcome(request, packet_id: int):
    try:
        packet = services.record_outcome(actor=request.user, packet_id=packet_id, outcome=request.POST.get("outcome", ""),
                                         monthly_wage=request.POST.get("monthly_wage") or None,
                                         note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:help")
    relief = packet.relief_result or {}
    if relief.get("exit_proposed"):
        messages.success(request, _("Outcome saved. Income now meets the exit rule: an exit has been proposed."))
    else:
        messages.success(request, _("Outcome saved and passed to hardship monitoring."))
    return redirect("jobs:help_household", household_id=packet.intent.household_id)
