"""The plan year cycle (issue 11): copy last year's plan to a draft, edit its terms and benefit rules,
replay last year's approved claims under it (what-if), publish it (enrolment opens for its window) and
renew last year's enrolees in one batch. Only admins of the plan's owning union; every step audited."""

import datetime as dt
import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import Member
from niangjia.mutual_aid import rules
from niangjia.mutual_aid.models import Claim, Enrolment, EnrolmentBatch, Plan
from niangjia.mutual_aid.services.common import as_invalid

MAX_WAITING_DAYS = 365


def _plan_for_admin(actor, plan_id: int, *, for_update: bool = False) -> Plan:
    qs = Plan.objects.select_related("org", "copied_from")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    plan = qs.filter(pk=plan_id).first()
    if plan is None or not scoping.covers(actor, plan.org):
        raise NotFound("未找到该互助计划。", code="mutual_aid.plan_not_found")
    if not scoping.covers(actor, plan.org, roles=scoping.ADMIN_ROLES):
        raise Forbidden("只有计划所属工会的管理员可以管理互助计划。", code="mutual_aid.not_plan_admin")
    return plan


def _draft(actor, plan_id: int) -> Plan:
    plan = _plan_for_admin(actor, plan_id, for_update=True)
    if plan.status != Plan.Status.DRAFT:
        raise Conflict("计划已发布，不能再修改；如需调整请复制为新年度草稿。", code="mutual_aid.plan_published")
    return plan


def next_code(code: str, year: int) -> str:
    """ZYHZ-2020 → ZYHZ-2026: the trailing year replaced (or appended)."""
    base = re.sub(r"-?\d{4}$", "", code) or code
    return f"{base}-{year}"


def _name_for(name: str, old_year: int, year: int) -> str:
    return name.replace(str(old_year), str(year)) if str(old_year) in name else f"{name}（{year}年度）"


@transaction.atomic
def copy_plan_to_year(*, actor, plan_id: int, year: int | None = None) -> Plan:
    """A draft for `year` (default: the next year) with the plan's premium, waiting period, benefit rules,
    approval threshold, and coverage and enrolment window moved by the same number of years."""
    source = _plan_for_admin(actor, plan_id)
    year = year or source.year + 1
    if not (source.year < year <= source.year + 20):
        raise Invalid("新计划的年度必须晚于原计划。", code="mutual_aid.bad_year")
    years = year - source.year
    code = next_code(source.code, year)
    if Plan.objects.filter(code=code).exists():
        raise Conflict(f"{code} 已经存在，不能重复复制；请在计划列表中打开它。", code="mutual_aid.plan_exists")
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                code=code, version=1, name=_name_for(source.name, source.year, year), org=source.org, year=year,
                premium=source.premium, coverage_start=rules.shift_years(source.coverage_start, years),
                coverage_end=rules.shift_years(source.coverage_end, years), waiting_days=source.waiting_days,
                rules=source.rules, two_step_above=source.two_step_above, is_active=False,
                status=Plan.Status.DRAFT, copied_from=source,
                # without a window on the source: from a month before coverage until coverage ends
                enrol_start=rules.shift_years(source.enrol_start or source.coverage_start - dt.timedelta(days=31), years),
                enrol_end=rules.shift_years(source.enrol_end or source.coverage_end, years),
            )
    except IntegrityError:
        raise Conflict(f"{code} 已经存在，不能重复复制。", code="mutual_aid.plan_exists") from None
    audit.record(actor, "mutual_aid.plan_copy", plan, org=plan.org, summary={"from": source.code, "to": code})
    return plan


