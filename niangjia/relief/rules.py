"""The relief policy engine: pure functions, no Django (an import-linter contract checks this).

Every threshold and amount comes from a policy's `params` (data, versioned in the database); the
functions here only know the *shape* of the rules in docs policies.md §1–§4. Each result carries
Chinese lines that explain, step by step, how the number was reached.

Shapes of `params` (all numbers as strings or ints, read through Decimal):

Temporary relief (§3)::

    {"kinds": {
        "hospitalization": {"label": "...", "basis": "ratio", "cap": {"fixed": "50000"},
                            "tiers": [{"min_ratio": "0.30", "amount": {"fixed": "2000"}}, ...]},
        "chronic": {"basis": "ratio", "cap": {"dibao_months": 18},
                    "tiers": [{"min_ratio": "0.20", "amount": {"dibao_months": 6}}, ...]},
        "special": {"basis": "one_off", "cap": {"fixed": "2000"}, "max": {"fixed": "2000"}}},
     "limit_to_self_paid": false}

Category standards (§1, §2)::

    {"classification": {"deep_multiple": "1", "relative_multiple": "2", "sudden_loss_ratio": "0.8"},
     "standards": {"deep": {"living": {"dibao_months": 10}, "education": {"dibao_months": 10},
                            "medical": {"share": "1"}, "multiple_kinds": true}, ...}}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

TEMPORARY_KINDS = ("hospitalization", "chronic", "special")
CATEGORY_KINDS = ("living", "education", "medical")
KIND_LABELS = {
    "hospitalization": "住院/突发事件/意外伤害临时救助",
    "chronic": "慢性病门诊临时救助",
    "special": "其他特殊困难临时救助",
    "living": "生活救助",
    "education": "助学救助",
    "medical": "医疗救助",
}
CATEGORY_LABELS = {"deep": "深度困难", "relative": "相对困难", "sudden": "意外致困", "none": "暂不符合建档条件"}


# §1 exclusions (排除性条件): examples of the published kind. A category policy's params["exclusions"]
# ({code: Chinese label}) replaces this list, so it is configurable like every other number.
DEFAULT_EXCLUSIONS = {
    "private_school": "子女就读高收费私立学校（学费超过公办 2 倍）或自费出国留学",
    "bought_home": "期间购买商品房",
    "bought_vehicle": "期间购买非生活必需机动车",
    "refused_work": "拒绝接受推荐的适当工作",
    "migrant_short": "农民工在城镇居住且实际就业不满 1 年",
}


def exclusion_list(params: dict) -> dict[str, str]:
    """The exclusions a category policy asks about, {code: label}, in order."""
    return dict(params.get("exclusions") or DEFAULT_EXCLUSIONS)


def exclusion_answers(params: dict, answers) -> dict[str, bool]:
    """Normalise the answers to every exclusion of the policy: `answers` is either the codes that apply
    (a list: every other one is answered "no") or {code: bool} that must answer every code."""
    known = exclusion_list(params)
    if isinstance(answers, dict):
        unknown = [c for c in answers if c not in known]
        missing = [known[c] for c in known if c not in answers]
        if missing:
            raise RuleError(f"请逐项回答排除性条件，尚未回答：{'、'.join(missing)}")
        out = {c: bool(answers[c]) for c in known}
    else:
        unknown = [c for c in answers if c not in known]
        out = {c: c in answers for c in known}
    if unknown:
        raise RuleError(f"未知的排除性情形：{'、'.join(unknown)}")
    return out


def applying_exclusions(params: dict, answers: dict[str, bool]) -> list[str]:
    """Labels of the exclusions answered "yes" (a code no longer in the policy keeps its code as label)."""
    known = exclusion_list(params)
    return [known.get(c, c) for c, yes in answers.items() if yes]


class RuleError(ValueError):
    """Bad input to a rule; the message is Chinese and safe to show."""


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value) -> str:
    """38000 -> '38,000'; 1234.5 -> '1,234.50'."""
    v = money(value)
    if v == v.to_integral_value():
        return f"{int(v):,}"
    return f"{v:,.2f}"


def pct(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


# Thresholds are compared on exact values (Fraction / Decimal products, never a rounded quotient);
# rounding happens only in the text shown. Where rounding for display would make a value look equal
# to the line it was compared with, the text shows more digits (cut, never rounded up) and "…".


def exact(value) -> Fraction:
    """An exact rational of a Decimal, int, str or Fraction (never via float)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(Decimal(str(value)))


