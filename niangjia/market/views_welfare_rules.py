"""The welfare-spending rules on the workbench (policies.md §13): the grid of rules, a new rule, editing one (a cited
version is saved as a new version). Only admins of the union owning the region write; see services_welfare_rules."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import staff_required
from niangjia.market import choices, selectors_welfare, services_welfare_rules


def _form_data(post) -> dict:
    data = {k: post.get(k, "") for k in post}
    data["allowed_festivals"] = post.getlist("allowed_festivals")
    return data


def _context(request, row, form) -> dict:
    owned = selectors_welfare.owned_prefixes(request.user)
    return {"row": row, "form": form, "enforcements": choices.WELFARE_ENFORCEMENTS,
            "festivals": choices.FESTIVAL_CHOICES, "events": choices.EVENT_CHOICES, "owned": owned,
            "year": timezone.localdate().year}


@staff_required
def rules(request):
    show_all = request.GET.get("versions") == "all"
    grid = build_grid(
        request, selectors_welfare.rules_listing(actor=request.user, show_all=show_all),
        row_template="market/_welfare_rule_row.html", default_sort="region", grid_id="welfare-rules",
        columns=[Col(_("Region"), sort="region"), Col(_("Year"), sort="year"), Col(_("Rule version")),
                 Col(_("Festival-gift cap (yuan)"), align="end"), Col(_("Birthday cap (yuan)"), align="end"),
                 Col(_("Poverty-purchase share"), align="end"), Col(_("Per worker (yuan)"), align="end"),
                 Col(_("Over a cap")), Col(_("Rule state")), Col("")],
        search=("region_name__icontains", "region__startswith", "version__icontains"),
        search_placeholder=_("Region, region code or version"),
        filters=[Filter("versions", _("Versions"), [("all", _("With replaced versions"))],
                        all_label=_("Versions in force"))],
        empty=Empty(_("No welfare-spending rules for your regions yet.")))
    cited = selectors_welfare.cited_labels()
    grid.page.object_list = list(grid.page.object_list)
    for row in grid.page.object_list:
        row.label = selectors_welfare.label_of(row)
        row.used = row.label in cited
        row.share_pct = None if row.poverty_share_min is None else f"{(row.poverty_share_min * 100).normalize():f}"
        row.editable = row.superseded_at is None and selectors_welfare.may_edit(request.user, row.region)
    return render(request, "market/welfare_rules.html", {
        "grid": grid, "may_create": bool(selectors_welfare.owned_prefixes(request.user))
        or request.user.is_superuser})


@staff_required
def rule_new(request):
    form = None
    if request.method == "POST":
        form = _form_data(request.POST)
        try:
            row = services_welfare_rules.create_rule(actor=request.user, region=form.get("region", ""),
                                                     year=form.get("year", ""), data=form)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("market:welfare_rule", row.pk)
    elif request.GET.get("from"):
        # "a later year": start from the figures of an existing rule
        src = selectors_welfare.rule_for_edit(actor=request.user, rule_id=_id(request.GET.get("from")))
        form = selectors_welfare.rule_as_form(src)
        form["year"] = str(src.year + 1)
    return render(request, "market/welfare_rule.html", _context(request, None, form))


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@staff_required
def rule(request, rule_id: int):
    row = selectors_welfare.rule_for_edit(actor=request.user, rule_id=rule_id)
    row.used = services_welfare_rules.is_used(row)
    form = selectors_welfare.rule_as_form(row)
    if request.method == "POST" and row.superseded_at is None:
        form = _form_data(request.POST)
        try:
            saved, new_version = services_welfare_rules.save_rule(actor=request.user, rule_id=row.pk, data=form)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("A new version is in force; the old one is kept for the orders that cite it.")
                             if new_version else _("Rule saved."))
            return redirect("market:welfare_rule", saved.pk)
    return render(request, "market/welfare_rule.html", _context(request, row, form))
