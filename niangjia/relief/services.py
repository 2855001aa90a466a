"""Relief use cases. Each is one transaction, checks the actor's scope, and writes an audit event.

Bad input raises `Invalid` with a Chinese reason before anything is written; a refusal after a
write rolls the whole transaction back, so a refused call changes nothing.
"""

import contextvars
import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Min, Sum
from django.utils import timezone

from niangjia.core import audit, pii, scoping
from niangjia.core.attachments import check_upload
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import Attachment, Member, Org, User
from niangjia.core.notifications import notify
from niangjia.relief import rules, selectors
from niangjia.relief.models import (
    Application,
    ApprovalStep,
    Campaign,
    Decision,
    Disbursement,
    FileStatusChange,
    HardshipFile,
    Household,
    HouseholdMember,
    HouseholdYearTotal,
    Invoice,
    PaymentBatch,
    Policy,
    RiskFlag,
    Visit,
)

MAX_AMOUNT = Decimal("10000000")
TEMPORARY = set(rules.TEMPORARY_KINDS)
CATEGORY = {"living", "education"}


def to_money(value, label: str, *, allow_zero: bool = True) -> Decimal:
    try:
        v = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise Invalid(f"{label}不是有效的金额。", code="relief.bad_amount", details={"field": label}) from None
    if not v.is_finite():
        raise Invalid(f"{label}不是有效的金额。", code="relief.bad_amount", details={"field": label})
    if v < 0 or (v == 0 and not allow_zero):
        raise Invalid(f"{label}必须大于 0。" if not allow_zero else f"{label}不能为负数。", code="relief.bad_amount",
                      details={"field": label})
    if v > MAX_AMOUNT:
        raise Invalid(f"{label}金额过大（超过 1,000 万元），请核对。", code="relief.bad_amount", details={"field": label})
    if v != v.quantize(rules.CENT):
        raise Invalid(f"{label}最多保留两位小数。", code="relief.bad_amount", details={"field": label})
    return v.quantize(rules.CENT)


