"""Pages of 职工医疗互助: the worker's phone pages and the staff workbench."""

import datetime as dt
import json

import segno
from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from niangjia.core import bulk, evidence, exports, pii, spreadsheets
from niangjia.core import selectors as core_selectors
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.grid import BulkAction, Col, Empty, Filter, build_grid
from niangjia.core.payouts import accounts
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.submissions import submit_once
from niangjia.core.views import member_login_required, staff_required
from niangjia.mutual_aid import rules, selectors, services

CERT_SALT = "niangjia.mutual-aid-certificate"


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# --- worker ------------------------------------------------------------------------------------------


def home(request):
    """The plan the worker can join this year, and for each of their enrolments the coverage, the end of the
    waiting period and this plan year's paid total against the cap. A closed plan never offers enrolment."""
    today = timezone.localdate()
    member = core_selectors.active_membership_of(request.user) if request.user.is_authenticated else None
    mine = selectors.my_plan_year(member, today) if member else {"rows": [], "joinable": [
        p for p in selectors.active_plans() if rules.can_enrol(selectors.phase_of(p, today))]}
    ctx = {"member": member, "mine": mine, "joinable": mine["joinable"],
           "claims": selectors.claims_of(request.user) if request.user.is_authenticated else []}
    return render(request, "mutual_aid/home.html", ctx)


def quote(request):
    """The public calculator as a page: the same service as /api/v1/mutual-aid/quote. A logged-in member's
    own paid total for the plan year is used instead of asking for it."""
    today = timezone.localdate()
    member = core_selectors.active_membership_of(request.user) if request.user.is_authenticated else None
    plans = [p for p in selectors.active_plans() if selectors.phase_of(p, today) != "closed"] or selectors.active_plans()
    data = request.POST if request.method == "POST" else {"plan": plans[0].code if plans else "", "kind": "inpatient",
                                                          "insurance_paid": "0", "already_paid_this_year": "0"}
    ctx = {"plans": plans, "kinds": rules.KINDS.items(), "data": data, "result": None, "error": None,
           "already": None}
    if request.method == "POST":
        try:
            ctx["result"] = services.quote_for(plan_code=data.get("plan", ""), kind=data.get("kind", ""),
                                               total_cost=data.get("total_cost"),
                                               insurance_paid=data.get("insurance_paid") or "0",
                                               self_paid=data.get("self_paid"),
                                               already=data.get("already_paid_this_year") or "0", member=member)
        except DomainError as exc:
            ctx["error"] = exc.message
    return render(request, "mutual_aid/quote.html", ctx, status=422 if ctx["error"] else 200)


