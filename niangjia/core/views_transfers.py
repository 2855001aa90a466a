"""转会 on the workbench: the receiving union's queue of transfers, in the list grid with bulk approve/return."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import bulk, exports, pii, selectors
from niangjia.core.errors import DomainError
from niangjia.core.grid import BulkAction, Col, Empty, build_grid
from niangjia.core.services import members
from niangjia.core.views import staff_required


@staff_required
def transfers(request):
    actor = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            object_id = int(request.POST.get("id") or 0)
            if action == "approve":
                member = members.approve_transfer(actor=actor, transfer_id=object_id)
                messages.success(request, _("Transfer approved for %(name)s.") % {"name": member.name})
            elif action == "reject":
                members.reject_transfer(actor=actor, transfer_id=object_id, reason=request.POST.get("reason", ""))
                messages.success(request, _("Returned with your reason."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("That request could not be found."))
        return redirect(request.get_full_path())
    grid = build_grid(
        request, selectors.pending_transfers_for(actor=actor), row_template="core/_transfer_row.html",
        grid_id="transfers", default_sort="applied",
        search=("member__name__startswith", "member__member_no", "from_org__name__contains", "=pk"),
        search_placeholder=_("Name, member number or union moving from"),
        columns=[Col(_("Member"), sort="member__name", key="name"), Col(_("Moving from"), sort="from_org__name",
                                                                         key="from"),
                 Col(_("Moving to"), sort="to_org__name", key="to"),
                 Col(_("Applied on"), sort="created_at", key="applied"), Col("")],
        bulk_actions=[BulkAction("approve", _("Approve selected"), reverse("core:transfers_bulk"), "success"),
                      BulkAction("reject", _("Return selected"), reverse("core:transfers_bulk"), "danger"),
                      BulkAction(bulk.EXPORT, _("Export selected"), reverse("core:transfers_bulk"), "secondary")],
        empty=Empty(_("No transfers wait for you. When a member asks to move into one of your unions, it appears "
                      "here.")),
    )
    return render(request, "core/transfers.html", {"grid": grid})


@require_POST
@staff_required
def transfers_bulk(request):
    """Approve or return several transfers: confirmation with the count, then the single-transfer service."""
    actor = request.user

    def run(action, pk, reason):
        if action == "approve":
            return members.approve_transfer(actor=actor, transfer_id=pk)
        return members.reject_transfer(actor=actor, transfer_id=pk, reason=reason)

    return bulk.handle(
        request, title=_("Decide transfers together"), actions={"approve": _("approve"), "reject": _("reject")},
        reason_required={"reject"}, run=run, fallback_url=reverse("core:transfers"),
        load=lambda ids: [bulk.Item(t.pk, f"{t.member.name}：{t.from_org.name} → {t.to_org.name}")
                          for t in selectors.pending_transfers_for(actor=actor, ids=ids)],
        export=bulk.Export(
            subject="转会申请", sheet_name="转会申请",
            columns=exports.columns(("申请号", exports.INTEGER), "会员", "会员编号", "转出工会", "转入工会",
                                    ("申请时间", exports.DATETIME)),
            load=lambda ids: [bulk.Item(t.pk, f"{t.member.name}：{t.from_org.name} → {t.to_org.name}")
                              for t in selectors.pending_transfers_for(actor=actor, ids=ids)],
            rows=lambda ids: [(t.pk, pii.mask_name(t.member.name), t.member.member_no, t.from_org.name,
                               t.to_org.name, t.created_at)
                              for t in selectors.pending_transfers_for(actor=actor, ids=ids)]))