def _rule(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except rules.RuleError as exc:
        raise Invalid(str(exc), code="relief.rule") from None


def _not_future(day: dt.date | None, label: str) -> None:
    if day and day > timezone.localdate():
        raise Invalid(f"{label}不能晚于今天。", code="relief.future_date")


# --- quote and self-test (public, store nothing) ----------------------------------------------


def quote(*, kind: str, self_paid, household_annual_income, region_code: str, year: int, already_paid_this_year=0):
    if kind not in TEMPORARY:
        raise Invalid("救助类别不正确，应为住院(hospitalization)、慢性病(chronic)或特殊困难(special)。",
                      code="relief.kind")
    self_paid = to_money(self_paid, "自付金额")
    income = to_money(household_annual_income, "家庭年收入")
    already = to_money(already_paid_this_year, "本年度已获救助")
    policy = selectors.temporary_policy_for(region_code, year)
    if policy is None:
        raise Invalid(f"地区 {region_code} 在 {year} 年没有生效的临时救助政策。", code="relief.no_policy")
    dibao = selectors.dibao_for(region_code, year)
    q = _rule(rules.quote_temporary, policy.params, kind=kind, self_paid=self_paid, household_annual_income=income,
              dibao=dibao, already_paid_this_year=already)
    return q, policy


EXCLUSIONS = rules.DEFAULT_EXCLUSIONS  # kept for callers; the active category policy may configure its own


def exclusion_choices() -> dict[str, str]:
    """{code: label} of the exclusions the active category policy asks about (§1)."""
    policy = selectors.category_policy()
    return rules.exclusion_list(policy.params if policy else {})


def self_test(*, disposable, rigid, people: int, region_code: str, year: int, sudden_cost=0,
              exclusions: list[str] | tuple = ()):
    disposable = to_money(disposable, "家庭年可支配收入")
    rigid = to_money(rigid, "刚性支出")
    sudden_cost = to_money(sudden_cost, "突发事件支出")
    dibao = selectors.dibao_for(region_code, year)
    if dibao is None:
        raise Invalid(f"地区 {region_code} 在 {year} 年的低保标准尚未维护，暂无法自测。", code="relief.no_dibao")
    policy = selectors.category_policy()
    answers = _rule(rules.exclusion_answers, policy.params, list(exclusions))
    return _rule(rules.classify_household, policy.params, disposable=disposable, rigid=rigid, people=people,
                 dibao=dibao, sudden_cost=sudden_cost,
                 exclusions=rules.applying_exclusions(policy.params, answers)), dibao


# --- households and files -----------------------------------------------------------------------


def _staff_org(actor, org_id) -> Org:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("未找到该工会，或您无权操作。")
    return org


def _clean_members(members: list[dict]) -> list[HouseholdMember]:
    if not members:
        raise Invalid("至少填写一名家庭成员。", code="relief.no_members")
    out = []
    for i, m in enumerate(members, start=1):
        name = (m.get("name") or "").strip()
        if not name:
            raise Invalid(f"第 {i} 名家庭成员缺少姓名。", code="relief.member")
        try:
            age = int(m.get("age", 0))
        except (TypeError, ValueError):
            raise Invalid(f"第 {i} 名家庭成员的年龄不是数字。", code="relief.member") from None
        if not 0 <= age <= 120:
            raise Invalid(f"第 {i} 名家庭成员的年龄不合理。", code="relief.member")
        if m.get("relation", "self") not in HouseholdMember.Relation.values:
            raise Invalid(f"第 {i} 名家庭成员的关系不正确。", code="relief.member")
        if m.get("work_status", "employed") not in HouseholdMember.WorkStatus.values:
            raise Invalid(f"第 {i} 名家庭成员的就业状态不正确。", code="relief.member")
        income = to_money(m.get("monthly_income", 0), f"第 {i} 名家庭成员的月收入")
        if income > Decimal("1000000"):
            raise Invalid(f"第 {i} 名家庭成员的月收入过大，请核对。", code="relief.member")
        out.append(HouseholdMember(
            name=name[:60], relation=m.get("relation", "self"), age=age, work_status=m.get("work_status", "employed"),
            monthly_income=income, illness=bool(m.get("illness")), disability=bool(m.get("disability")),
            diagnosis=(m.get("diagnosis") or "")[:500]))
    if sum(1 for m in out if m.relation == "self") != 1:
        raise Invalid("家庭成员中应有且只有一名“本人”。", code="relief.member")
    return out


@transaction.atomic
def create_household(*, actor, org_id: int, head_name: str, region_code: str, address: str = "",
                     bank_account: str = "", bank_name: str = "", members: list[dict], head_member_id=None) -> Household:
    org = _staff_org(actor, org_id)
    return _create_household(actor, org, head_name, region_code, address, bank_account, bank_name, members,
                             head_member_id)


def _create_household(actor, org, head_name, region_code, address, bank_account, bank_name, members, head_member_id):
    if not (head_name or "").strip():
        raise Invalid("请填写户主姓名。", code="relief.head")
    if not (region_code or "").isdigit() or len(region_code) != 6:
        raise Invalid("地区代码应为 6 位数字。", code="relief.region")
    bank_account = (bank_account or "").replace(" ", "")
    if bank_account and (not bank_account.isdigit() or not 12 <= len(bank_account) <= 30):
        raise Invalid("银行账号应为 12 到 30 位数字。", code="relief.bank")
    rows = _clean_members(members)
    household = Household.objects.create(
        org=org, head_name=head_name.strip()[:60], region_code=region_code, address=(address or "")[:200],
        bank_account=bank_account, bank_name=bank_name[:60],
        bank_account_index=pii.blind_index(bank_account, purpose="bank") if bank_account else "",
        head_id=head_member_id)
    for row in rows:
        row.household = household
    HouseholdMember.objects.bulk_create(rows)
    audit.record(actor, "relief.household_create", household, org=org, summary={"members": len(rows)})
    return household


def _check_category(household, category, causes, disposable, rigid, sudden_cost, disaster_injury, year,
                    exclusions=()):
    """The §1 rule for a claimed category, exclusions included: the basis to store (inputs, every
    exclusion answer, the rule's lines) or Invalid with the rule's lines."""
    if category not in HardshipFile.Category.values:
        raise Invalid("档案类别应为深度困难、相对困难或意外致困。", code="relief.category")
    bad = [c for c in causes if c not in HardshipFile.CAUSES]
    if bad or not causes:
        raise Invalid("请选择致困原因（疾病、残疾、子女就学、灾害、失业、意外）。", code="relief.causes")
    dibao = selectors.dibao_for(household.region_code, year)
    if dibao is None:
        raise Invalid(f"地区 {household.region_code} 在 {year} 年的低保标准尚未维护，无法建档。", code="relief.no_dibao")
    people = household.members.count()
    disposable = to_money(disposable, "家庭年可支配收入")
    rigid = to_money(rigid, "刚性支出")
    sudden_cost = to_money(sudden_cost, "突发事件支出")
    derived = selectors.household_income(household) * 12
    if disposable > derived * 2 + Decimal("1000") or (derived > 0 and disposable * 2 < derived):
        raise Invalid(f"填报的家庭年可支配收入 {rules.yuan(disposable)} 元与家庭成员月收入合计推算的 "
                      f"{rules.yuan(derived)} 元相差过大，请核对。", code="relief.income_mismatch")
    params = selectors.category_policy().params
    answers = _rule(rules.exclusion_answers, params, exclusions)
    applying = rules.applying_exclusions(params, answers)
    result = _rule(rules.classify_household, params, disposable=disposable, rigid=rigid,
                   people=people, dibao=dibao, sudden_cost=sudden_cost, disaster_injury=disaster_injury,
                   exclusions=applying)
    if applying:
        raise Invalid("不予建档：" + "；".join(result.lines), code="relief.excluded",
                      details={"lines": result.lines, "exclusions": applying})
    if result.category != category:
        raise Invalid("不符合所选类别的认定条件：" + "；".join(result.lines), code="relief.category_rule",
                      details={"lines": result.lines, "category": result.category})
    basis = {"disposable": str(disposable), "rigid": str(rigid), "sudden_cost": str(sudden_cost), "people": people,
             "dibao": str(dibao), "year": year, "exclusions": answers,
             "lines": [*result.lines, "排除性条件逐项询问：均不符合"]}
    return basis


def _create_file(actor, household, category, causes, basis, helper=None, review_date=None) -> HardshipFile:
    today = timezone.localdate()
    try:
        with transaction.atomic():
            file = HardshipFile.objects.create(
                household=household, org=household.org, category=category, causes=causes, helper=helper,
                review_date=review_date or today.replace(year=today.year + 1, day=min(today.day, 28)), basis=basis)
    except IntegrityError:
        raise Conflict("该家庭已有一份在档（在帮扶中或返困）的档案，不能重复建档。", code="relief.file_exists") from None
    FileStatusChange.objects.create(file=file, to_status="active", on=today, reason="建档", actor=actor)
    audit.record(actor, "relief.file_open", file, org=file.org, summary={"category": category})
    return file


@transaction.atomic
def open_file(*, actor, household_id: int, category: str, causes: list[str], disposable, rigid,
              sudden_cost=0, disaster_injury: bool = False, helper_id: int | None = None,
              review_date: dt.date | None = None, year: int | None = None,
              exclusions: dict[str, bool] | list[str] | tuple = ()) -> HardshipFile:
    """建档 directly (staff): the claimed category must be what the §1 rule says, and no exclusion
    (排除性条件) may apply; `exclusions` is {code: yes/no} for every exclusion (the page asks each one)
    or the list of codes that apply. The answers and the lines are stored in the file's basis."""
    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True)
    year = year or timezone.localdate().year
    basis = _check_category(household, category, causes, disposable, rigid, sudden_cost, disaster_injury, year,
                            exclusions)
    helper = None
    if helper_id:
        helper = User.objects.filter(pk=helper_id).first()
        if helper is None or not scoping.covers(helper, household.org):
            raise Invalid("帮扶责任人必须是该工会范围内的工作人员。", code="relief.helper")
    return _create_file(actor, household, category, causes, basis, helper, review_date)


NEXT_STAGE = {"submitted": "reviewed", "reviewed": "visited", "visited": "checked", "checked": "notice",
              "notice": "approved"}
STAGE_LABELS = {"reviewed": "初审", "visited": "入户调查", "checked": "核对", "notice": "公示", "approved": "审批建档"}


@transaction.atomic
def submit_file_application(*, actor, household_id: int, category: str, causes: list[str], disposable, rigid,
                            sudden_cost=0, year: int | None = None,
                            exclusions: dict[str, bool] | list[str] | tuple = ()):
    """填报: the rule is checked at once (and says why); then the steps of the documented workflow."""
    from niangjia.relief.models import FileApplication

    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True, allow_head=True)
    if household.files.filter(status__in=HardshipFile.OPEN).exists():
        raise Conflict("该家庭已有在档档案。", code="relief.file_exists")
    year = year or timezone.localdate().year
    basis = _check_category(household, category, causes, disposable, rigid, sudden_cost, False, year, exclusions)
    try:
        with transaction.atomic():
            fa = FileApplication.objects.create(
                household=household, org=household.org, category=category, causes=causes, year=year,
                disposable=Decimal(basis["disposable"]), rigid=Decimal(basis["rigid"]),
                sudden_cost=Decimal(basis["sudden_cost"]), basis=basis, created_by=actor,
                steps=[{"stage": "submitted", "at": timezone.now().isoformat(), "actor": actor.pk, "note": "填报"}])
    except IntegrityError:
        raise Conflict("该家庭已有一份建档申请正在办理。", code="relief.file_application_pending") from None
    audit.record(actor, "relief.file_apply", fa, org=household.org, summary={"category": category})
    return fa