@member_login_required
@require_POST
@submit_once("mutual_aid.enrol")
def enrol(request, plan_id: int):
    try:
        services.self_enrol(actor=request.user, plan_id=plan_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You are enrolled. Your certificate is below."))
    return redirect("mutual_aid:home")


@member_login_required
def certificate(request, enrolment_id: int):
    member = core_selectors.active_membership_of(request.user)
    try:
        enrolment = selectors.my_enrolment(member=member, enrolment_id=enrolment_id)
    except NotFound as exc:
        raise Http404 from exc
    token = signing.dumps({"e": enrolment.pk}, salt=CERT_SALT)
    url = request.build_absolute_uri(reverse("mutual_aid:certificate_check", args=[token]))
    qr = segno.make(url, error="m").svg_inline(scale=4, dark="#222")
    return render(request, "mutual_aid/certificate.html", {"e": enrolment, "member": member, "qr": qr, "verify_url": url,
                                                           "id_masked": pii.mask_id_number(member.id_number)})


def certificate_check(request, token: str):
    try:
        data = signing.loads(token, salt=CERT_SALT)
        enrolment = selectors.enrolment_for_certificate(enrolment_id=int(data["e"]))
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        enrolment = None
    return render(request, "mutual_aid/certificate_check.html", {"e": enrolment})


@member_login_required
@submit_once("mutual_aid.claim")
def claim_new(request):
    member = core_selectors.active_membership_of(request.user)
    enrolments = selectors.enrolments_of(member) if member else []
    errors, data = [], request.POST
    if request.method == "POST":
        try:
            claim = services.submit_claim(
                actor=request.user, plan_id=int(data.get("plan") or 0), kind=data.get("kind", ""),
                hospital=data.get("hospital", ""), admitted_on=_date(data.get("admitted_on")) or _missing_date(),
                discharged_on=_date(data.get("discharged_on")), invoice_no=data.get("invoice_no", ""),
                total_cost=data.get("total_cost"), insurance_paid=data.get("insurance_paid") or "0",
                self_paid=data.get("self_paid"), diagnosis=data.get("diagnosis", ""),
                photos=request.FILES.getlist("photos"), payee=accounts.payee_from_form(data))
        except DomainError as exc:
            errors.append(exc.message)
        except ValueError:
            errors.append(_("Please check the numbers you entered."))
        else:
            messages.success(request, _("Claim submitted. The computed payout is shown below."))
            return redirect("mutual_aid:claim_detail", claim.pk)
    return render(request, "mutual_aid/claim_new.html", {"enrolments": enrolments, "errors": errors, "data": data,
                                                         "max_photos": rules.MAX_INVOICE_PHOTOS,
                                                         "payee": accounts.payee_summary(request.user)},
                  status=422 if errors else 200)


def _missing_date():
    from niangjia.core.errors import Invalid

    raise Invalid("请填写入院（事故）日期，格式如 2020-05-01。", code="mutual_aid.date_required")


@member_login_required
def claim_detail(request, claim_id: int):
    claim = selectors.claim_of(request.user, claim_id)
    return render(request, "mutual_aid/claim_detail.html", {"claim": claim, **selectors.claim_status_page(claim)})


# --- staff -------------------------------------------------------------------------------------------


@staff_required
def workbench(request):
    stats = selectors.statistics(actor=request.user)
    return render(request, "mutual_aid/workbench.html", {
        "plans": selectors.active_plans(), "stats": stats,
        "pending": selectors.claims_waiting_count(actor=request.user),
        "batches": selectors.batches_visible_to(actor=request.user)[:10],
    })


@staff_required
def enrol_batch(request):
    if request.GET.get("template"):
        return spreadsheets.template_response("医疗互助参保", spreadsheets.PERSON_TEMPLATE, notes=[
            "每行一名参保会员，须是所选工会的在册会员，且本计划年度尚未参保。"])
    orgs = core_selectors.orgs_for_choice(actor=request.user)
    plans = selectors.active_plans()
    org_id = int(request.GET.get("org") or request.POST.get("org") or 0) or None
    plan_id = int(request.GET.get("plan") or request.POST.get("plan") or 0) or (plans[0].pk if plans else None)
    errors, row_errors = [], []
    if request.method == "POST":
        try:
            on = _date(request.POST.get("on")) or None
            if request.FILES.get("file"):
                batch = services.import_enrolments(actor=request.user, plan_id=plan_id, org_id=org_id,
                                                   upload=request.FILES["file"], on=on)
            else:
                batch = services.enrol_members(actor=request.user, plan_id=plan_id, org_id=org_id,
                                               member_ids=request.POST.getlist("member"), on=on)
        except ImportRejected as exc:
            row_errors = spreadsheets.rejected(request, request.FILES.get("file"), exc)
        except DomainError as exc:
            errors.append(exc.message)
        else:
            messages.success(request, _("Enrolled %(n)s members; premium total %(t)s yuan.")
                             % {"n": batch.count, "t": batch.premium_total})
            return redirect("mutual_aid:batches")
    candidates = []
    if org_id and plan_id:
        candidates = selectors.enrolment_candidates(actor=request.user, plan_id=plan_id, org_id=org_id)
    return render(request, "mutual_aid/enrol_batch.html", {
        "orgs": orgs, "plans": plans, "org_id": org_id, "plan_id": plan_id, "candidates": candidates,
        "errors": errors, "row_errors": row_errors}, status=422 if errors or row_errors else 200)


@staff_required
def batches(request):
    if request.method == "POST":
        try:
            services.record_premium_payment(actor=request.user, batch_id=int(request.POST["batch"]),
                                            amount=request.POST.get("amount"),
                                            paid_on=_date(request.POST.get("paid_on")) or timezone.localdate(),
                                            payment_ref=request.POST.get("ref", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Payment recorded."))
        return redirect("mutual_aid:batches")
    grid = build_grid(
        request, selectors.batches_qs(actor=request.user, paid=request.GET.get("paid", "")),
        row_template="mutual_aid/_batch_row.html", grid_id="premiums",
        columns=[Col(_("No."), sort="id"), Col(_("Plan"), sort="plan__code", key="plan"),
                 Col(_("Union"), sort="org__name", key="org"), Col(_("People"), sort="count", align="end"),
                 Col(_("Premium total"), sort="premium_total", key="premium", align="end"),
                 Col(_("Enrolled on"), sort="created_at", key="created"), Col(_("Payment"), sort="paid_on", key="paid_on")],
        search=("org__name__contains", "plan__code", "payment_ref", "=pk"),
        search_placeholder=_("Union, plan code, voucher no. or batch no."),
        filters=[Filter("paid", _("Payment"), [("no", _("Premium not paid yet")), ("yes", _("Premium paid"))])],
        empty=Empty(_("No enrolment batch yet. Enrol members first; each enrolment makes a premium batch here."),
                    _("Enrol members"), reverse("mutual_aid:enrol_batch")),
    )
    return render(request, "mutual_aid/batches.html", {"grid": grid})


@staff_required
def review(request):
    status = request.GET.get("status", "")
    grid = build_grid(
        request, selectors.claims_for_review_qs(actor=request.user, status=status),
        row_template="mutual_aid/_claim_row.html", default_sort="id", grid_id="claims",
        columns=[Col(_("No."), sort="id"), Col(_("Member"), sort="member__name"), Col(_("Union"), sort="org__name"),
                 Col(_("Kind"), sort="kind"), Col(_("invoice number")), Col(_("Self-paid"), sort="self_paid", align="end"),
                 Col(_("Computed"), sort="computed_amount", align="end"), Col(_("Status")), Col("")],
        search=("member__name__startswith", "invoice_no", "org__name__startswith", "=pk"),
        search_placeholder=_("Member name, claim no., invoice no. or union"),
        filters=[Filter("status", _("Status"), [("all", _("All")), *selectors.claim_status_choices()],
                        all_label=_("Waiting for review"))],
        empty=Empty(_("No claims wait for review. Claims members send from their phones appear here.")),
        bulk_actions=[BulkAction("approve", _("Batch-approve selected small inpatient claims (evidence shown first)"),
                                 reverse("mutual_aid:review_batch"), "success"),
                      BulkAction("reject", _("Reject selected (one reason)"), reverse("mutual_aid:claims_bulk"),
                                 "danger"),
                      BulkAction(bulk.EXPORT, _("Export selected"), reverse("mutual_aid:claims_bulk"), "secondary")],
    )
    return render(request, "mutual_aid/review.html", {"grid": grid, "status": status})


@staff_required
@require_POST
def decide(request, claim_id: int):
    try:
        if request.POST.get("action") == "reject":
            services.reject_claim(actor=request.user, claim_id=claim_id, reason=request.POST.get("reason", ""))
        else:  # approvals only where the evidence is shown (the review page or the batch page)
            evidence.require_seen(request.user, request.POST.get("evidence"), "mutual_aid.claim", [claim_id])
            services.approve_claim(actor=request.user, claim_id=claim_id, amount=request.POST.get("amount") or None,
                                   reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision saved."))
    return redirect("mutual_aid:review")


@staff_required
def payouts(request):
    """Payouts of approved claims go through the one core payout flow (双人复核, bank file, bank results)."""
    return redirect(f"{reverse('core:payouts')}?source=mutual_aid")


@staff_required
def stats(request):
    data = selectors.statistics(actor=request.user)
    if request.GET.get("export") == "xlsx":
        rows = [[r["plan__code"], r["plan__name"], r["n"], r["premium"], r["claims"], r["payout"],
                 r["loss_ratio"] / 100 if r["loss_ratio"] is not None else ""] for r in data["by_plan"]]
        by_org = [[r["org__name"], "", r["n"], r["premium"], "", r["payout"], ""] for r in data["by_org"]]
        return exports.export_response(
            subject="医疗互助统计", sheet_name="统计", org_name=exports.actor_org_name(request.user),
            columns=exports.columns("计划编号/工会", "计划", ("参保人数", exports.INTEGER), ("保费（元）", exports.MONEY),
                                    ("已核定件数", exports.INTEGER), ("互助金（元）", exports.MONEY),
                                    ("赔付率", exports.PERCENT)),
            rows=rows + [[]] + by_org)
    chart = {
        "months": [r["m"].strftime("%Y-%m") for r in data["by_month"] if r["m"]],
        "claims": [r["n"] for r in data["by_month"] if r["m"]],
        "payout": [float(r["payout"] or 0) for r in data["by_month"] if r["m"]],
        "orgs": [r["org__name"] for r in data["by_org"]],
        "enrolled": [r["n"] for r in data["by_org"]],
    }
    return render(request, "mutual_aid/stats.html", {"data": data, "chart": json.dumps(chart, ensure_ascii=False)})

