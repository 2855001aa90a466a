"""Claims: submit with invoice data and 1–6 invoice photos, computed payout with explanation, review and approval.

The final approval locks the person's PersonYearTotal row (select_for_update) and recomputes the
amount against what is already paid, so concurrent approvals can never exceed the annual cap; the
row's CheckConstraint is the last line of defence.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.notifications import notify
from niangjia.core.payouts import accounts
from niangjia.mutual_aid import rules
from niangjia.mutual_aid.models import Claim, Enrolment, LedgerEntry, PersonYearTotal, Plan
from niangjia.mutual_aid.services.common import (
    as_invalid,
    atomic_with_uploads,
    check_uploads,
    get_plan,
    store_uploads,
)


def normalise_invoice(text: str) -> str:
    return "".join((text or "").split()).upper()


def totals_of(plan: Plan, person_index: str):
    """The person's totals row for the plan's code and year (shared by every version of that plan year)."""
    return PersonYearTotal.objects.filter(plan_code=plan.code, plan_year=plan.year, person_index=person_index)


def already_paid(plan: Plan, person_index: str, kind: str, total: PersonYearTotal | None = None) -> Decimal:
    """What counts against this kind's cap for the person in this plan year (or ever, for lifetime benefits)."""
    if kind in ("inpatient", "accidental_injury", "serious_illness") and total is None:
        total = totals_of(plan, person_index).first()
    if kind == "inpatient":
        return total.inpatient_paid if total else Decimal("0.00")
    if kind == "accidental_injury":
        return total.accident_paid if total else Decimal("0.00")
    if kind == "serious_illness":
        return rules.annual_cap(plan.rules, kind) * (total.serious_count if total else 0)
    paid = Claim.objects.filter(person_index=person_index, kind=kind,
                                status__in=[Claim.Status.APPROVED, Claim.Status.PAID]).first()
    return paid.approved_amount if paid else Decimal("0.00")


def quote(plan: Plan, kind: str, total_cost, insurance_paid, self_paid, already) -> rules.Quote:
    """The same computation for the public quote and for real claims."""
    try:
        total_cost = rules.parse_amount(total_cost, "医疗费用总额")
        insurance_paid = rules.parse_amount(insurance_paid, "医保统筹支付金额")
        self_paid = rules.parse_amount(self_paid, "个人自付金额")
        rules.check_invoice(total_cost, insurance_paid, self_paid)
        return rules.compute(plan.rules, kind, self_paid, already)
    except rules.RuleError as exc:
        raise as_invalid(exc) from None


def quote_for(*, plan_code: str, kind: str, total_cost, insurance_paid, self_paid, already="0",
              member=None) -> rules.Quote:
    """The public calculator (API and page): the latest published version of the plan, the same rules as a
    real claim. For a logged-in member the plan year's own paid total replaces the typed `already`."""
    plan = get_plan(code=(plan_code or "").strip()[:30] or "-")
    if kind not in rules.KINDS:
        raise Invalid("互助类别不正确，应为 inpatient（住院）、serious_illness（重大疾病）或 "
                      "frontline_infection（一线感染）或 accidental_injury（意外伤害，计划含此项时）。",
                      code="mutual_aid.kind")
    if kind != "inpatient":  # lump sums do not depend on the invoice; amounts are optional but validated if given
        total_cost = total_cost if total_cost not in (None, "") else "0"
        self_paid = self_paid if self_paid not in (None, "") else "0"
    if member is not None:
        paid = already_paid(plan, member.id_index, kind)
    else:
        try:
            paid = rules.parse_amount(already if already not in (None, "") else "0", "本年度已获互助金额")
        except rules.RuleError as exc:
            raise as_invalid(exc) from None
    return quote(plan, kind, total_cost, insurance_paid if insurance_paid not in (None, "") else "0", self_paid, paid)