@transaction.atomic
def advance_file_application(*, actor, application_id: int, approve: bool = True, note: str = "",
                             consent_signed: bool = False, check_result: str = "", objections: str = ""):
    from niangjia.relief.models import FileApplication

    fa = (FileApplication.objects.select_for_update(of=("self",)).select_related("household", "org")
          .filter(pk=application_id).first())
    if fa is None or not scoping.covers(actor, fa.org):
        raise NotFound("未找到该建档申请，或您无权处理。")
    if fa.stage in ("approved", "rejected"):
        raise Conflict("该建档申请已经办结。", code="relief.file_application_done")
    note = (note or "").strip()
    today = timezone.localdate()
    if not approve:
        if not note:
            raise Invalid("不予建档必须填写原因。", code="relief.reason_required")
        fa.stage = "rejected"
    else:
        target = NEXT_STAGE[fa.stage]
        if target == "visited" and not consent_signed:
            raise Invalid("入户调查须由家庭签署家庭经济状况核对授权书。", code="relief.consent_required")
        if target == "checked":
            if not check_result.strip():
                raise Invalid("请填写与民政部门核对的结果。", code="relief.check_required")
            fa.check_result = check_result.strip()[:300]
        if target == "notice":
            fa.notice_from = today
        if target == "approved":
            days = int(selectors.category_policy().params.get("notice_days", 7))
            if fa.notice_from is None or (today - fa.notice_from).days < days:
                raise Conflict(f"公示期 {days} 天未满，不能审批建档。", code="relief.notice_running")
            if objections.strip():
                fa.objections = objections.strip()
                if not note:
                    raise Invalid("公示期有异议，请填写核实意见后再审批。", code="relief.objection_note")
            # the rule is re-checked with the exclusion answers recorded at 填报 (stored in the basis)
            known = rules.exclusion_list(selectors.category_policy().params)
            answered = (fa.basis or {}).get("exclusions") or {}
            basis = _check_category(fa.household, fa.category, fa.causes, fa.disposable, fa.rigid, fa.sudden_cost,
                                    False, fa.year, [c for c, yes in answered.items() if yes and c in known])
            fa.file = _create_file(actor, fa.household, fa.category, fa.causes, basis | {"application": fa.pk})
        fa.consent_signed = fa.consent_signed or consent_signed
        fa.stage = target
    fa.steps = [*fa.steps, {"stage": fa.stage, "at": timezone.now().isoformat(), "actor": actor.pk,
                            "note": note[:200]}]
    fa.save()
    audit.record(actor, "relief.file_application_step", fa, org=fa.org, summary={"stage": fa.stage})
    head_user = fa.household.head.user if fa.household.head_id else None
    if fa.stage in ("approved", "rejected"):
        notify(head_user, "relief.file_application", "建档申请已办结",
               "已建档。" if fa.stage == "approved" else f"未予建档。原因：{note}")
    return fa


@transaction.atomic
def change_file_status(*, actor, file_id: int, to_status: str, reason: str, on: dt.date | None = None):
    file = selectors.access_file(actor=actor, file_id=file_id, for_update=True)
    on = on or timezone.localdate()
    _not_future(on, "变更日期")
    allowed = {"active": {"exited"}, "relapsed": {"exited"}, "exited": {"relapsed"}}
    if to_status not in allowed.get(file.status, set()):
        raise Conflict(f"档案当前状态为“{file.get_status_display()}”，不能改为该状态。", code="relief.file_status")
    if not reason.strip():
        raise Invalid("请填写状态变更的原因。", code="relief.reason_required")
    previous = file.status
    file.status = to_status
    file.exited_on = on if to_status == "exited" else file.exited_on
    try:
        with transaction.atomic():
            file.save(update_fields=["status", "exited_on"])
    except IntegrityError:
        raise Conflict("该家庭已有另一份在档档案，不能返困。", code="relief.file_exists") from None
    FileStatusChange.objects.create(file=file, from_status=previous, to_status=to_status, on=on, reason=reason[:200],
                                    actor=actor)
    audit.record(actor, "relief.file_status", file, org=file.org, summary={"from": previous, "to": to_status})
    return file


# --- applications ------------------------------------------------------------------------------


_STORED_UPLOADS: contextvars.ContextVar[list | None] = contextvars.ContextVar("relief_stored_uploads", default=None)


