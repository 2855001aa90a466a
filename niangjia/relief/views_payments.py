"""Relief money pages on the workbench: campaigns (专项救助) and approved payments waiting for a payout batch
(reversals stay here; the batches themselves are the core payout flow)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from niangjia.core import scoping
from niangjia.core import selectors as core_selectors
from niangjia.core.errors import DomainError
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.views import staff_required
from niangjia.relief import rules, selectors, services
from niangjia.relief.views import LARGE_CAMPAIGN, NON_GRASSROOTS


@staff_required
def campaigns(request):
    actor = request.user
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") == "create":
                filters = {"status": p.getlist("status") or ["active", "relapsed"],
                           "category": p.getlist("category"), "region_prefix": p.get("region_prefix", "").strip()}
                c = services.create_campaign(actor=actor, org_id=int(p.get("org_id") or 0), name=p.get("name", ""),
                                             amount=p.get("amount", ""), year=int(p.get("year") or 0),
                                             filters=filters)
                messages.success(request, _("Preview: %(n)s households, %(t)s yuan in total.")
                                 % {"n": c.preview_count, "t": rules.yuan(c.preview_total)})
            elif p.get("action") == "approve":
                if p.get("confirm") != "yes":
                    raise DomainError("请先勾选确认户数、金额和资金来源，再批准。")
                c = services.approve_campaign(actor=actor, campaign_id=int(p.get("id")),
                                              confirm_count=p.get("count"), confirm_total=p.get("total"))
                if c.preview_count > LARGE_CAMPAIGN:
                    from niangjia.relief import tasks

                    tasks.generate_campaign(c.pk)
                    messages.success(request, _("Approved. Payments are being generated in the background."))
                else:
                    n = services.run_campaign(actor=actor, campaign_id=c.pk)
                    messages.success(request, _("Approved and generated %(n)s payments.") % {"n": n})
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "请填写正确的数字。")
        return redirect("relief:campaigns")
    grid = build_grid(
        request, selectors.campaigns_visible_to(actor=actor, status=request.GET.get("status", "")),
        row_template="relief/_campaign_row.html", grid_id="campaigns",
        columns=[Col(_("Name"), sort="name"), Col(_("Union"), sort="org__name", key="org"),
                 Col(_("Year"), sort="year"), Col(_("Households reached"), sort="preview_count", key="count", align="end"),
                 Col(_("Total"), sort="preview_total", key="total", align="end"),
                 Col(_("Generated"), sort="generated", align="end"), Col(_("Status"), sort="status"), Col("")],
        search=("name__contains", "org__name__contains", "=pk"), search_placeholder=_("Campaign name or union"),
        filters=[Filter("status", _("Status"), selectors.campaign_status_choices())],
        empty=Empty(_("No campaign yet. Fill in the form above (name, amount per household, union) and preview "
                      "which households it would reach.")),
    )
    return render(request, "relief/wb_campaigns.html", {
        "grid": grid,
        "orgs": core_selectors.orgs_for_choice(actor=actor, levels=NON_GRASSROOTS)[:200],
        "categories": selectors.CATEGORY_CHOICES, "year": timezone.localdate().year, "budget": services.BUDGET,
        "is_approver": scoping.has_role(actor, scoping.APPROVER_ROLES)})



@staff_required
def batches(request):
    """Reversals stay here (ledger); payment batches are the core payout flow (双人复核, bank file, results)."""
    actor = request.user
    if request.method == "POST":
        try:
            services.reverse_disbursement(actor=actor, disbursement_id=int(request.POST.get("id") or 0),
                                          reason=request.POST.get("reason", ""))
            messages.success(request, _("Done."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "请求不正确。")
        return redirect("relief:batches")
    grid = build_grid(
        request, selectors.disbursements_awaiting_batch_qs(actor=actor), row_template="relief/_pending_row.html",
        grid_id="pending",
        columns=[Col(_("No."), sort="id"), Col(_("Head of household"), sort="household__head_name", key="head"),
                 Col(_("Purpose"), sort="purpose"), Col(_("Amount"), sort="amount", align="end"),
                 Col(_("Union"), sort="org__name", key="org"), Col(_("Approved on"), sort="created_at", key="created"),
                 Col("")],
        search=("household__head_name__startswith", "purpose__contains", "org__name__contains", "=pk"),
        search_placeholder=_("Head of household, purpose or union"),
        empty=Empty(_("Nothing is waiting to be paid. Approved relief appears here until it goes into a payout "
                      "batch.")),
    )
    return render(request, "relief/wb_batches.html", {
        "payouts_url": f"{reverse('core:payouts')}?source=relief", "grid": grid})