def _check_dates(plan: Plan, enrolment: Enrolment, admitted_on: dt.date, discharged_on: dt.date | None,
                 today: dt.date) -> None:
    if admitted_on > today or (discharged_on and discharged_on > today):
        raise Invalid("发票/入院日期不能晚于今天。", code="mutual_aid.future_date")
    if discharged_on and discharged_on < admitted_on:
        raise Invalid("出院日期不能早于入院日期。", code="mutual_aid.bad_dates")
    if not (plan.coverage_start <= admitted_on <= plan.coverage_end):
        raise Invalid(
            f"入院（事故）日期 {admitted_on:%Y-%m-%d} 不在保障期 {plan.coverage_start:%Y-%m-%d} 至 "
            f"{plan.coverage_end:%Y-%m-%d} 内，不能申请。", code="mutual_aid.outside_coverage")
    if admitted_on < enrolment.waiting_until:
        raise Invalid(
            f"首次参保有 {plan.waiting_days} 天等待期，等待期至 {enrolment.waiting_until - dt.timedelta(days=1):%Y-%m-%d}；"
            f"入院日期 {admitted_on:%Y-%m-%d} 在等待期内，不能申请。", code="mutual_aid.waiting_period")


@atomic_with_uploads
def submit_claim(*, actor, plan_id: int, kind: str, hospital: str, admitted_on: dt.date,
                 discharged_on: dt.date | None, invoice_no: str, total_cost, insurance_paid, self_paid,
                 diagnosis: str = "", photos=(), today: dt.date | None = None, payee: dict | None = None) -> Claim:
    """`photos`: the uploaded photos of the invoices, 1 to rules.MAX_INVOICE_PHOTOS, each checked by
    content; one bad file refuses the whole claim, and a refused claim leaves no attachment or file.
    `payee`: the payee account typed into the claim form, saved as the worker's in this transaction
    (core.payouts.accounts); a bad card number refuses the claim and nothing is stored."""
    if payee:
        accounts.clean_account(**payee)
    today = today or timezone.localdate()
    plan = get_plan(plan_id)
    member = selectors.active_membership_of(actor)
    if member is None:
        raise Invalid("只有在册工会会员才能申请医疗互助。", code="mutual_aid.not_member")
    enrolment = Enrolment.objects.filter(plan=plan, person_index=member.id_index,
                                         status=Enrolment.Status.ACTIVE).first()
    if enrolment is None:
        raise Invalid(f"您没有参加{plan.name}，不能申请。", code="mutual_aid.not_enrolled")
    if kind not in rules.KINDS:
        raise Invalid("互助类别不正确。", code="mutual_aid.kind")
    hospital = (hospital or "").strip()
    invoice = normalise_invoice(invoice_no)
    if not hospital or not invoice:
        raise Invalid("请填写医院名称和发票号。", code="mutual_aid.required")
    if len(invoice) > 40 or len(hospital) > 120:
        raise Invalid("医院名称或发票号过长。", code="mutual_aid.too_long")
    _check_dates(plan, enrolment, admitted_on, discharged_on, today)
    q = quote(plan, kind, total_cost, insurance_paid, self_paid, already_paid(plan, member.id_index, kind))
    if Claim.objects.filter(invoice_no=invoice).exists():
        raise Conflict(f"发票号 {invoice} 已经申请过互助，同一张发票不能重复申请。", code="mutual_aid.invoice_used")
    if kind == "frontline_infection" and Claim.objects.filter(
            person_index=member.id_index, kind=kind).exclude(status=Claim.Status.REJECTED).exists():
        raise Conflict("一线感染互助每人限领一次，您已申请过。", code="mutual_aid.frontline_once")
    photos = [p for p in (photos or []) if p is not None]
    if not any(getattr(p, "size", 0) for p in photos):
        photos = []  # nothing chosen, or only empty files: "at least one photo"; an empty one among others is refused
    try:
        rules.check_photo_count(len(photos))
    except rules.RuleError as exc:
        raise as_invalid(exc, "mutual_aid.photo_required" if not photos else "mutual_aid.too_many_photos") from None
    checked = check_uploads(photos)
    attachments = store_uploads(actor, member.org, checked, purpose="mutual_aid.invoice")
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                plan=plan, enrolment=enrolment, member=member, person_index=member.id_index, org=member.org,
                kind=kind, hospital=hospital, admitted_on=admitted_on, discharged_on=discharged_on,
                invoice_no=invoice, total_cost=rules.money(total_cost), insurance_paid=rules.money(insurance_paid),
                self_paid=rules.money(self_paid), diagnosis=(diagnosis or "").strip()[:500],
                computed_amount=q.amount, explanation=q.explanation,
            )
    except IntegrityError:
        raise Conflict(f"发票号 {invoice} 已经申请过互助，同一张发票不能重复申请。",
                       code="mutual_aid.invoice_used") from None
    claim.photos.add(*attachments)
    accounts.take_from_application(actor=actor, payee=payee)
    audit.record(actor, "mutual_aid.claim_submit", claim, org=member.org,
                 summary={"kind": kind, "invoice_no": invoice, "computed": str(q.amount), "photos": len(attachments)})
    return claim


