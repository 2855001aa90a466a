"""Hardship files (建档): direct opening, the filing workflow, status changes, Excel import."""

import datetime as dt
import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import User
from niangjia.core.notifications import notify
from niangjia.relief import rules, selectors
from niangjia.relief.models import (
    FileStatusChange,
    HardshipFile,
)
from niangjia.relief.services.common import _not_future, _rule, explain_dibao, need_dibao, to_money
from niangjia.relief.services.households import _create_household


def _check_category(household, category, causes, disposable, rigid, sudden_cost, disaster_injury, year,
                    exclusions=()):
    """The §1 rule for a claimed category, exclusions included: the basis to store (inputs, every
    exclusion answer, the rule's lines) or Invalid with the rule's lines."""
    if category not in HardshipFile.Category.values:
        raise Invalid("档案类别应为深度困难、相对困难或意外致困。", code="relief.category")
    bad = [c for c in causes if c not in HardshipFile.CAUSES]
    if bad or not causes:
        raise Invalid("请选择致困原因（疾病、残疾、子女就学、灾害、失业、意外）。", code="relief.causes")
    ref = selectors.dibao_ref(household.region_code, year)
    dibao = need_dibao(ref, household.region_code, year)
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
             "dibao": str(dibao), "dibao_year": ref.year, "year": year, "exclusions": answers,
             "lines": [*explain_dibao(result.lines, ref), "排除性条件逐项询问：均不符合"]}
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
def change_file_status(*, actor, file_id: int, to_status: str, reason: str, on: dt.date | None = None,
                       override: bool = False):
    """Exit (脱困) needs §1's rule — 6 consecutive months with per-capita income above dibao in the
    monthly income records. Where it does not hold, only an approver may exit the file, with
    `override` and a reason; the override and the rule's lines are kept on the file's history."""
    file = selectors.access_file(actor=actor, file_id=file_id, for_update=True)
    on = on or timezone.localdate()
    _not_future(on, "变更日期")
    allowed = {"active": {"exited"}, "relapsed": {"exited"}, "exited": {"relapsed"}}
    if to_status not in allowed.get(file.status, set()):
        raise Conflict(f"档案当前状态为“{file.get_status_display()}”，不能改为该状态。", code="relief.file_status")
    reason = (reason or "").strip()
    lines: list[str] = []
    overridden = False
    if to_status == "exited":
        check = selectors.exit_check_of(file.household, timezone.localdate())
        lines = check.lines
        if not check.holds:
            if not override:
                raise Conflict("不符合脱困条件：" + "；".join(check.lines)
                               + "。如确需脱困，须由审批人填写原因后破例办理。", code="relief.exit_rule",
                               details={"lines": check.lines})
            if not scoping.covers(actor, file.org, roles=scoping.APPROVER_ROLES):
                raise Forbidden("不符合脱困条件时，只有审批人可以破例办理脱困。", code="relief.exit_override_approver")
            if not reason:
                raise Invalid("破例办理脱困必须填写原因。", code="relief.reason_required")
            overridden = True
    if not reason:
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
                                    actor=actor, override=overridden, check_lines=lines)
    audit.record(actor, "relief.file_exit_override" if overridden else "relief.file_status", file, org=file.org,
                 summary={"from": previous, "to": to_status, "reason": reason[:200], "override": overridden})
    return file


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
            ref = selectors.dibao_ref(region, year)
            if ref is None:
                raise Invalid(f"地区 {region} 尚未录入 {year} 年（及以前）的低保标准")
            dibao = ref.amount
            result = rules.classify_household(params, disposable=disposable, rigid=rigid, people=people, dibao=dibao)
            explain_dibao(result.lines, ref)
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