def atomic_with_uploads(fn):
    """One transaction per use case that stores uploads: if the use case fails after files were written
    to storage (a later check refuses the request, the database rolls back), those files are deleted
    again, so a refused request leaves neither rows nor files behind."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        stored: list = []
        token = _STORED_UPLOADS.set(stored)
        try:
            with transaction.atomic():
                return fn(*args, **kwargs)
        except BaseException:
            for storage, name in stored:
                storage.delete(name)
            raise
        finally:
            _STORED_UPLOADS.reset(token)

    return wrapper


def _save_photos(actor, org, uploads) -> list[Attachment]:
    """Check every upload first (nothing is stored when one is refused), then store them; the files
    written are registered with the enclosing `atomic_with_uploads` use case for clean-up on failure."""
    uploads = list(uploads or [])
    checked = [(upload, *check_upload(upload)) for upload in uploads]
    stored = _STORED_UPLOADS.get()
    out = []
    for upload, ext, content_type, sha in checked:
        att = Attachment(original_name=upload.name[:200], content_type=content_type, extension=ext, size=upload.size,
                         sha256=sha, uploaded_by=actor if actor and actor.is_authenticated else None, org=org,
                         purpose="relief.evidence")
        att.file.save(f"{sha}.{ext}", upload, save=False)
        if stored is not None:
            stored.append((att.file.storage, att.file.name))
        att.save()
        out.append(att)
    return out


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
        if isinstance(issued, str) and issued:
            try:
                issued = dt.date.fromisoformat(issued)
            except ValueError:
                raise Invalid(f"第 {i} 张发票的开票日期格式不对。", code="relief.invoice") from None
        _not_future(issued or None, f"第 {i} 张发票的开票日期")
        out.append(Invoice(number=number, amount=amount, issued_on=issued or None))
    return out


def household_of_worker(user) -> Household | None:
    return Household.objects.filter(head__user=user, head__status="active").order_by("-id").first()


@atomic_with_uploads
def submit_application(*, actor, kind: str, total_cost, self_paid, household_id: int | None = None,
                       year: int | None = None, invoices: list[dict] | None = None, photos=None, students: int = 0,
                       description: str = "", new_household: dict | None = None) -> Application:
    """A worker applies from the phone (own household) or staff apply on a worker's behalf."""
    if kind not in Application.Kind.values:
        raise Invalid("申请类别不正确。", code="relief.kind")
    year = year or timezone.localdate().year
    if year > timezone.localdate().year or year < 2000:
        raise Invalid("申请年度不正确。", code="relief.year")
    total_cost = to_money(total_cost, "总费用")
    self_paid = to_money(self_paid, "自付金额")
    if self_paid > total_cost:
        raise Invalid(f"自付金额 {rules.yuan(self_paid)} 元不能大于总费用 {rules.yuan(total_cost)} 元。",
                      code="relief.self_paid_above_total")
    invoice_rows = _clean_invoices(invoices or [])
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
    audit.record(actor, "relief.apply", app, org=app.org, summary={"kind": kind, "self_paid": str(self_paid),
                                                                   "quoted": str(q.amount)})
    if app.applicant_id and app.applicant_id != actor.pk:
        notify(app.applicant, "relief.submitted", "工会已为您提交帮扶申请",
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
    dibao = selectors.dibao_for(region, app.year)
    if app.kind in TEMPORARY:
        policy = selectors.temporary_policy_for(region, app.year) or selectors.temporary_policy_for(None, app.year)
        if policy is None:
            raise Invalid("没有生效的临时救助政策。", code="relief.no_policy")
        q = _rule(rules.quote_temporary, policy.params, kind=app.kind, self_paid=app.self_paid,
                  household_annual_income=app.household_annual_income, dibao=dibao, already_paid_this_year=already)
    else:
        policy = selectors.category_policy()
        file = app.household.files.filter(status__in=HardshipFile.OPEN).first()
        if file is None:
            raise Invalid("该家庭没有在档档案。", code="relief.no_file")
        others = list(HouseholdYearTotal.objects.filter(household=app.household, year=app.year, total__gt=0,
                                                        cap_key__in=["living", "education", "medical"])
                      .values_list("cap_key", flat=True))
        q = _rule(rules.quote_category, policy.params, category=file.category, kind=app.kind, dibao=dibao,
                  students=app.students, already_this_kind=already, other_kinds_this_year=others)
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
        notify(app.applicant, "relief.rejected", "帮扶申请未通过", f"原因：{reason}", link=f"/relief/my/{app.pk}/")
        return app
    _q, policy = evaluate(app, already=None)
    final = level == "city" or (level == "district" and not _needs_city(app, policy))
    if not final:
        app.status = "reviewed" if level == "grassroots" else "district_approved"
        app.save(update_fields=["status"])
        ApprovalStep.objects.create(application=app, level=level, approve=True, reason=reason[:300], actor=actor)
        audit.record(actor, "relief.review", app, org=app.org, summary={"level": level})
        notify(app.applicant, "relief.progress", "帮扶申请进度更新",
               f"已通过{ApprovalStep.Level(level).label}，进入下一步审批。", link=f"/relief/my/{app.pk}/")
        return app
    return _grant(actor, app, level, reason, now)


def _lock_total(household: Household, year: int, cap_key: str, cap: Decimal) -> HouseholdYearTotal:
    """The per-household-year totals row, created if missing and locked FOR UPDATE."""
    HouseholdYearTotal.objects.bulk_create(
        [HouseholdYearTotal(household=household, year=year, cap_key=cap_key, total=0, cap=cap)],
        ignore_conflicts=True)
    return HouseholdYearTotal.objects.select_for_update().get(household=household, year=year, cap_key=cap_key)


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
    notify(app.applicant, "relief.approved", "帮扶申请已批准", body, link=f"/relief/my/{app.pk}/")
    return app


@transaction.atomic
def reverse_disbursement(*, actor, disbursement_id: int, reason: str) -> Disbursement:
    row = Disbursement.objects.select_related("household", "org").filter(pk=disbursement_id).first()
    if row is None or not scoping.covers(actor, row.org, roles=scoping.APPROVER_ROLES):
        raise NotFound("未找到该发放记录，或您无权操作。")
    if not reason.strip():
        raise Invalid("冲销必须填写原因。", code="relief.reason_required")
    if row.status == "reversed" or Disbursement.objects.filter(reverses=row).exists():
        raise Conflict("这笔发放已经冲销过了。", code="relief.reversed")
    total = _lock_total(row.household, row.year, row.cap_key, row.amount)
    back = Disbursement.objects.create(household=row.household, org=row.org, kind=row.kind, cap_key=row.cap_key,
                                       year=row.year, amount=-row.amount, purpose=f"冲销：{reason[:100]}",
                                       policy=row.policy, application=row.application, status="reversed", reverses=row)
    total.total = max(Decimal("0"), total.total - row.amount)
    total.save(update_fields=["total"])
    audit.record(actor, "relief.reverse", back, org=row.org, summary={"reverses": row.pk, "reason": reason})
    return back


# --- payment batches ---------------------------------------------------------------------------


@transaction.atomic
def create_payment_batch(*, actor, org_id: int) -> PaymentBatch:
    org = _staff_org(actor, org_id)
    if not scoping.covers(actor, org, roles=scoping.APPROVER_ROLES):
        raise Forbidden("生成发放批次需要审批权限。", code="relief.approver_only")
    rows = (Disbursement.objects.select_for_update(of=("self",)).filter(org.subtree_q("org__"), status="approved",
                                                             batch__isnull=True, reversal__isnull=True))
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        raise Invalid("没有待发放的记录。", code="relief.nothing_to_pay")
    agg = Disbursement.objects.filter(pk__in=ids).aggregate(s=Sum("amount"))
    batch = PaymentBatch.objects.create(org=org, created_by=actor, total=agg["s"], count=len(ids))
    Disbursement.objects.filter(pk__in=ids).update(batch=batch)
    audit.record(actor, "relief.batch_create", batch, org=org, summary={"count": len(ids), "total": str(agg["s"])})
    return batch


@transaction.atomic
def mark_batch_paid(*, actor, batch_id: int) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update(of=("self",)).select_related("org").filter(pk=batch_id).first()
    if batch is None or not scoping.covers(actor, batch.org, roles=scoping.APPROVER_ROLES):
        raise NotFound("未找到该发放批次，或您无权操作。")
    if batch.paid_at:
        raise Conflict("该批次已标记为已发放。", code="relief.batch_paid")
    now = timezone.now()
    batch.paid_at = now
    batch.save(update_fields=["paid_at"])
    Disbursement.objects.filter(batch=batch, status="approved").update(status="paid", paid_at=now)
    heads = (Disbursement.objects.filter(batch=batch).values("household__head__user", "purpose")
             .annotate(s=Sum("amount")))
    users = {u.pk: u for u in User.objects.filter(pk__in=[h["household__head__user"] for h in heads if
                                                        h["household__head__user"]])}
    for h in heads:
        user = users.get(h["household__head__user"])
        notify(user, "relief.paid", "帮扶资金已发放", f"{h['purpose']} {rules.yuan(h['s'])} 元已打入您登记的银行账户。")
    audit.record(actor, "relief.batch_paid", batch, org=batch.org, summary={"count": batch.count})
    return batch


# --- campaigns (set-based, idempotent) -------------------------------------------------------


def _campaign_files(campaign: Campaign):
    f = campaign.filters or {}
    qs = HardshipFile.objects.filter(campaign.org.subtree_q("org__"))
    qs = qs.filter(status__in=f.get("status") or ["active", "relapsed"])
    if f.get("category"):
        qs = qs.filter(category__in=f["category"])
    if f.get("region_prefix"):
        qs = qs.filter(household__region_code__startswith=f["region_prefix"])
    if f.get("org_id"):
        sub = Org.objects.filter(pk=f["org_id"]).first()
        if sub is None or not sub.path.startswith(campaign.org.path):
            raise Invalid("筛选的工会不在本次专项救助的范围内。", code="relief.campaign_org")
        qs = qs.filter(sub.subtree_q("org__"))
    return qs


@transaction.atomic
def create_campaign(*, actor, org_id: int, name: str, amount, year: int, filters: dict | None = None) -> Campaign:
    org = _staff_org(actor, org_id)
    if not name.strip():
        raise Invalid("请填写专项救助名称。", code="relief.campaign_name")
    amount = to_money(amount, "每户金额", allow_zero=False)
    if amount > Decimal("100000"):
        raise Invalid("每户金额过大，请核对。", code="relief.bad_amount")
    filters = filters or {}
    for s in filters.get("status") or []:
        if s not in HardshipFile.Status.values:
            raise Invalid("档案状态筛选不正确。", code="relief.campaign_filter")
    for c in filters.get("category") or []:
        if c not in HardshipFile.Category.values:
            raise Invalid("档案类别筛选不正确。", code="relief.campaign_filter")
    campaign = Campaign.objects.create(org=org, name=name.strip()[:120], amount=amount, year=year, filters=filters,
                                       created_by=actor)
    preview_campaign(campaign)
    audit.record(actor, "relief.campaign_create", campaign, org=org, summary={"amount": str(amount), **filters})
    return campaign


def preview_campaign(campaign: Campaign) -> tuple[int, Decimal]:
    count = _campaign_files(campaign).values("household_id").distinct().count()
    campaign.preview_count = count
    campaign.preview_total = campaign.amount * count
    campaign.save(update_fields=["preview_count", "preview_total"])
    return count, campaign.preview_total


@transaction.atomic
def approve_campaign(*, actor, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("org").filter(pk=campaign_id).first()
    if campaign is None or not scoping.covers(actor, campaign.org):
        raise NotFound("未找到该专项救助，或您无权操作。")
    if not scoping.covers(actor, campaign.org, roles=scoping.APPROVER_ROLES):
        raise Forbidden("批准专项救助需要审批权限。", code="relief.approver_only")
    if campaign.status != "draft":
        raise Conflict("该专项救助已经批准过了。", code="relief.campaign_approved")
    campaign.status, campaign.approved_by = "approved", actor
    campaign.save(update_fields=["status", "approved_by"])
    audit.record(actor, "relief.campaign_approve", campaign, org=campaign.org)
    return campaign


def generate_campaign(campaign_id: int, *, chunk: int = 20_000) -> int:
    """INSERT … SELECT in household-id chunks; ON CONFLICT DO NOTHING makes a rerun a no-op."""
    campaign = Campaign.objects.select_related("org").get(pk=campaign_id)
    if campaign.status == "draft":
        raise Conflict("专项救助尚未批准，不能发放。", code="relief.campaign_draft")
    base = _campaign_files(campaign)
    bounds = base.aggregate(lo=models_min("household_id"), hi=models_max("household_id"))
    if bounds["lo"] is None:
        Campaign.objects.filter(pk=campaign.pk).update(status="done")
        return 0
    now = timezone.now()
    inserted = 0
    lo = bounds["lo"]
    while lo <= bounds["hi"]:
        hi = lo + chunk
        sub = (base.filter(household_id__gte=lo, household_id__lt=hi).order_by()
               .values("household_id", "org_id").distinct())
        sql, params = sub.query.sql_with_params()
        insert = (
            "INSERT INTO relief_disbursement (household_id, org_id, kind, cap_key, year, amount, purpose, campaign_id,"
            " status, created_at) SELECT s.household_id, s.org_id, %s, %s, %s, %s, %s, %s, %s, %s FROM (" + sql
            + ") s WHERE 1 = 1 ON CONFLICT DO NOTHING")
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(insert, ["campaign", f"campaign:{campaign.pk}", campaign.year, campaign.amount,
                                 campaign.name[:120], campaign.pk, "approved", now, *params])
            n = max(cur.rowcount, 0)
            inserted += n
            if n:
                # progress in the chunk's own transaction: the counter moves exactly with the committed rows
                # (no recount of the campaign's rows per chunk, which grew quadratically with its size)
                Campaign.objects.filter(pk=campaign.pk).update(generated=F("generated") + n)
        lo = hi
    Campaign.objects.filter(pk=campaign.pk).update(status="done")
    return inserted


def models_min(field):
    return Min(field)


def models_max(field):
    return Max(field)


@transaction.atomic
def run_campaign(*, actor, campaign_id: int) -> int:
    campaign = Campaign.objects.select_related("org").filter(pk=campaign_id).first()
    if campaign is None or not scoping.covers(actor, campaign.org, roles=scoping.APPROVER_ROLES):
        raise NotFound("未找到该专项救助，或您无权操作。")
    n = generate_campaign(campaign_id)
    audit.record(actor, "relief.campaign_run", campaign, org=campaign.org, summary={"inserted": n})
    return n


# --- monitoring ---------------------------------------------------------------------------------


@transaction.atomic
def raise_flag(*, actor, household_id: int, code: str, note: str = "") -> RiskFlag:
    household = selectors.access_household(actor=actor, household_id=household_id)
    if code not in RiskFlag.STAFF_RAISED:
        raise Invalid("工作人员只能标记感染、隔离、失业等事件。", code="relief.flag_code")
    try:
        with transaction.atomic():
            flag = RiskFlag.objects.create(household=household, org=household.org, code=code, raised_by=actor,
                                           note=note[:200])
    except IntegrityError:
        raise Conflict("该家庭已有同类预警。", code="relief.flag_exists") from None
    audit.record(actor, "relief.flag_raise", flag, org=household.org, summary={"code": code})
    _alert_helpers({household.pk: [code]})
    return flag


@transaction.atomic
def clear_flag(*, actor, flag_id: int, note: str = "") -> RiskFlag:
    flag = RiskFlag.objects.select_related("org").filter(pk=flag_id, active=True).first()
    if flag is None or not scoping.covers(actor, flag.org):
        raise NotFound("未找到该预警，或您无权操作。")
    flag.active, flag.cleared_at = False, timezone.now()
    flag.note = (flag.note + " / " + note)[:200] if note else flag.note
    flag.save(update_fields=["active", "cleared_at", "note"])
    audit.record(actor, "relief.flag_clear", flag, org=flag.org)
    return flag


def _alert_helpers(new_by_household: dict[int, list[str]]) -> int:
    """One message per helper summarising the new flags of the households they look after."""
    if not new_by_household:
        return 0
    helpers: dict[int, list[int]] = {}
    for hid, helper_id in (HardshipFile.objects.filter(household_id__in=list(new_by_household),
                                                       status__in=HardshipFile.OPEN, helper__isnull=False)
                           .values_list("household_id", "helper_id")):
        helpers.setdefault(helper_id, []).append(hid)
    users = User.objects.in_bulk(list(helpers))
    for helper_id, hids in helpers.items():
        codes = sorted({c for h in hids for c in new_by_household[h]})
        labels = "、".join(str(RiskFlag.Code(c).label) for c in codes)
        notify(users[helper_id], "relief.flag", f"您负责的 {len(hids)} 户出现新的监测预警",
               f"预警类型：{labels}。请尽快联系走访。", link="/relief/workbench/monitoring/")
    return len(helpers)


def recompute_flags(*, today: dt.date | None = None, chunk: int = 20_000) -> dict[str, int]:
    """Recompute every rule-based flag of §4 for all households, chunk by chunk (a few queries each)."""
    today = today or timezone.localdate()
    params = selectors.category_policy().params.get("monitoring", {})
    dibao = selectors.dibao_map(today.year)
    stats = {"raised": 0, "cleared": 0}
    rule_codes = ["borderline", "unstable_exit", "illness", "medical_cost"]
    bounds = Household.objects.aggregate(lo=models_min("id"), hi=models_max("id"))
    lo = bounds["lo"]
    while lo is not None and lo <= bounds["hi"]:
        hi = lo + chunk
        facts = selectors.household_facts(lo, hi, today, dibao)
        wanted: dict[tuple[int, str], str] = {}
        for hid, (org_id, f) in facts.items():
            for code, reason in rules.risk_flags(f, params).items():
                wanted[(hid, code)] = (org_id, reason)
        with transaction.atomic():
            current = {(h, c): pk for pk, h, c in RiskFlag.objects.filter(
                household_id__gte=lo, household_id__lt=hi, active=True, code__in=rule_codes)
                .values_list("pk", "household_id", "code")}
            to_clear = [pk for key, pk in current.items() if key not in wanted]
            new = [RiskFlag(household_id=h, org_id=wanted[(h, c)][0], code=c, note=wanted[(h, c)][1][:200])
                   for (h, c) in wanted if (h, c) not in current]
            if to_clear:
                RiskFlag.objects.filter(pk__in=to_clear).update(active=False, cleared_at=timezone.now())
            RiskFlag.objects.bulk_create(new, batch_size=2000)
            by_household: dict[int, list[str]] = {}
            for f in new:
                by_household.setdefault(f.household_id, []).append(f.code)
            _alert_helpers(by_household)
        stats["raised"] += len(new)
        stats["cleared"] += len(to_clear)
        lo = hi
    selectors.snapshot_flags(today)
    return stats


# --- visits -------------------------------------------------------------------------------------


@atomic_with_uploads
def record_visit(*, actor, household_id: int, on: dt.date, notes: str, next_visit_on: dt.date | None = None,
                 photos=None) -> Visit:
    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True)
    _not_future(on, "走访日期")
    if next_visit_on and next_visit_on <= on:
        raise Invalid("下次走访日期应晚于本次走访日期。", code="relief.next_visit")
    if not notes.strip():
        raise Invalid("请填写走访情况。", code="relief.visit_notes")
    visit = Visit.objects.create(household=household, visitor=actor, on=on, notes=notes, next_visit_on=next_visit_on)
    attachments = _save_photos(actor, household.org, photos)
    if attachments:
        visit.photos.add(*attachments)
    if household.last_visit_on is None or on > household.last_visit_on:
        household.last_visit_on = on
        household.save(update_fields=["last_visit_on"])
    audit.record(actor, "relief.visit", visit, org=household.org)
    return visit


# --- policies: drafts, what-if, activation -------------------------------------------------------


@transaction.atomic
def draft_policy(*, actor, base_policy_id: int, params: dict, effective_from: dt.date, name: str = "") -> Policy:
    if not scoping.has_role(actor, scoping.ADMIN_ROLES):
        raise Forbidden("只有管理员可以起草政策。", code="relief.admin_only")
    base = Policy.objects.filter(pk=base_policy_id).first()
    if base is None:
        raise NotFound("未找到该政策。")
    if not isinstance(params, dict) or ("kinds" not in params and "standards" not in params):
        raise Invalid("政策参数格式不正确。", code="relief.policy_params")
    if (base.kind == "category") != ("standards" in params):
        raise Invalid("政策参数与政策类型不符（类别救助标准应包含 standards，临时救助应包含 kinds）。",
                      code="relief.policy_params")
    _check_policy_params(params)
    _check_standards(params)
    version = (Policy.objects.filter(code=base.code).order_by("-version").values_list("version", flat=True).first()
               or 0) + 1
    policy = Policy.objects.create(code=base.code, version=version, name=name or base.name, kind=base.kind,
                                   region_code=base.region_code, effective_from=effective_from, params=params,
                                   created_by=actor, status="draft")
    audit.record(actor, "relief.policy_draft", policy, summary={"code": base.code, "version": version})
    return policy


def _spec_value(spec) -> Decimal:
    if not isinstance(spec, dict) or not ({"fixed", "dibao_months"} & set(spec)):
        raise Invalid("金额应写作 {\"fixed\": 金额} 或 {\"dibao_months\": 月数}。", code="relief.policy_params")
    try:
        value = Decimal(str(spec.get("fixed", spec.get("dibao_months"))))
    except InvalidOperation:
        raise Invalid("政策中的金额不是数字。", code="relief.policy_params") from None
    if not value.is_finite() or value < 0:
        raise Invalid("政策中的金额不能为负数。", code="relief.policy_params")
    return value


def _decimal(value, what: str) -> Decimal:
    try:
        v = Decimal(str(value))
    except InvalidOperation:
        raise Invalid(f"{what}不是数字。", code="relief.policy_params") from None
    if not v.is_finite() or v < 0:
        raise Invalid(f"{what}不能为负数。", code="relief.policy_params")
    return v


def _check_standards(params: dict) -> None:
    """Category standards (§1 lines, §2 amounts): numbers non-negative, shares at most 100%, the
    relative line above the deep one, approval thresholds rising and not above the medical maximum."""
    if "standards" not in params:
        return
    c = params.get("classification") or {}
    deep_m = _decimal(c.get("deep_multiple", "1"), "深度困难线（低保倍数）")
    rel_m = _decimal(c.get("relative_multiple", "2"), "相对困难线（低保倍数）")
    loss = _decimal(c.get("sudden_loss_ratio", "0.8"), "意外致困的支出占收入比例")
    if deep_m <= 0 or rel_m <= deep_m:
        raise Invalid("相对困难线必须高于深度困难线，且两者都大于 0。", code="relief.policy_params")
    if not 0 < loss <= 1:
        raise Invalid("意外致困的支出占收入比例应在 0 到 100% 之间。", code="relief.policy_params")
    standards = params["standards"]
    if not isinstance(standards, dict):
        raise Invalid("救助标准格式不正确。", code="relief.policy_params")
    for cat, std in standards.items():
        label = rules.CATEGORY_LABELS.get(cat, cat)
        if cat not in HardshipFile.Category.values or not isinstance(std, dict):
            raise Invalid(f"未知的档案类别：{cat}", code="relief.policy_params")
        for kind in ("living", "education"):
            if std.get(kind):
                _spec_value(std[kind])
        med = std.get("medical")
        if med:
            if not isinstance(med, dict):
                raise Invalid(f"{label}的医疗救助格式不正确。", code="relief.policy_params")
            share = _decimal(med.get("share_of_total", med.get("share", "1")), f"{label}的医疗救助比例")
            if share > 1:
                raise Invalid(f"{label}的医疗救助比例不能超过 100%。", code="relief.policy_params")
            top = _decimal(med["max"], f"{label}的医疗救助最高金额") if med.get("max") is not None else None
            last = None
            for row in med.get("approval_levels") or []:
                try:
                    threshold, level = row
                except (TypeError, ValueError):
                    raise Invalid(f"{label}的审批层级格式不正确。", code="relief.policy_params") from None
                t = _decimal(threshold, f"{label}的{level}审批起点")
                if last is not None and t <= last:
                    raise Invalid(f"{label}的审批起点必须逐级升高。", code="relief.policy_params")
                if top is not None and t > top:
                    raise Invalid(f"{label}的{level}审批起点高于医疗救助最高金额。", code="relief.policy_params")
                last = t


def _check_policy_params(params: dict) -> None:
    """Tier tables must rise: thresholds strictly ascending, amounts never falling (so relief stays
    monotone in the self-paid cost), every amount non-negative and no tier above the cap."""
    for kind, spec in (params.get("kinds") or {}).items():
        label = rules.KIND_LABELS.get(kind, kind)
        if kind not in TEMPORARY:
            raise Invalid(f"未知的救助类别：{kind}", code="relief.policy_params")
        cap = _spec_value(spec.get("cap"))
        if spec.get("basis") == "one_off":
            _spec_value(spec.get("max"))
            continue
        tiers = spec.get("tiers") or []
        if not tiers:
            raise Invalid(f"{label}至少需要一个档位。", code="relief.policy_params")
        last_ratio, last_amount, same_unit = None, None, None
        for i, t in enumerate(tiers, start=1):
            try:
                ratio = Decimal(str(t["min_ratio"]))
            except (KeyError, InvalidOperation):
                raise Invalid(f"{label}第 {i} 档缺少起付比例。", code="relief.policy_params") from None
            amount = _spec_value(t.get("amount"))
            unit = "fixed" if "fixed" in t["amount"] else "dibao_months"
            if ratio < 0 or (last_ratio is not None and ratio <= last_ratio):
                raise Invalid(f"{label}的档位比例必须从低到高排列（第 {i} 档）。", code="relief.policy_params")
            if last_amount is not None and unit == same_unit and amount < last_amount:
                raise Invalid(f"{label}第 {i} 档金额低于上一档，救助金额必须随自付比例不降。",
                              code="relief.policy_params")
            if unit == ("fixed" if "fixed" in spec["cap"] else "dibao_months") and amount > cap:
                raise Invalid(f"{label}第 {i} 档金额超过年度上限。", code="relief.policy_params")
            last_ratio, last_amount, same_unit = ratio, amount, unit


def simulate_policy(*, actor, policy_id: int) -> dict:
    """What-if: last 12 months of applications (and the open files for category standards) under the
    draft versus the active version, by org and kind/category."""
    draft = Policy.objects.filter(pk=policy_id).first()
    if draft is None or not scoping.has_role(actor, scoping.ADMIN_ROLES):
        raise NotFound("未找到该政策。")
    active = Policy.objects.filter(code=draft.code, status="active").first()
    if active is None:
        raise Invalid("没有可比较的现行版本。", code="relief.no_active")
    if draft.kind == "category":
        result = _simulate_archive(actor, active, draft)
        Policy.objects.filter(pk=draft.pk).update(simulated_at=timezone.now())
        return result
    since = timezone.now() - dt.timedelta(days=365)
    apps = (Application.objects.filter(scoping.scope_q(actor), created_at__gte=since)
            .exclude(status="rejected").values("org_id", "org__name", "kind", "self_paid", "total_cost", "year",
                                               "household_annual_income", "household__region_code"))
    dibao_cache: dict = {}
    groups: dict = {}
    for a in apps:
        if draft.kind == "temporary" and a["kind"] not in TEMPORARY:
            continue
        key = (a["org__name"], a["kind"])
        g = groups.setdefault(key, {"org": a["org__name"], "kind": a["kind"], "count": 0, "changed": 0,
                                    "eligibility_changed": 0, "cost_active": Decimal(0), "cost_draft": Decimal(0)})
        dk = (a["household__region_code"], a["year"])
        if dk not in dibao_cache:
            dibao_cache[dk] = selectors.dibao_for(*dk)
        results = []
        for p in (active, draft):
            try:
                q = rules.quote_temporary(p.params, kind=a["kind"], self_paid=a["self_paid"],
                                          household_annual_income=a["household_annual_income"], dibao=dibao_cache[dk])
            except rules.RuleError:
                q = None
            results.append(q)
        qa, qd = results
        g["count"] += 1
        if qa and qd:
            g["changed"] += int(qa.tier != qd.tier)
            g["eligibility_changed"] += int(qa.eligible != qd.eligible)
            g["cost_active"] += qa.amount
            g["cost_draft"] += qd.amount
    Policy.objects.filter(pk=draft.pk).update(simulated_at=timezone.now())
    rows = sorted(groups.values(), key=lambda g: (g["org"], g["kind"]))
    return {"rows": rows, "total_active": sum((g["cost_active"] for g in rows), Decimal(0)),
            "total_draft": sum((g["cost_draft"] for g in rows), Decimal(0)),
            "changed": sum(g["changed"] for g in rows)}


def _simulate_archive(actor, active: Policy, draft: Policy) -> dict:
    """Category standards: re-classify every open file from its stored basis under both versions and
    price one year of living aid; grouped by org and category."""
    groups: dict = {}
    files = (HardshipFile.objects.filter(scoping.scope_q(actor), status__in=HardshipFile.OPEN)
             .values("org__name", "category", "basis"))
    for f in files:
        b = f["basis"] or {}
        try:
            args = {"disposable": b["disposable"], "rigid": b["rigid"], "people": int(b["people"]),
                    "dibao": b["dibao"]}
        except (KeyError, TypeError, ValueError):
            continue
        key = (f["org__name"], f["category"])
        g = groups.setdefault(key, {"org": f["org__name"], "kind": f["category"], "count": 0, "changed": 0,
                                    "eligibility_changed": 0, "cost_active": Decimal(0), "cost_draft": Decimal(0)})
        g["count"] += 1
        out = []
        for p in (active, draft):
            c = rules.classify_household(p.params, **args)
            cost = Decimal(0)
            if c.category != "none":
                q = rules.quote_category(p.params, category=c.category, kind="living", dibao=args["dibao"])
                cost = q.amount
            out.append((c.category, cost))
        (ca, cost_a), (cd, cost_d) = out
        g["changed"] += int(ca != cd)
        g["eligibility_changed"] += int((ca == "none") != (cd == "none"))
        g["cost_active"] += cost_a
        g["cost_draft"] += cost_d
    rows = sorted(groups.values(), key=lambda g: (g["org"], g["kind"]))
    return {"rows": rows, "total_active": sum((g["cost_active"] for g in rows), Decimal(0)),
            "total_draft": sum((g["cost_draft"] for g in rows), Decimal(0)),
            "changed": sum(g["changed"] for g in rows)}


@transaction.atomic
def activate_policy(*, actor, policy_id: int) -> Policy:
    if not scoping.has_role(actor, scoping.ADMIN_ROLES):
        raise Forbidden("只有管理员可以启用政策。", code="relief.admin_only")
    policy = Policy.objects.select_for_update().filter(pk=policy_id, status="draft").first()
    if policy is None:
        raise NotFound("未找到该草稿政策。")
    if policy.simulated_at is None:
        raise Invalid("启用前必须先做模拟测算（what-if），看清影响的家庭和资金。", code="relief.simulate_first")
    Policy.objects.filter(code=policy.code, status="active").update(status="retired",
                                                                   effective_to=policy.effective_from)
    policy.status = "active"
    policy.save(update_fields=["status"])
    audit.record(actor, "relief.policy_activate", policy, summary={"code": policy.code, "version": policy.version})
    return policy



# --- Excel import of files (all-or-nothing) ------------------------------------------------------

IMPORT_HEADERS = ["户主姓名", "基层工会", "地区代码", "类别", "致困原因", "家庭年可支配收入", "刚性支出", "共同生活人数",
                  "家庭月收入合计", "银行账号"]
CATEGORY_BY_LABEL = {"深度困难": "deep", "相对困难": "relative", "意外致困": "sudden"}
CAUSE_BY_LABEL = {"疾病": "illness", "残疾": "disability", "子女就学": "schooling", "就学": "schooling",
                  "灾害": "disaster", "失业": "unemployment", "意外": "accident"}


@transaction.atomic
def import_files(*, actor, upload, year: int | None = None) -> int:
    """Households and files from .xlsx. Every row is checked (scope, amounts, the §1 category rule);
    one bad row refuses the whole file and nothing is written."""
    from niangjia.core.spreadsheets import ImportRejected, RowError, read_rows

    rows = read_rows(upload, IMPORT_HEADERS, required=IMPORT_HEADERS[:8])
    year = year or timezone.localdate().year
    params = selectors.category_policy().params
    orgs = {o.name: o for o in scoping.orgs_visible_to(actor).filter(level="grassroots")}
    errors, ready = [], []
    for line, r in rows:
        try:
            org = orgs.get(r.get("基层工会", ""))
            if org is None:
                raise Invalid(f"基层工会“{r.get('基层工会', '')}”不存在或不在您的管理范围内")
            category = CATEGORY_BY_LABEL.get(r.get("类别", ""))
            if category is None:
                raise Invalid("类别应为 深度困难/相对困难/意外致困")
            causes = [CAUSE_BY_LABEL.get(c.strip()) for c in re.split(r"[、,，;；]", r.get("致困原因", "")) if c.strip()]
            if not causes or None in causes:
                raise Invalid("致困原因应为 疾病、残疾、子女就学、灾害、失业、意外 中的一项或多项")
            people = int(r.get("共同生活人数") or 0) if (r.get("共同生活人数") or "").isdigit() else 0
            if people < 1 or people > 30:
                raise Invalid("共同生活人数应为 1 到 30 的整数")
            monthly = to_money(r.get("家庭月收入合计") or "0", "家庭月收入合计")
            disposable = to_money(r.get("家庭年可支配收入"), "家庭年可支配收入")
            rigid = to_money(r.get("刚性支出") or "0", "刚性支出")
            if disposable > monthly * 12 * 2 + 1000 or (monthly > 0 and disposable * 2 < monthly * 12):
                raise Invalid("家庭年可支配收入与家庭月收入合计相差过大")
            region = r.get("地区代码", "")
            dibao = selectors.dibao_for(region, year)
            if dibao is None:
                raise Invalid(f"地区 {region} 的 {year} 年低保标准尚未维护")
            result = rules.classify_household(params, disposable=disposable, rigid=rigid, people=people, dibao=dibao)
            if result.category != category:
                raise Invalid("不符合所选类别：" + "；".join(result.lines))
            bank = (r.get("银行账号") or "").replace(" ", "")
            if bank and (not bank.isdigit() or not 12 <= len(bank) <= 30):
                raise Invalid("银行账号应为 12 到 30 位数字")
            if not r.get("户主姓名"):
                raise Invalid("缺少户主姓名")
            ready.append((org, r, category, causes, people, monthly, disposable, rigid, bank, region, dibao, result))
        except (Invalid, rules.RuleError) as exc:
            errors.append(RowError(line, getattr(exc, "message", str(exc))))
    if errors:
        raise ImportRejected(errors)
    today = timezone.localdate()
    for org, r, category, causes, people, monthly, disposable, rigid, bank, region, dibao, result in ready:
        members = [{"name": r["户主姓名"], "relation": "self", "age": 40, "monthly_income": monthly}]
        members += [{"name": f"家庭成员{i}", "relation": "other", "age": 30, "monthly_income": 0}
                    for i in range(1, people)]
        household = _create_household(actor, org, r["户主姓名"], region, "", bank, "", members, None)
        file = HardshipFile.objects.create(
            household=household, org=org, category=category, causes=causes,
            review_date=today.replace(year=today.year + 1, day=min(today.day, 28)),
            basis={"disposable": str(disposable), "rigid": str(rigid), "people": people, "dibao": str(dibao),
                   "year": year, "lines": result.lines, "source": "import"})
        FileStatusChange.objects.create(file=file, to_status="active", on=today, reason="Excel 导入建档", actor=actor)
    audit.record(actor, "relief.file_import", None, object_type="relief.hardshipfile", summary={"rows": len(ready)})
    return len(ready)


# --- reference tables kept by admins -------------------------------------------------------------


@transaction.atomic
def set_dibao(*, actor, region_code: str, year: int, monthly_amount, is_demo: bool = False, note: str = ""):
    from niangjia.relief.models import DibaoStandard

    if not scoping.has_role(actor, scoping.ADMIN_ROLES):
        raise Forbidden("只有管理员可以维护低保标准。", code="relief.admin_only")
    if not (region_code or "").isdigit() or len(region_code) != 6:
        raise Invalid("地区代码应为 6 位数字。", code="relief.region")
    if not 2000 <= int(year) <= timezone.localdate().year + 1:
        raise Invalid("年度不正确。", code="relief.year")
    amount = to_money(monthly_amount, "月低保标准", allow_zero=False)
    if amount > Decimal("10000"):
        raise Invalid("月低保标准过大，请核对（单位：元/人/月）。", code="relief.bad_amount")
    row, created = DibaoStandard.objects.update_or_create(
        region_code=region_code, year=year,
        defaults={"monthly_amount": amount, "is_demo": is_demo, "note": note[:200]})
    audit.record(actor, "relief.dibao_set", row, summary={"region": region_code, "year": year, "amount": str(amount),
                                                          "created": created})
    return row


@atomic_with_uploads
def add_household_evidence(*, actor, household_id: int, uploads) -> int:
    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True)
    if not uploads:
        raise Invalid("请选择要上传的证明材料。", code="relief.no_upload")
    attachments = _save_photos(actor, household.org, uploads)
    household.evidence.add(*attachments)
    audit.record(actor, "relief.household_evidence", household, org=household.org,
                 summary={"files": len(attachments)})
    return len(attachments)
