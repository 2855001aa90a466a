"""Relief applications: submission, evaluation, multi-level approval and the capped grant."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import Member
from niangjia.core.notifications import notify
from niangjia.core.payouts import accounts
from niangjia.relief import rules, selectors
from niangjia.relief.models import (
    Application,
    ApprovalStep,
    Decision,
    Disbursement,
    HardshipFile,
    Household,
    HouseholdYearTotal,
    Invoice,
    Policy,
)
from niangjia.relief.services.common import (
    CATEGORY,
    TEMPORARY,
    _not_future,
    _rule,
    _save_photos,
    atomic_with_uploads,
    explain_dibao,
    need_dibao,
    to_money,
    uses_dibao,
)
from niangjia.relief.services.households import _create_household
from niangjia.relief.services.ledger import _lock_total
from niangjia.relief.services.quotes import quote_under, temporary_policy


def _clean_invoices(invoices: list[dict]) -> list[Invoice]:
    out, seen = [], set()
    for i, inv in enumerate(invoices or [], start=1):
        number = (inv.get("number") or "").strip().upper()
        if not number or len(number) > 40:
            raise Invalid(f"第 {i} 张发票缺少发票号码。", code="relief.invoice")
        if number in seen:
            raise Invalid(f"发票号码 {number} 重复填写。", code="relief.invoice_duplicate")
        seen.add(number)
        amount = to_money(inv.get("amount", 0), f"第 {i} 张发票金额", allow_zero=False)
        issued = inv.get("issued_on")
        if not issued:
            raise Invalid(f"第 {i} 张发票缺少开票日期（救助按开票日期所在年度计算）。", code="relief.invoice_date")
        if isinstance(issued, str):
            try:
                issued = dt.date.fromisoformat(issued)
            except ValueError:
                raise Invalid(f"第 {i} 张发票的开票日期格式不对，应为 YYYY-MM-DD。", code="relief.invoice") from None
        _not_future(issued, f"第 {i} 张发票的开票日期")
        out.append(Invoice(number=number, amount=amount, issued_on=issued))
    return out


def _application_year(year: int | None, invoices: list[Invoice]) -> int:
    """The application's year agrees with its invoices' issue dates: a cost counts against the cap of
    the year it was incurred, so last year's unused cap never pays this year's costs (and the reverse)."""
    years = sorted({inv.issued_on.year for inv in invoices})
    if year is None:
        if len(years) > 1:
            raise Invalid(f"发票开票日期分属 {'、'.join(map(str, years))} 年，不同年度的费用请分别申请。",
                          code="relief.invoice_year")
        year = years[0] if years else timezone.localdate().year
    for i, inv in enumerate(invoices, start=1):
        if inv.issued_on.year != year:
            raise Invalid(f"第 {i} 张发票开票日期为 {inv.issued_on.isoformat()}，不属于申请年度 {year} 年。"
                          f"费用只能计入开票当年的救助额度，请按 {inv.issued_on.year} 年另行申请。",
                          code="relief.invoice_year", details={"year": year, "issued_on": inv.issued_on.isoformat()})
    return year


def household_of_worker(user) -> Household | None:
    return (Household.objects.filter(head__user=user, head__status="active", merged_into__isnull=True)
            .order_by("-id").first())


@atomic_with_uploads
def submit_application(*, actor, kind: str, total_cost, self_paid, household_id: int | None = None,
                       year: int | None = None, invoices: list[dict] | None = None, photos=None, students: int = 0,
                       description: str = "", new_household: dict | None = None,
                       evidence_required: bool = False, payee: dict | None = None) -> Application:
    """A worker applies from the phone (own household) or staff apply on a worker's behalf.

    `evidence_required`: the worker's own form must carry at least one evidence photo, as a claim does; staff
    entering a paper application on a worker's behalf keep the paper file instead.
    `payee`: the payee account the worker typed into the form (core.payouts.accounts); saved as theirs in this
    transaction, so a refused application stores no account and a bad card number refuses the application."""
    if kind not in Application.Kind.values:
        raise Invalid("申请类别不正确。", code="relief.kind")
    if evidence_required and not [p for p in (photos or []) if p]:
        raise Invalid("请至少上传一张证明材料照片（发票、病历、在读证明或困难情况说明）。", code="relief.evidence_required")
    if payee:
        accounts.clean_account(**payee)  # a bad card number is refused before anything else is checked
    if year is not None and (year > timezone.localdate().year or year < 2000):
        raise Invalid("申请年度不正确。", code="relief.year")
    total_cost = to_money(total_cost, "总费用")
    self_paid = to_money(self_paid, "自付金额")
    if self_paid > total_cost:
        raise Invalid(f"自付金额 {rules.yuan(self_paid)} 元不能大于总费用 {rules.yuan(total_cost)} 元。",
                      code="relief.self_paid_above_total")
    invoice_rows = _clean_invoices(invoices or [])
    year = _application_year(year, invoice_rows)
    if kind in TEMPORARY and kind != "special" and not invoice_rows:
        raise Invalid("医疗类临时救助须至少填写一张发票。", code="relief.invoice_required")
    if invoice_rows and sum(i.amount for i in invoice_rows) != total_cost:
        raise Invalid(f"发票金额合计 {rules.yuan(sum(i.amount for i in invoice_rows))} 元与总费用 "
                      f"{rules.yuan(total_cost)} 元不一致。", code="relief.invoice_total")
    taken = list(Invoice.objects.filter(number__in=[i.number for i in invoice_rows]).values_list("number", flat=True))
    if taken:
        raise Conflict(f"发票号码 {'、'.join(taken)} 已用于其他申请，同一张发票不能重复申请。",
                       code="relief.invoice_used", details={"numbers": taken})
    if household_id:
        household = selectors.access_household(actor=actor, household_id=household_id, for_update=True,
                                               allow_head=True)
    else:
        household = household_of_worker(actor)
        if household is None:
            membership = Member.objects.filter(user=actor, status="active").select_related("org").first()
            if membership is None:
                raise NotFound("您还不是在册工会会员，请先入会后再申请，或请工会工作人员代为申请。")
            if not new_household:
                raise Invalid("首次申请请填写家庭成员及收入情况。", code="relief.household_required")
            household = _create_household(actor, membership.org, membership.name,
                                          new_household.get("region_code") or membership.org.region_code,
                                          new_household.get("address", ""), new_household.get("bank_account", ""),
                                          new_household.get("bank_name", ""), new_household["members"],
                                          membership.pk)
    income = selectors.household_income(household) * 12
    file = household.files.filter(status__in=HardshipFile.OPEN).first()
    if kind in CATEGORY and file is None:
        raise Invalid("生活救助和助学救助仅限在档困难职工家庭申请。", code="relief.no_file")
    if kind == "education" and students < 1:
        raise Invalid("助学救助请填写在读学生人数。", code="relief.students")
    app = Application.objects.create(
        household=household, org=household.org, applicant=household.head.user if household.head_id else None,
        submitted_by=actor, kind=kind, year=year, total_cost=total_cost, self_paid=self_paid,
        household_annual_income=income, students=students, description=(description or "")[:500])
    for inv in invoice_rows:
        inv.application = app
    try:
        with transaction.atomic():
            Invoice.objects.bulk_create(invoice_rows)
    except IntegrityError:
        raise Conflict("发票号码已用于其他申请，同一张发票不能重复申请。", code="relief.invoice_used") from None
    attachments = _save_photos(actor, household.org, photos)
    if attachments:
        app.evidence.add(*attachments)
    q, policy = evaluate(app, already=None)
    app.quoted_amount = q.amount
    app.save(update_fields=["quoted_amount"])
    ApprovalStep.objects.create(application=app, level="submit", approve=True, actor=actor, org=household.org,
                                reason="代为申请" if app.applicant_id and app.applicant_id != actor.pk else "")
    if payee:
        if app.applicant_id != actor.pk:
            raise Invalid("收款账户须由申请人本人填写；工作人员代录请在会员页面登记，并由本人确认。",
                          code="relief.payee_not_own")
        accounts.take_from_application(actor=actor, payee=payee)
    audit.record(actor, "relief.apply", app, org=app.org, summary={"kind": kind, "self_paid": str(self_paid),
                                                                   "quoted": str(q.amount)})
    if app.applicant_id and app.applicant_id != actor.pk:
        notify(app.applicant, "relief.submitted", f"工会已为您提交帮扶申请（第{app.pk}号）",
               f"{app.get_kind_display()}，测算金额 {rules.yuan(q.amount)} 元，等待审核。", link=f"/relief/my/{app.pk}/")
    return app


def _cap_key(kind: str) -> str:
    return kind


def evaluate(app: Application, already: Decimal | None):
    """Run the policy for an application. `already` None reads the year total without locking."""
    if already is None:
        already = (HouseholdYearTotal.objects.filter(household=app.household, year=app.year, cap_key=_cap_key(app.kind))
                   .values_list("total", flat=True).first() or Decimal("0"))
    region = app.household.region_code
    if app.kind in TEMPORARY:
        # the same lookup and computation as the public quote (services.quotes)
        policy = temporary_policy(region, app.year)
        q = quote_under(policy, kind=app.kind, self_paid=app.self_paid,
                        household_annual_income=app.household_annual_income, region_code=region, year=app.year,
                        already=already)
    else:
        policy = selectors.category_policy()
        file = app.household.files.filter(status__in=HardshipFile.OPEN).first()
        if file is None:
            raise Invalid("该家庭没有在档档案。", code="relief.no_file")
        others = list(HouseholdYearTotal.objects.filter(household=app.household, year=app.year, total__gt=0,
                                                        cap_key__in=["living", "education", "medical"])
                      .values_list("cap_key", flat=True))
        spec = (policy.params.get("standards", {}).get(file.category) or {}).get(app.kind)
        used = uses_dibao(spec or {})
        ref = selectors.dibao_ref(region, app.year)
        dibao = need_dibao(ref, region, app.year) if used else (ref.amount if ref else None)
        q = _rule(rules.quote_category, policy.params, category=file.category, kind=app.kind, dibao=dibao,
                  students=app.students, already_this_kind=already, other_kinds_this_year=others)
        explain_dibao(q.lines, ref, used)
    return q, policy


LEVEL_FOR_STATUS = {"submitted": "grassroots", "reviewed": "district", "district_approved": "city"}


LEVEL_RANK = {"grassroots": 5, "district": 3, "city": 2}


def _check_level(actor, app: Application, level: str) -> None:
    if not scoping.covers(actor, app.org):
        raise NotFound("未找到该申请，或您无权处理。")
    if scoping.is_everything(actor):
        return
    roles = scoping.STAFF_ROLES if level == "grassroots" else scoping.APPROVER_ROLES
    rank = LEVEL_RANK[level]
    for grant in scoping.roles_of(actor):
        if grant.role in roles and grant.org.level_rank <= rank and scoping.covers(actor, app.org, roles={grant.role}):
            if app.org.path.startswith(grant.org.path):
                return
    names = {"grassroots": "基层工会初审", "district": "区（县）总工会审批", "city": "市总工会审批"}
    raise Forbidden(f"这一步是“{names[level]}”，需要相应层级的审批权限。", code="relief.wrong_level")


def _needs_city(app: Application, policy: Policy) -> bool:
    limit = Decimal(str(policy.params.get("city_approval_above", "10000")))
    return app.quoted_amount > limit


@transaction.atomic
def decide(*, actor, application_id: int, approve: bool, reason: str = "") -> Application:
    app = (Application.objects.select_for_update(of=("self",)).select_related("org", "household", "applicant")
           .filter(pk=application_id).first())
    if app is None or not scoping.covers(actor, app.org):
        raise NotFound("未找到该申请，或您无权处理。")
    level = LEVEL_FOR_STATUS.get(app.status)
    if level is None:
        raise Conflict("这份申请已经办结（可能是其他工作人员刚刚处理），请刷新页面。", code="relief.decided")
    _check_level(actor, app, level)
    reason = (reason or "").strip()
    now = timezone.now()
    if not approve:
        if not reason:
            raise Invalid("驳回申请必须填写原因。", code="relief.reason_required")
        app.status, app.reason, app.decided_at = "rejected", reason[:300], now
        app.save(update_fields=["status", "reason", "decided_at"])
        ApprovalStep.objects.create(application=app, level=level, approve=False, reason=reason[:300], actor=actor)
        audit.record(actor, "relief.reject", app, org=app.org, summary={"level": level, "reason": reason})
        notify(app.applicant, "relief.rejected", f"帮扶申请第{app.pk}号未通过", f"原因：{reason}", link=f"/relief/my/{app.pk}/")
        return app
    _q, policy = evaluate(app, already=None)
    final = level == "city" or (level == "district" and not _needs_city(app, policy))
    if not final:
        app.status = "reviewed" if level == "grassroots" else "district_approved"
        app.save(update_fields=["status"])
        ApprovalStep.objects.create(application=app, level=level, approve=True, reason=reason[:300], actor=actor)
        audit.record(actor, "relief.review", app, org=app.org, summary={"level": level})
        notify(app.applicant, "relief.progress", f"帮扶申请第{app.pk}号进度更新",
               f"已通过{ApprovalStep.Level(level).label}，进入下一步审批。", link=f"/relief/my/{app.pk}/")
        return app
    return _grant(actor, app, level, reason, now)


def _grant(actor, app: Application, level: str, reason: str, now) -> Application:
    # first a provisional quote for the cap value, then lock and compute against the locked total
    q0, _policy = evaluate(app, already=Decimal("0"))
    total = _lock_total(app.household, app.year, _cap_key(app.kind), q0.cap)
    q, policy = evaluate(app, already=total.total)
    if not q.eligible or q.amount <= 0:
        if q.computed > 0 and q.remaining_before <= 0:
            raise Conflict(f"该家庭本年度此类救助已达上限 {rules.yuan(q.cap)} 元，无法再核定。",
                           code="relief.cap_exceeded", details={"lines": q.lines})
        raise Conflict("按现行政策该申请不符合救助条件：" + "；".join(q.lines), code="relief.not_eligible",
                       details={"lines": q.lines})
    total.total = total.total + q.amount
    total.cap = max(total.cap, q.cap)
    total.save(update_fields=["total", "cap"])
    Decision.objects.create(
        application=app, policy=policy, eligible=q.eligible, tier=q.tier, computed_amount=q.computed,
        granted_amount=q.amount, cap=q.cap, explanation=q.lines,
        inputs={"kind": app.kind, "self_paid": str(app.self_paid), "total_cost": str(app.total_cost),
                "household_annual_income": str(app.household_annual_income), "year": app.year,
                "already_paid_this_year": str(total.total - q.amount), "region_code": app.household.region_code,
                "students": app.students, "policy": f"{policy.code} v{policy.version}"})
    Disbursement.objects.create(household=app.household, org=app.org, kind=app.kind, cap_key=_cap_key(app.kind),
                                year=app.year, amount=q.amount, purpose=app.get_kind_display()[:120], policy=policy,
                                application=app)
    app.status, app.granted_amount, app.decided_at, app.reason = "approved", q.amount, now, reason[:300]
    app.save(update_fields=["status", "granted_amount", "decided_at", "reason"])
    ApprovalStep.objects.create(application=app, level=level, approve=True, reason=reason[:300], actor=actor)
    audit.record(actor, "relief.approve", app, org=app.org,
                 summary={"level": level, "amount": str(q.amount), "capped": q.capped, "policy": policy.pk})
    body = f"核定救助 {rules.yuan(q.amount)} 元。\n" + "\n".join(q.lines)
    notify(app.applicant, "relief.approved", f"帮扶申请第{app.pk}号已批准", body, link=f"/relief/my/{app.pk}/")
    return app