def show(value, lines=()) -> str:
    """Yuan to the fen for display; more digits (cut, with "…") when the value is not a whole number of
    fen and the rounded figure would equal one of `lines` (the thresholds it was compared with)."""
    v = exact(value)
    cents = v * 100
    if cents.denominator == 1:
        return yuan(Decimal(cents.numerator) / 100)
    rounded = money(Decimal(v.numerator) / Decimal(v.denominator))
    if any(rounded == exact(line) for line in lines):
        cut = (Decimal(v.numerator) / Decimal(v.denominator)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
        return f"{cut:,}…"
    return yuan(rounded)


def show_pct(ratio: Fraction, thresholds=()) -> str:
    """A ratio in % to 0.1 for display; cut to 0.0001% with "…" where rounding would cross a threshold."""
    r = exact(ratio)
    as_dec = Decimal(r.numerator) / Decimal(r.denominator)
    rounded = (as_dec * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if any((exact(rounded) / 100 >= exact(t)) != (r >= exact(t)) for t in thresholds):
        return f"{(as_dec * 100).quantize(Decimal('0.0001'), rounding=ROUND_DOWN)}…%"
    return f"{rounded}%"


def per_capita(disposable, rigid, people: int) -> Fraction:
    """§1: (disposable − rigid) / 12 / n, exact (monthly yuan per person)."""
    return (exact(disposable) - exact(rigid)) / (12 * people)


def dibao_note(requested_year: int, used_year: int, amount) -> str | None:
    """The line that says an earlier year's dibao was used (never silently)."""
    if used_year == requested_year:
        return None
    return f"按 {used_year} 年低保标准 {yuan(amount)} 元计算，{requested_year} 年标准尚未录入"


def _amount(spec: dict, dibao: Decimal | None, per: int = 1) -> tuple[Decimal, str]:
    """An amount spec {"fixed": x} or {"dibao_months": n}: value and a Chinese description."""
    if "fixed" in spec:
        v = money(spec["fixed"]) * per
        return v, f"{yuan(v)} 元"
    months = Decimal(str(spec["dibao_months"]))
    if dibao is None:
        raise RuleError("该地区该年度的低保标准尚未维护，无法计算，请联系工会。")
    v = money(months * dibao * per)
    extra = f" × {per} 人" if per != 1 else ""
    return v, f"{months.normalize():f} 个月低保 × {yuan(dibao)} 元{extra} = {yuan(v)} 元"


def _check_money(name: str, value: Decimal, *, limit: Decimal = Decimal("100000000")) -> None:
    if value < 0:
        raise RuleError(f"{name}不能为负数。")
    if value > limit:
        raise RuleError(f"{name}金额过大（超过 {yuan(limit)} 元），请核对。")


@dataclass
class Quote:
    eligible: bool
    tier: int | None
    computed: Decimal  # by the tier table, before the cap
    amount: Decimal  # granted after the yearly cap
    cap: Decimal
    remaining_before: Decimal
    capped: bool
    lines: list[str] = field(default_factory=list)


def apply_cap(computed: Decimal, cap: Decimal, already: Decimal) -> tuple[Decimal, Decimal, bool]:
    """(granted, remaining before, capped?). Never negative, never above what the cap leaves."""
    remaining = max(ZERO, money(cap) - money(already))
    granted = min(money(computed), remaining)
    return granted, remaining, granted < money(computed)


def _cap_line(computed: Decimal, cap: Decimal, already: Decimal) -> tuple[Decimal, Decimal, bool, str]:
    granted, remaining, capped = apply_cap(computed, cap, already)
    line = f"本年度已获 {yuan(already)} 元，上限 {yuan(cap)} 元 → 核定 {yuan(granted)} 元"
    if capped:
        line += f"（测算 {yuan(computed)} 元超出本年度剩余额度，按剩余额度 {yuan(remaining)} 元核定）"
    return granted, remaining, capped, line


def quote_temporary(params: dict, *, kind: str, self_paid, household_annual_income, dibao=None,
                    already_paid_this_year=0) -> Quote:
    """Chongqing-style temporary relief (§3): tier by self-paid ÷ household annual income."""
    if kind not in params.get("kinds", {}):
        raise RuleError("救助类别不正确，应为住院(hospitalization)、慢性病(chronic)或特殊困难(special)。")
    self_paid = money(self_paid)
    income = money(household_annual_income)
    already = money(already_paid_this_year)
    _check_money("自付金额", self_paid)
    _check_money("家庭年收入", income)
    _check_money("本年度已获救助", already)
    dibao = money(dibao) if dibao is not None else None
    spec = params["kinds"][kind]
    cap, cap_text = _amount(spec["cap"], dibao)
    lines: list[str] = []
    if spec.get("basis") == "one_off":
        top, top_text = _amount(spec["max"], dibao)
        if self_paid <= 0:
            lines.append("没有需要自付的特殊困难支出 → 不符合条件")
            return Quote(False, None, ZERO, ZERO, cap, max(ZERO, cap - already), False, lines)
        computed = min(self_paid, top)
        lines.append(f"特殊困难一次性救助：自付 {yuan(self_paid)} 元，最高 {top_text} → 救助 {yuan(computed)} 元")
        granted, remaining, capped, line = _cap_line(computed, cap, already)
        lines.append(line)
        return Quote(granted > 0, 1, computed, granted, cap, remaining, capped, lines)

    tiers = sorted(spec["tiers"], key=lambda t: Decimal(str(t["min_ratio"])))
    if income == 0:
        if self_paid <= 0:
            lines.append("家庭年收入为 0 元且没有自付费用 → 不符合条件")
            return Quote(False, None, ZERO, ZERO, cap, max(ZERO, cap - already), False, lines)
        tier_no = len(tiers)
        top = tiers[-1]
        computed, amount_text = _amount(top["amount"], dibao)
        lines.append(f"家庭年收入为 0 元，自付 {yuan(self_paid)} 元 → 按规定直接适用最高档 第 {tier_no} 档 → "
                     f"救助 {amount_text}")
    else:
        # exact: self_paid >= min_ratio × income (the quotient is only shown, rounded)
        thresholds = [Decimal(str(t["min_ratio"])) for t in tiers]
        ratio = exact(self_paid) / exact(income)
        head = f"自付 {yuan(self_paid)} 元 ÷ 家庭年收入 {yuan(income)} 元 = {show_pct(ratio, thresholds)}"
        tier_no = 0
        for i, t in enumerate(thresholds, start=1):
            if self_paid >= t * income:
                tier_no = i
        if tier_no == 0:
            lowest = thresholds[0]
            lines.append(f"{head} → 低于 {pct(lowest)} 的起助线 → 不符合条件")
            return Quote(False, None, ZERO, ZERO, cap, max(ZERO, cap - already), False, lines)
        computed, amount_text = _amount(tiers[tier_no - 1]["amount"], dibao)
        lines.append(f"{head} → 第 {tier_no} 档 → 救助 {amount_text}")
    if params.get("limit_to_self_paid") and computed > self_paid:
        lines.append(f"救助不超过自付金额 {yuan(self_paid)} 元 → {yuan(self_paid)} 元")
        computed = self_paid
    granted, remaining, capped, line = _cap_line(computed, cap, already)
    if "dibao_months" in spec["cap"]:
        line += f"（上限 = {cap_text}）"
    lines.append(line)
    return Quote(True, tier_no, computed, granted, cap, remaining, capped, lines)


# --- §1 categories ------------------------------------------------------------------------------


@dataclass
class Classification:
    category: str  # deep / relative / sudden / none
    per_capita: Decimal | None
    lines: list[str]


def classify_household(params: dict, *, disposable, rigid, people: int, dibao, sudden_cost=0,
                       disaster_injury: bool = False, exclusions: list[str] | tuple = ()) -> Classification:
    """§1: deep if per-capita < dibao; relative if < 2 × dibao; sudden if the loss exceeds 80% of income."""
    c = params.get("classification", {})
    deep_m = Decimal(str(c.get("deep_multiple", "1")))
    rel_m = Decimal(str(c.get("relative_multiple", "2")))
    sudden_r = Decimal(str(c.get("sudden_loss_ratio", "0.8")))
    disposable, rigid, dibao, sudden_cost = money(disposable), money(rigid), money(dibao), money(sudden_cost)
    _check_money("家庭年可支配收入", disposable)
    _check_money("刚性支出", rigid)
    _check_money("突发事件支出", sudden_cost)
    if not isinstance(people, int) or people < 1 or people > 30:
        raise RuleError("共同生活人数应为 1 到 30 之间的整数。")
    if dibao <= 0:
        raise RuleError("低保标准必须大于 0。")
    if exclusions:
        return Classification("none", None, [f"存在排除性情形：{'、'.join(exclusions)} → 不予认定"])
    # exact comparison of (disposable − rigid) / 12 / n with the lines; rounded only for display
    pc = per_capita(disposable, rigid, people)
    shown_pc = money(Decimal(pc.numerator) / Decimal(pc.denominator))
    deep_line = dibao * deep_m
    rel_line = dibao * rel_m
    pc_text = show(pc, (deep_line, rel_line))
    lines = [f"(可支配收入 {yuan(disposable)} 元 − 刚性支出 {yuan(rigid)} 元) ÷ 12 个月 ÷ {people} 人 = "
             f"人均月收入 {pc_text} 元；当地低保 {yuan(dibao)} 元/人/月"]
    if pc < exact(deep_line):
        lines.append(f"{pc_text} 元 < 低保 {yuan(deep_line)} 元 → 深度困难")
        return Classification("deep", shown_pc, lines)
    if pc < exact(rel_line):
        lines.append(f"低保 {yuan(deep_line)} 元 ≤ {pc_text} 元 < {rel_m.normalize():f} 倍低保 "
                     f"{yuan(rel_line)} 元 → 相对困难")
        return Classification("relative", shown_pc, lines)
    lines.append(f"{pc_text} 元 ≥ {rel_m.normalize():f} 倍低保 {yuan(rel_line)} 元 → 收入不属于深度或相对困难")
    if disaster_injury:
        lines.append("因自然灾害、重大事故、重大疫情或公共安全事件致伤亡 → 意外致困")
        return Classification("sudden", shown_pc, lines)
    if sudden_cost > 0:
        threshold = disposable * sudden_r  # exact product, shown with every digit it has
        threshold_text = yuan(threshold) if threshold == money(threshold) else f"{threshold.normalize():,f}"
        if sudden_cost > threshold:
            lines.append(f"突发事件净支出 {yuan(sudden_cost)} 元 > 家庭年收入 {yuan(disposable)} 元 × "
                         f"{pct(sudden_r)} = {threshold_text} 元 → 意外致困")
            return Classification("sudden", shown_pc, lines)
        lines.append(f"突发事件净支出 {yuan(sudden_cost)} 元 ≤ 家庭年收入的 {pct(sudden_r)}（{threshold_text} 元）"
                     " → 不属于意外致困")
    lines.append("→ 暂不符合困难职工建档条件")
    return Classification("none", shown_pc, lines)


# --- §2 category standards --------------------------------------------------------------------


def quote_category(params: dict, *, category: str, kind: str, dibao=None, self_paid=0, total_cost=0,
                   students: int = 0, already_this_kind=0, other_kinds_this_year: tuple | list = ()) -> Quote:
    """§2: yearly standard of a category for living, education or medical aid."""
    if kind not in CATEGORY_KINDS:
        raise RuleError("救助类别不正确，应为生活(living)、助学(education)或医疗(medical)。")
    standards = params.get("standards", {})
    label = CATEGORY_LABELS.get(category, category)
    std = standards.get(category, {})
    spec = std.get(kind)
    already = money(already_this_kind)
    dibao = money(dibao) if dibao is not None else None
    lines = [f"档案类别：{label}；申请：{KIND_LABELS[kind]}"]
    if not spec:
        lines.append(f"{label}家庭不享受{KIND_LABELS[kind]} → 不符合条件")
        return Quote(False, None, ZERO, ZERO, ZERO, ZERO, False, lines)
    others = [k for k in other_kinds_this_year if k != kind]
    if others and not std.get("multiple_kinds", False):
        lines.append(f"{label}家庭每年只能享受一种救助，本年度已享受{'、'.join(KIND_LABELS.get(k, k) for k in others)}"
                     " → 不符合条件")
        return Quote(False, None, ZERO, ZERO, ZERO, ZERO, False, lines)
    if kind == "living":
        computed, text = _amount(spec, dibao)
        cap = computed
        lines.append(f"生活救助标准：{text}")
    elif kind == "education":
        if students < 1:
            raise RuleError("助学救助需填写在读学生人数（至少 1 人）。")
        computed, text = _amount(spec, dibao, per=students)
        cap = computed
        lines.append(f"助学救助标准：{text}")
    else:
        self_paid, total_cost = money(self_paid), money(total_cost)
        _check_money("自付金额", self_paid)
        _check_money("总费用", total_cost)
        if self_paid > total_cost:
            raise RuleError("自付金额不能大于总费用。")
        if "share_of_total" in spec:
            share = Decimal(str(spec["share_of_total"]))
            computed = money(total_cost * share)
            lines.append(f"困难总支出 {yuan(total_cost)} 元 × {pct(share)} = {yuan(computed)} 元")
        else:
            share = Decimal(str(spec.get("share", "1")))
            computed = money(self_paid * share)
            lines.append(f"个人自付 {yuan(self_paid)} 元 × {pct(share)} = {yuan(computed)} 元")
        if spec.get("max") is not None:
            top = money(spec["max"])
            if computed > top:
                lines.append(f"超过最高 {yuan(top)} 元 → {yuan(top)} 元")
                computed = top
            cap = top
        else:
            cap = money(spec.get("cap", "100000000"))
        for threshold, level in spec.get("approval_levels", []):
            if computed >= money(threshold):
                lines.append(f"金额 ≥ {yuan(threshold)} 元，须报{level}审批")
    if computed <= 0:
        lines.append("测算金额为 0 元 → 不符合条件")
        return Quote(False, None, ZERO, ZERO, cap, max(ZERO, cap - already), False, lines)
    granted, remaining, capped, line = _cap_line(computed, cap, already)
    lines.append(line)
    return Quote(granted > 0, None, computed, granted, cap, remaining, capped, lines)


# --- §4 monitoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdFacts:
    """What the monitoring rules look at for one household (computed set-based by the caller).

    The per-capita income is §1's (disposable − rigid) / 12 / n, so a household whose income looks
    fine but whose illness costs eat it is seen (the group §4 watches)."""

    disposable: Decimal  # annual disposable income of the household
    rigid: Decimal  # rigid expenditure of the last 12 months (illness, schooling, ...)
    people: int
    dibao: Decimal | None
    has_open_file: bool
    exited_days_ago: int | None  # days since the last exit, None if never exited
    has_rigid_expense: bool  # rigid > 0, a member with illness/disability, or a student
    ill_or_disabled: int  # members with illness or disability
    medical_self_paid_12m: Decimal
    dibao_note: str | None = None  # set when an earlier year's dibao stands in for this year's

    @property
    def per_capita(self) -> Fraction:
        return per_capita(self.disposable, self.rigid, max(self.people, 1))


DEFAULT_MONITORING = {"borderline_multiple": "2.5", "unstable_exit_days": 365, "unstable_multiple": "2.5",
                      "medical_cost_ratio": "0.5", "medical_cost_min": "10000"}


def risk_flags(facts: HouseholdFacts, params: dict | None = None) -> dict[str, str]:
    """Each monitoring rule of §4: {flag code: Chinese reason} for the flags that apply."""
    p = {**DEFAULT_MONITORING, **(params or {})}
    out: dict[str, str] = {}
    pc = facts.per_capita
    formula = (f"（(年收入 {yuan(facts.disposable)} 元 − 刚性支出 {yuan(facts.rigid)} 元) ÷ 12 ÷ {facts.people} 人）")
    note = f"；{facts.dibao_note}" if facts.dibao_note else ""
    if facts.dibao is not None and facts.dibao > 0:
        border = facts.dibao * Decimal(str(p["borderline_multiple"]))
        if not facts.has_open_file and facts.has_rigid_expense and pc < exact(border):
            out["borderline"] = (f"未建档，人均月收入 {show(pc, (border,))} 元{formula} < {p['borderline_multiple']} 倍低保 "
                                 f"{yuan(border)} 元，且有刚性支出{note}")
        unstable = facts.dibao * Decimal(str(p["unstable_multiple"]))
        if (facts.exited_days_ago is not None and facts.exited_days_ago <= int(p["unstable_exit_days"])
                and not facts.has_open_file and pc < exact(unstable)):
            out["unstable_exit"] = (f"{facts.exited_days_ago} 天前脱困，人均月收入 {show(pc, (unstable,))} 元{formula} < "
                                    f"{p['unstable_multiple']} 倍低保 {yuan(unstable)} 元{note}")
    if facts.ill_or_disabled > 0 and facts.has_open_file:
        out["illness"] = f"家中 {facts.ill_or_disabled} 人患重病或残疾"
    cost = money(facts.medical_self_paid_12m)
    floor = money(p["medical_cost_min"])
    ratio_limit = money(facts.disposable) * Decimal(str(p["medical_cost_ratio"]))
    if cost >= floor and cost >= ratio_limit:
        out["medical_cost"] = (f"近 12 个月医疗自付 {yuan(cost)} 元，达到 {yuan(floor)} 元且不低于家庭年收入的 "
                               f"{pct(Decimal(str(p['medical_cost_ratio'])))}")
    return out


def per_capita_monthly(incomes: list, people: int | None = None) -> Decimal:
    """Per-capita monthly income from members' monthly incomes, for display (rounded to the fen)."""
    n = people if people is not None else len(incomes)
    if n <= 0:
        return ZERO
    return money(sum((Decimal(str(i)) for i in incomes), Decimal(0)) / n)


# --- §1 exit (脱困): 6 consecutive months with per-capita income above dibao -----------------------


@dataclass(frozen=True)
class IncomeMonth:
    """One monthly income record: the household's income and rigid expenditure in that month."""

    month: dt.date  # first day of the month
    income: Decimal
    rigid: Decimal
    people: int


@dataclass
class ExitCheck:
    holds: bool
    streak: int  # consecutive months above dibao, counted back from the latest record
    lines: list[str] = field(default_factory=list)


def _month_before(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def exit_check(records: list[IncomeMonth], dibao_by_year: dict[int, tuple[Decimal, int]], *,
               months_required: int = 6, multiple="1", today: dt.date | None = None,
               fresh_months: int = 3) -> ExitCheck:
    """§1 脱困: the latest `months_required` calendar months, without a gap, each with
    (income − rigid) / n strictly above the dibao of that month's year (× `multiple`).

    `dibao_by_year` maps a year to (amount, the year whose standard it is): an earlier year standing in
    is named in the lines. A month whose year has no dibao at all breaks the streak."""
    m = Decimal(str(multiple))
    by_month = {r.month.replace(day=1): r for r in records}
    lines: list[str] = []
    if not by_month:
        return ExitCheck(False, 0, ["尚无月收入记录，无法判断是否脱困"])
    month = max(by_month)
    if today is not None:
        age = (today.year - month.year) * 12 + today.month - month.month
        if age > fresh_months:
            return ExitCheck(False, 0, [f"最近一次月收入记录为 {month.year} 年 {month.month} 月，已超过 {fresh_months} 个月，"
                                        "请先在走访时更新收入情况"])
    streak = 0
    notes: set[str] = set()
    while streak < months_required:
        r = by_month.get(month)
        label = f"{month.year} 年 {month.month} 月"
        if r is None:
            lines.append(f"{label}：无收入记录 → 连续计算中断")
            break
        if r.people < 1:
            lines.append(f"{label}：共同生活人数不正确 → 连续计算中断")
            break
        ref = dibao_by_year.get(month.year)
        if ref is None:
            lines.append(f"{label}：{month.year} 年低保标准尚未录入 → 无法判断")
            break
        amount, used_year = ref
        line = exact(amount) * exact(m)
        pc = (exact(r.income) - exact(r.rigid)) / r.people
        note = dibao_note(month.year, used_year, amount)
        if note:
            notes.add(note)
        text = (f"{label}：(收入 {yuan(r.income)} 元 − 刚性支出 {yuan(r.rigid)} 元) ÷ {r.people} 人 = "
                f"{show(pc, (amount * m,))} 元")
        if pc > line:
            lines.append(f"{text} > 低保 {yuan(amount * m)} 元")
            streak += 1
            month = _month_before(month)
        else:
            lines.append(f"{text} ≤ 低保 {yuan(amount * m)} 元 → 连续计算中断")
            break
    holds = streak >= months_required
    lines.append(f"连续 {streak} 个月人均收入高于低保（需连续 {months_required} 个月）→ "
                 + ("符合脱困条件" if holds else "尚不符合脱困条件"))
    return ExitCheck(holds, streak, [*lines, *sorted(notes)])