def _date(value, label: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise Invalid(f"请填写正确的{label}（例如 2026-01-01）。", code="mutual_aid.bad_date") from None


@transaction.atomic
def update_draft(*, actor, plan_id: int, name: str, premium, coverage_start, coverage_end, enrol_start, enrol_end,
                 waiting_days, two_step_above, rules_fields: dict) -> Plan:
    """Save the draft's terms and its structured benefit rules; every problem is listed in Chinese and
    nothing is saved. Saving invalidates an earlier what-if."""
    plan = _draft(actor, plan_id)
    errors: list[str] = []
    name = (name or "").strip()
    if not name:
        errors.append("请填写计划名称。")
    values = {}
    for key, label, value in (("premium", "每人保费", premium), ("two_step_above", "两级审批起点金额", two_step_above)):
        try:
            values[key] = rules.parse_amount(value, label)
        except rules.RuleError as exc:
            errors.append(str(exc))
    if values.get("premium") == 0:
        errors.append("每人保费必须大于 0。")
    dates = {}
    for key, label, value in (("coverage_start", "保障开始日期", coverage_start), ("coverage_end", "保障结束日期", coverage_end),
                              ("enrol_start", "参保开始日期", enrol_start), ("enrol_end", "参保截止日期", enrol_end)):
        try:
            dates[key] = _date(value, label)
        except Invalid as exc:
            errors.append(exc.message)
    if len(dates) == 4:
        if dates["coverage_end"] < dates["coverage_start"]:
            errors.append("保障结束日期不能早于开始日期。")
        if dates["enrol_end"] < dates["enrol_start"]:
            errors.append("参保截止日期不能早于开始日期。")
        if dates["enrol_end"] > dates["coverage_end"]:
            errors.append("参保截止日期不能晚于保障结束日期。")
        if dates["coverage_start"].year != plan.year:
            errors.append(f"保障期应从 {plan.year} 年开始（本计划为 {plan.year} 年度）。")
    try:
        waiting = int(str(waiting_days).strip())
        if not 0 <= waiting <= MAX_WAITING_DAYS:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(f"等待期必须是 0 到 {MAX_WAITING_DAYS} 之间的天数。")
        waiting = None
    try:
        new_rules = rules.build_rules(rules_fields)
    except rules.RuleError as exc:
        errors.append(str(exc))
    if errors:
        raise Invalid("；".join(errors), code="mutual_aid.plan_invalid")
    plan.name, plan.premium, plan.two_step_above = name[:120], values["premium"], values["two_step_above"]
    plan.coverage_start, plan.coverage_end = dates["coverage_start"], dates["coverage_end"]
    plan.enrol_start, plan.enrol_end, plan.waiting_days = dates["enrol_start"], dates["enrol_end"], waiting
    plan.rules, plan.whatif_at, plan.updated_at = new_rules, None, timezone.now()
    plan.save()
    audit.record(actor, "mutual_aid.plan_edit", plan, org=plan.org,
                 summary={"premium": str(plan.premium), "waiting_days": waiting, "rules": new_rules})
    return plan


def _baseline_plans(plan: Plan):
    """Last year's plan(s): every version of the plan it was copied from, else any plan of the previous year
    with the same code stem."""
    if plan.copied_from_id:
        return Plan.objects.filter(code=plan.copied_from.code, year=plan.copied_from.year)
    return Plan.objects.filter(code=next_code(plan.code, plan.year - 1), year=plan.year - 1)


@transaction.atomic
def run_what_if(*, actor, plan_id: int) -> dict:
    """Replay last year's approved claims under the draft: totals, changed claims, loss ratios."""
    plan = _plan_for_admin(actor, plan_id, for_update=True)
    baseline = _baseline_plans(plan)
    claims = list(Claim.objects.filter(plan__in=baseline, status__in=[Claim.Status.APPROVED, Claim.Status.PAID])
                  .order_by("approved_at", "id")
                  .values_list("id", "person_index", "kind", "self_paid", "approved_amount"))
    premium = (Enrolment.objects.filter(plan__in=baseline, status=Enrolment.Status.ACTIVE)
               .aggregate(s=Sum("premium"))["s"] or Decimal("0.00"))
    try:
        result = rules.replay(plan.rules, claims, premium)
    except rules.RuleError as exc:
        raise as_invalid(exc) from None
    if plan.status == Plan.Status.DRAFT:
        plan.whatif_at = timezone.now()
        plan.save(update_fields=["whatif_at"])
    audit.record(actor, "mutual_aid.plan_what_if", plan, org=plan.org,
                 summary={"claims": result.count, "old": str(result.old_total), "new": str(result.new_total)})
    return {"plan": plan, "baseline": list(baseline.values_list("code", "version")), "result": result,
            "old_ratio": result.loss_ratio(result.old_total), "new_ratio": result.loss_ratio(result.new_total),
            "changed": result.changed[:200]}


@transaction.atomic
def publish_plan(*, actor, plan_id: int, today: dt.date | None = None) -> Plan:
    """Publish a checked draft: it becomes visible, its enrolment window opens, the public quote answers."""
    today = today or timezone.localdate()
    plan = _draft(actor, plan_id)
    if plan.whatif_at is None:
        raise Conflict("发布前请先运行测算（用上一年度已核准的申请回放本草稿），确认结果后再发布。",
                       code="mutual_aid.what_if_required")
    if plan.coverage_end < today:
        raise Invalid("保障期已经结束，不能发布。", code="mutual_aid.plan_expired")
    try:
        rules.build_rules(rules.rules_form(plan.rules))
    except rules.RuleError as exc:
        raise as_invalid(exc) from None
    plan.status, plan.is_active, plan.published_at = Plan.Status.PUBLISHED, True, timezone.now()
    plan.save(update_fields=["status", "is_active", "published_at"])
    audit.record(actor, "mutual_aid.plan_publish", plan, org=plan.org,
                 summary={"enrol": f"{plan.enrol_start}~{plan.enrol_end}",
                          "coverage": f"{plan.coverage_start}~{plan.coverage_end}"})
    return plan


def _renewable(plan: Plan):
    """Active members who were enrolled last year and are not yet in this plan (matched on the person)."""
    last = Enrolment.objects.filter(plan__in=_baseline_plans(plan), status=Enrolment.Status.ACTIVE)
    taken = Enrolment.objects.filter(plan=plan, status=Enrolment.Status.ACTIVE).values("person_index")
    return (Member.objects.filter(plan.org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE,
                                  id_index__in=last.values("person_index"))
            .exclude(id_index__in=taken))


def renewal_preview(*, actor, plan_id: int) -> dict:
    plan = _plan_for_admin(actor, plan_id)
    members = _renewable(plan)
    count = members.count()
    return {"plan": plan, "count": count, "total": plan.premium * count,
            "sample": list(members.select_related("org").order_by("id")[:20])}


@transaction.atomic
def renew_enrolments(*, actor, plan_id: int, expected_count: int, expected_total, on: dt.date | None = None
                     ) -> EnrolmentBatch:
    """Enrol last year's enrolees in one batch (no waiting period for them, §8). The caller confirms the
    previewed number of people and premium total; if either changed meanwhile nothing is written."""
    from niangjia.mutual_aid.services.enrolment import _enrol

    on = on or timezone.localdate()
    plan = _plan_for_admin(actor, plan_id, for_update=True)
    if plan.status != Plan.Status.PUBLISHED:
        raise Conflict("请先发布计划，再办理续保。", code="mutual_aid.plan_not_published")
    if not rules.can_enrol(rules.plan_phase(plan.status, plan.enrol_start, plan.enrol_end, plan.coverage_start,
                                            plan.coverage_end, on)):
        raise Invalid(f"不在参保期内（{plan.enrol_start:%Y-%m-%d} 至 {plan.enrol_end:%Y-%m-%d}），不能续保。"
                      if plan.enrol_start and plan.enrol_end else "计划已结束，不能续保。",
                      code="mutual_aid.enrolment_closed")
    ids = list(_renewable(plan).order_by("id").values_list("id", flat=True))
    try:
        total = rules.parse_amount(expected_total, "确认的保费合计")
    except rules.RuleError as exc:
        raise as_invalid(exc) from None
    if not ids:
        raise Invalid("没有需要续保的会员。", code="mutual_aid.nothing_to_renew")
    if len(ids) != int(expected_count) or plan.premium * len(ids) != total:
        raise Conflict(f"续保名单已变化（现为 {len(ids)} 人，保费合计 {rules.fmt(plan.premium * len(ids))} 元），"
                       "请重新预览后再确认。", code="mutual_aid.renewal_changed")
    batch = _enrol(actor, plan, plan.org, ids, on, renewal=True)
    audit.record(actor, "mutual_aid.plan_renew", plan, org=plan.org,
                 summary={"count": len(ids), "premium_total": str(batch.premium_total)})
    return batch
