"""The claim approval screen: all evidence on one page, the decision taken there; and its 审批表 PDF."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import bulk, evidence, exports, pii
from niangjia.core.errors import DomainError
from niangjia.core.views import staff_required
from niangjia.mutual_aid import review, selectors, services, sheets

EVIDENCE_KIND = "mutual_aid.claim"


@staff_required
def claim_review(request, claim_id: int):
    facts = review.claim_review(actor=request.user, claim_id=claim_id)
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") == "reject":
                services.reject_claim(actor=request.user, claim_id=claim_id, reason=p.get("reason", ""))
            else:
                evidence.require_seen(request.user, p.get("evidence"), EVIDENCE_KIND, [claim_id])
                services.approve_claim(actor=request.user, claim_id=claim_id, amount=p.get("amount") or None,
                                       reason=p.get("reason", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision saved."))
        return redirect("mutual_aid:claim_review", claim_id)
    can_decide = review.can_decide(request.user, facts.claim)
    return render(request, "mutual_aid/claim_review.html", {
        "f": facts, "can_decide": can_decide,
        "evidence_token": evidence.seen_token(request.user, EVIDENCE_KIND, [claim_id]) if can_decide else ""})


@staff_required
def claim_sheet(request, claim_id: int):
    facts = review.claim_review(actor=request.user, claim_id=claim_id)
    if facts.is_open:
        messages.error(request, "审批表在申请办结（批准或驳回）后才能打印。")
        return redirect("mutual_aid:claim_review", claim_id)
    return exports.file_response(sheets.claim_sheet(facts), f"互助审批表-{claim_id}.pdf", "application/pdf")


@require_POST
@staff_required
def claims_bulk(request):
    """Reject or export the claims selected in the review grid: the confirmation shows the count and the total
    claimed; each rejection goes through `reject_claim` (its checks, audit and member notice), one claim at a time.
    Claims outside the actor's scope or already decided are left out of the confirmation and reported as skipped."""
    actor = request.user
    return bulk.handle(
        request, title=_("Reject selected claims"), actions={"reject": _("reject")}, reason_required={"reject"},
        load=lambda ids: [bulk.Item(c.pk, f"#{c.pk} {pii.mask_name(c.member.name)}（{c.get_kind_display()}）",
                                    c.payout) for c in selectors.open_claims_by_ids(actor=actor, ids=ids)],
        run=lambda action, pk, reason: services.reject_claim(actor=actor, claim_id=pk, reason=reason),
        fallback_url=reverse("mutual_aid:review"),
        export=bulk.Export(
            subject="医疗互助申请", sheet_name="互助申请",
            columns=exports.columns(("申请号", exports.INTEGER), "会员", "工会", "类别", "发票号",
                                    ("入院（事故）日期", exports.DATE), ("总费用", exports.MONEY),
                                    ("医保支付", exports.MONEY), ("自付金额", exports.MONEY),
                                    ("核定金额", exports.MONEY), "状态"),
            load=lambda ids: [bulk.Item(c.pk, f"#{c.pk} {pii.mask_name(c.member.name)}（{c.get_kind_display()}）",
                                        c.payout) for c in selectors.claims_by_ids(actor=actor, ids=ids)],
            rows=lambda ids: [(c.pk, pii.mask_name(c.member.name), c.org.name, c.get_kind_display(), c.invoice_no,
                               c.admitted_on, c.total_cost, c.insurance_paid, c.self_paid, c.payout,
                               c.get_status_display()) for c in selectors.claims_by_ids(actor=actor, ids=ids)]))