def _claim_for_update(actor, claim_id: int, roles=scoping.STAFF_ROLES) -> Claim:
    claim = (Claim.objects.select_for_update(of=("self",)).select_related("org", "plan", "member")
             .filter(pk=claim_id).first())
    if claim is None or not scoping.covers(actor, claim.org):
        raise NotFound("未找到该互助申请，或您无权处理。")
    if not scoping.covers(actor, claim.org, roles=roles):
        raise Forbidden("您没有审批权限。", code="mutual_aid.not_approver")
    return claim


def _lock_total(plan: Plan, person_index: str) -> PersonYearTotal:
    """Lock the person's row for this plan code and year; its caps become this version's caps (the
    amount computed against them is what gets added, so the check constraints still hold)."""
    cap = rules.annual_cap(plan.rules, "inpatient") if plan.rules.get("inpatient") else Decimal("0.00")
    accident_cap = (rules.annual_cap(plan.rules, "accidental_injury") if plan.rules.get("accidental_injury")
                    else Decimal("0.00"))
    PersonYearTotal.objects.get_or_create(plan_code=plan.code, plan_year=plan.year, person_index=person_index,
                                          defaults={"plan": plan, "inpatient_cap": cap, "accident_cap": accident_cap})
    total = totals_of(plan, person_index).select_for_update().get()
    total.inpatient_cap = max(cap, total.inpatient_paid)
    total.accident_cap = max(accident_cap, total.accident_paid)
    return total


