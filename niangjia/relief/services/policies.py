"""Policy versions: drafts, what-if simulation, activation."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Forbidden, Invalid, NotFound
from niangjia.relief import rules, selectors
from niangjia.relief.models import (
    Application,
    HardshipFile,
    Policy,
)
from niangjia.relief.services.common import TEMPORARY


@transaction.atomic
def draft_policy(*, actor, base_policy_id: int, params: dict, effective_from: dt.date, name: str = "") -> Policy:
    base = Policy.objects.filter(pk=base_policy_id).first()
    if base is None:
        raise NotFound("未找到该政策。")
    _require_owner(actor, base, "起草")
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


def _require_owner(actor, policy: Policy, what: str) -> None:
    """Only admins of the union that owns the policy's region (e.g. the city federation for 3301xx)."""
    if not selectors.may_change_region(actor, policy.region_code):
        owners = "、".join(o.name for o in selectors.region_owners(policy.region_code)) or "上级工会"
        raise Forbidden(f"只有{owners}的管理员可以{what}地区 {policy.region_code} 的政策。",
                        code="relief.region_admin_only")


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


def _simulated_records(draft: Policy):
    """What the what-if reads: open files of the region (category standards) or its applications of the
    last 12 months (temporary relief). One definition for the simulation and for its size."""
    prefix = selectors.region_prefix(draft.region_code)
    if draft.kind == "category":
        return HardshipFile.objects.filter(household__region_code__startswith=prefix, status__in=HardshipFile.OPEN)
    since = timezone.now() - dt.timedelta(days=365)
    return (Application.objects.filter(household__region_code__startswith=prefix, created_at__gte=since,
                                       kind__in=sorted(TEMPORARY)).exclude(status="rejected"))


def simulation_size(*, policy_id: int) -> int:
    """How many records a what-if of this draft reads (decides whether it runs in the request)."""
    draft = Policy.objects.filter(pk=policy_id).first()
    return _simulated_records(draft).count() if draft is not None else 0


def simulate_policy(*, actor, policy_id: int, progress=None) -> dict:
    """What-if: last 12 months of applications (and the open files for category standards) under the
    draft versus the active version, by org and kind/category. `progress(done, total)` is called as it
    goes when it runs as a background job."""
    draft = Policy.objects.filter(pk=policy_id).first()
    if draft is None:
        raise NotFound("未找到该政策。")
    _require_owner(actor, draft, "模拟测算")
    active = Policy.objects.filter(code=draft.code, status="active").first()
    if active is None:
        raise Invalid("没有可比较的现行版本。", code="relief.no_active")
    # the whole region the policy governs, not only the actor's subtree (see _simulated_records)
    if draft.kind == "category":
        result = _simulate_archive(active, draft, progress)
        Policy.objects.filter(pk=draft.pk).update(simulated_at=timezone.now())
        return result
    records = _simulated_records(draft)
    total = records.count() if progress else 0
    apps = records.values("org_id", "org__name", "kind", "self_paid", "total_cost", "year",
                          "household_annual_income", "household__region_code")
    dibao_cache: dict = {}
    governs: dict = {}
    groups: dict = {}
    for n, a in enumerate(apps, start=1):
        if progress:
            progress(n, max(total, n))
        rk = (a["household__region_code"], a["year"])
        if rk not in governs:  # the application is decided under this policy only where the lookup finds it
            found = selectors.temporary_policy_for(*rk)
            governs[rk] = found is not None and found.code == draft.code
        if not governs[rk]:
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


def _simulate_archive(active: Policy, draft: Policy, progress=None) -> dict:
    """Category standards: re-classify every open file from its stored basis under both versions and
    price one year of living aid; grouped by org and category."""
    groups: dict = {}
    records = _simulated_records(draft)
    total = records.count() if progress else 0
    files = records.values("org__name", "category", "basis")
    for n, f in enumerate(files, start=1):
        if progress:
            progress(n, max(total, n))
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
    policy = Policy.objects.select_for_update().filter(pk=policy_id, status="draft").first()
    if policy is None:
        raise NotFound("未找到该草稿政策。")
    _require_owner(actor, policy, "启用")
    if policy.simulated_at is None:
        raise Invalid("启用前必须先做模拟测算（what-if），看清影响的家庭和资金。", code="relief.simulate_first")
    Policy.objects.filter(code=policy.code, status="active").update(status="retired",
                                                                   effective_to=policy.effective_from)
    policy.status = "active"
    policy.save(update_fields=["status"])
    audit.record(actor, "relief.policy_activate", policy, summary={"code": policy.code, "version": policy.version})
    return policy