@transaction.atomic
def approve_claim(*, actor, claim_id: int, amount=None, reason: str = "") -> Claim:
    """Approve (optionally adjusting the amount down with a reason). Above the plan's threshold a
    first approval by staff is followed by a final approval by a different approver."""
    claim = _claim_for_update(actor, claim_id)
    if claim.status not in (Claim.Status.SUBMITTED, Claim.Status.FIRST_APPROVED):
        raise Conflict("这份申请已经处理过了，请刷新页面。", code="mutual_aid.claim_decided")
    reason = (reason or "").strip()[:200]
    requested = claim.approved_amount if claim.approved_amount is not None else claim.computed_amount
    if amount not in (None, ""):
        try:
            adjusted = rules.parse_amount(amount, "核定金额")
        except rules.RuleError as exc:
            raise as_invalid(exc) from None
        if adjusted > claim.computed_amount:
            raise Invalid(f"核定金额不能高于按规则计算的 {claim.computed_amount} 元。", code="mutual_aid.adjust_above")
        if adjusted != requested:
            if not reason:
                raise Invalid("调整金额必须填写理由。", code="mutual_aid.reason_required")
            claim.adjust_reason = reason
            claim.explanation = [*claim.explanation, f"审核调整：由 {rules.fmt(requested)} 元调整为 "
                                 f"{rules.fmt(adjusted)} 元，理由：{reason}"]
            requested = adjusted
    claim.approved_amount = requested
    two_step = requested > claim.plan.two_step_above
    if two_step and claim.status == Claim.Status.SUBMITTED:
        claim.status = Claim.Status.FIRST_APPROVED
        claim.first_approver = actor
        claim.save(update_fields=["status", "first_approver", "approved_amount", "adjust_reason", "explanation"])
        audit.record(actor, "mutual_aid.claim_first_approve", claim, org=claim.org,
                     summary={"amount": str(requested), "reason": claim.adjust_reason})
        return claim
    if not scoping.covers(actor, claim.org, roles=scoping.APPROVER_ROLES):
        raise Forbidden("终审需要审批人权限。", code="mutual_aid.not_approver")
    if two_step and claim.first_approver_id == actor.pk:
        raise Forbidden(f"金额超过 {claim.plan.two_step_above} 元需两人审批，初审人不能终审。",
                        code="mutual_aid.same_approver")
    total = _lock_total(claim.plan, claim.person_index)
    q = rules.compute(claim.plan.rules, claim.kind, claim.self_paid,
                      already_paid(claim.plan, claim.person_index, claim.kind, total))
    final = min(requested, q.amount)
    if final < requested:
        claim.explanation = [*claim.explanation, f"终审时按年度剩余额度重新核算（{q.explanation[-2]}），"
                             f"核定为 {rules.fmt(final)} 元。"]
    if final <= 0:
        raise Conflict("该会员本年度该项互助已达上限，不能再支付，请驳回该申请。", code="mutual_aid.cap_reached")
    if claim.kind == "inpatient":
        total.inpatient_paid += final
    elif claim.kind == "serious_illness":
        total.serious_count += 1
    elif claim.kind == "accidental_injury":
        total.accident_paid += final
    total.updated_at = timezone.now()
    total.save(update_fields=["inpatient_paid", "serious_count", "accident_paid", "inpatient_cap", "accident_cap",
                              "updated_at"])
    claim.approved_amount = final
    claim.status = Claim.Status.APPROVED
    claim.approver = actor
    claim.approved_at = timezone.now()
    claim.save(update_fields=["approved_amount", "status", "approver", "approved_at", "adjust_reason", "explanation"])
    LedgerEntry.objects.create(claim=claim, org=claim.org, kind=LedgerEntry.Kind.APPROVED, amount=final, actor=actor)
    audit.record(actor, "mutual_aid.claim_approve", claim, org=claim.org,
                 summary={"amount": str(final), "reason": claim.adjust_reason})
    notify(claim.member.user, "mutual_aid.approved", f"医疗互助申请第{claim.pk}号已审批通过",
           f"发票 {claim.invoice_no} 核定互助金 {final} 元，待发放。", link=f"/mutual-aid/claims/{claim.pk}/")
    return claim


@transaction.atomic
def reject_claim(*, actor, claim_id: int, reason: str) -> Claim:
    claim = _claim_for_update(actor, claim_id)
    if claim.status not in (Claim.Status.SUBMITTED, Claim.Status.FIRST_APPROVED):
        raise Conflict("这份申请已经处理过了，请刷新页面。", code="mutual_aid.claim_decided")
    reason = (reason or "").strip()[:200]
    if not reason:
        raise Invalid("驳回必须填写理由。", code="mutual_aid.reason_required")
    claim.status, claim.reject_reason, claim.approver = Claim.Status.REJECTED, reason, actor
    claim.save(update_fields=["status", "reject_reason", "approver"])
    audit.record(actor, "mutual_aid.claim_reject", claim, org=claim.org, summary={"reason": reason})
    notify(claim.member.user, "mutual_aid.rejected", f"医疗互助申请第{claim.pk}号未通过", f"发票 {claim.invoice_no}：{reason}",
           link=f"/mutual-aid/claims/{claim.pk}/")
    return claim
