"""Benefit rules of a mutual medical aid plan, as pure functions over data (no Django).

A plan's rules are a dict (stored as JSON on the plan, versioned with it):

    {"inpatient": {"deductible": "500", "annual_cap": "20000",
                   "bands": [["500", "5000", "0.5"], ["5000", "20000", "0.6"], ["20000", null, "0.7"]]},
     "serious_illness": {"lump_sum": "5000", "per": "plan_year"},
     "frontline_infection": {"lump_sum": "10000", "per": "lifetime"}}

and optionally a fixed benefit per qualifying event with an annual cap:

     "accidental_injury": {"lump_sum": "2000", "per": "event", "annual_cap": "6000"}

Bands are progressive segments (分段累进) over the eligible amount, like tax brackets. Every
figure is a Decimal rounded to the fen; the explanation lists, line by line in Chinese, which
rule, which band and which cap produced the amount.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from niangjia.core.money import MoneyError, parse_yuan

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

KINDS = {
    "inpatient": "住院医疗互助",
    "serious_illness": "重大疾病互助",
    "frontline_infection": "一线感染互助",
    "accidental_injury": "意外伤害互助",
}

ZYHZ_2020 = {
    "inpatient": {
        "deductible": "500",
        "annual_cap": "20000",
        "bands": [["500", "5000", "0.5"], ["5000", "20000", "0.6"], ["20000", None, "0.7"]],
    },
    "serious_illness": {"lump_sum": "5000", "per": "plan_year"},
    "frontline_infection": {"lump_sum": "10000", "per": "lifetime"},
}


class RuleError(ValueError):
    """Bad input to the rules; the message is Chinese and shown to people."""


@dataclass
class Quote:
    amount: Decimal
    cap: Decimal
    explanation: list[str] = field(default_factory=list)
    raw: Decimal = ZERO  # before the cap


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    value = money(value)
    return f"{value:,.2f}"


def pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def parse_amount(value, label: str) -> Decimal:
    """A non-negative amount in yuan with at most two decimals, or RuleError in Chinese."""
    try:
        return parse_yuan(value, label)
    except MoneyError as exc:
        raise RuleError(str(exc)) from None


def check_invoice(total_cost: Decimal, insurance_paid: Decimal, self_paid: Decimal) -> None:
    if self_paid > total_cost:
        raise RuleError("个人自付金额不能大于医疗费用总额。")
    if insurance_paid > total_cost:
        raise RuleError("医保统筹支付金额不能大于医疗费用总额。")
    if insurance_paid + self_paid > total_cost:
        raise RuleError("医保统筹支付与个人自付之和不能大于医疗费用总额。")



MAX_INVOICE_PHOTOS = 6  # photos of the invoices per claim: enough for a stay's invoices and list of expenses


def check_photo_count(count: int) -> None:
    """A claim carries 1 to MAX_INVOICE_PHOTOS photos of its invoices."""
    if count < 1:
        raise RuleError("请上传发票照片（至少一张），工作人员要凭发票照片审核。")
    if count > MAX_INVOICE_PHOTOS:
        raise RuleError(f"每份申请最多上传 {MAX_INVOICE_PHOTOS} 张发票照片，您选择了 {count} 张，请删去多余的照片。")

def kind_rule(rules: dict, kind: str) -> dict:
    if kind not in KINDS:
        raise RuleError("互助类别不正确，应为住院、重大疾病或一线感染之一。")
    rule = rules.get(kind)
    if not rule:
        raise RuleError(f"本计划不含{KINDS[kind]}。")
    return rule


def annual_cap(rules: dict, kind: str) -> Decimal:
    rule = kind_rule(rules, kind)
    if kind == "inpatient" or rule.get("per") == "event":
        return _money_of(rule["annual_cap"])
    return _money_of(rule["lump_sum"])


@lru_cache(maxsize=256)
def _money_of(value) -> Decimal:
    """A plan figure (a string in the rules JSON) as money; plans are few, so parsed once each."""
    return money(value)


@lru_cache(maxsize=64)
def _band_table(deductible: Decimal, bands: tuple) -> tuple:
    """The bands of a plan, parsed and labelled once: (low, high, rate, label, rate as text, start)."""
    table = []
    for low, high, rate in bands:
        low = Decimal(low)
        high = Decimal(high) if high is not None else None
        rate = Decimal(rate)
        label = f"{fmt(low)}–{fmt(high)} 元段" if high is not None else f"{fmt(low)} 元以上段"
        table.append((low, high, rate, label, pct(rate), max(low, deductible)))
    return tuple(table)


def progressive(eligible: Decimal, deductible: Decimal, bands: list) -> tuple[Decimal, list[str]]:
    """Sum over the bands of (the part of `eligible` inside the band) × rate."""
    lines = [f"起付线 {fmt(deductible)} 元以内不予互助。"]
    if eligible <= deductible:
        lines.append(f"合规自付 {fmt(eligible)} 元未超过起付线，本段互助 0.00 元。")
        return ZERO, lines
    total = Decimal(0)
    for _low, high, rate, label, rate_text, start in _band_table(deductible, tuple(tuple(b) for b in bands)):
        top = eligible if high is None else min(eligible, high)
        part = top - start
        if part <= 0:
            continue
        piece = money(part * rate)
        total += piece
        lines.append(f"{label}：{fmt(part)} 元 × {rate_text} = {fmt(piece)} 元。")
    return money(total), lines


def compute(rules: dict, kind: str, self_paid, already_paid_this_year=ZERO) -> Quote:
    """The payout for one claim given what the person was already paid for this kind in the plan year."""
    rule = kind_rule(rules, kind)
    eligible = parse_amount(self_paid, "个人自付金额")
    already = parse_amount(already_paid_this_year, "本年度已获互助金额")
    cap = annual_cap(rules, kind)
    lines: list[str] = []
    if kind == "inpatient":
        deductible = _money_of(rule["deductible"])
        lines.append(f"【{KINDS[kind]}】可互助金额为医保目录内个人自付部分：{fmt(eligible)} 元。")
        raw, band_lines = progressive(eligible, deductible, rule["bands"])
        lines += band_lines
        lines.append(f"按分段累进合计 {fmt(raw)} 元。")
    elif rule.get("per") == "event":
        raw = _money_of(rule["lump_sum"])
        lines.append(f"【{KINDS[kind]}】每次符合条件的事件定额给付 {fmt(raw)} 元。")
    else:
        raw = _money_of(rule["lump_sum"])
        per = "每人每个计划年度限一次" if rule.get("per") == "plan_year" else "每人限一次"
        lines.append(f"【{KINDS[kind]}】定额给付 {fmt(raw)} 元（{per}）。")
    remaining = max(cap - already, ZERO)
    if kind == "inpatient" or rule.get("per") == "event":
        lines.append(
            f"年度封顶 {fmt(cap)} 元，本年度已获 {fmt(already)} 元，剩余额度 {fmt(remaining)} 元。"
        )
        amount = min(raw, remaining)
        if amount < raw:
            lines.append(f"超过剩余额度，按封顶核减为 {fmt(amount)} 元。")
    else:
        if already > 0:
            amount = ZERO
            lines.append(f"已领取过该项互助（{fmt(already)} 元），{per}，本次不再给付。")
        else:
            amount = raw
    amount = money(amount)
    lines.append(f"本次应付互助金 {fmt(amount)} 元。")
    return Quote(amount=amount, cap=cap, explanation=lines, raw=raw)


# --- plan cycle: phases, the structured benefit rules, what-if replay ---------------------------------

PHASES = {
    "draft": "草稿",
    "scheduled": "已发布，待开放参保",
    "enrolling": "开放参保",
    "in_force": "保障中",
    "closed": "已结束",
}


def plan_phase(status: str, enrol_start, enrol_end, coverage_start, coverage_end, today) -> str:
    """draft, then (published) open for enrolment inside its window, in force inside coverage, closed after.
    A published plan without a window is open for enrolment until its coverage ends (the 2020 demo plan)."""
    if status != "published":
        return "draft"
    if today > coverage_end:
        return "closed"
    if enrol_start is None or enrol_end is None:
        return "enrolling"
    if enrol_start <= today <= enrol_end:
        return "enrolling"
    if coverage_start <= today:
        return "in_force"
    return "scheduled"


def can_enrol(phase: str) -> bool:
    return phase == "enrolling"


def waiting_period_end(enrolled_on, coverage_start, waiting_days: int, first_time: bool):
    """§8: a first-time enrolee waits `waiting_days` days counted from the later of enrolment and the start
    of coverage; admissions before the returned day are refused. Renewals do not wait."""
    if not first_time:
        return coverage_start
    return max(enrolled_on, coverage_start) + dt.timedelta(days=waiting_days)


def shift_years(day, years: int):
    """The same month and day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _plan_money(value, label: str, errors: list[str], *, positive: bool = False) -> Decimal | None:
    try:
        d = parse_yuan(value, label)
    except MoneyError as exc:
        errors.append(str(exc))
        return None
    if positive and d <= 0:
        errors.append(f"{label}必须大于 0。")
        return None
    return d


def _rate(value, label: str, errors: list[str]) -> Decimal | None:
    """A percentage typed as 0–100 (e.g. "60" or "62.5"), returned as a fraction (0.6, 0.625)."""
    try:
        d = parse_yuan(value, label)
    except MoneyError:
        errors.append(f"{label}必须是 0 到 100 之间的数字（百分比）。")
        return None
    if d > 100:
        errors.append(f"{label}必须在 0% 到 100% 之间。")
        return None
    return (d / 100).normalize()


def build_rules(form: dict) -> dict:
    """The plan's rules JSON from the structured editor's fields (all text as typed), or RuleError listing
    every problem in Chinese. Fields: inpatient_on, deductible, annual_cap, bands = [(low, high, rate%)]
    (high empty on the last band), serious_on/serious_lump_sum/serious_per (plan_year or lifetime),
    frontline_on/frontline_lump_sum, accident_on/accident_lump_sum/accident_cap."""
    errors: list[str] = []
    out: dict = {}
    if form.get("inpatient_on"):
        deductible = _plan_money(form.get("deductible"), "起付线", errors)
        cap = _plan_money(form.get("annual_cap"), "住院年度封顶额", errors, positive=True)
        bands = [b for b in form.get("bands") or [] if any((str(x or "").strip()) for x in b)]
        if not bands:
            errors.append("住院互助至少需要一个分段。")
        parsed = []
        for i, (low, high, rate) in enumerate(bands, start=1):
            lo = _plan_money(low, f"第 {i} 段起点", errors)
            last = i == len(bands)
            hi = None if (last and not str(high or "").strip()) else _plan_money(high, f"第 {i} 段终点", errors)
            r = _rate(rate, f"第 {i} 段比例", errors)
            if lo is not None and hi is not None and hi <= lo:
                errors.append(f"第 {i} 段的终点必须大于起点。")
            parsed.append((lo, hi, r))
        if parsed and deductible is not None and parsed[0][0] is not None and parsed[0][0] != deductible:
            errors.append(f"第 1 段应从起付线 {fmt(deductible)} 元开始。")
        for i in range(1, len(parsed)):
            prev_hi, lo = parsed[i - 1][1], parsed[i][0]
            if lo is not None and prev_hi is not None and lo != prev_hi:
                errors.append(f"分段必须首尾相接：第 {i + 1} 段应从 {fmt(prev_hi)} 元开始。")
        if not errors:
            out["inpatient"] = {
                "deductible": str(deductible), "annual_cap": str(cap),
                "bands": [[str(lo), None if hi is None else str(hi), str(r)] for lo, hi, r in parsed],
            }
    if form.get("serious_on"):
        lump = _plan_money(form.get("serious_lump_sum"), "重大疾病定额", errors, positive=True)
        per = form.get("serious_per") or "plan_year"
        if per not in ("plan_year", "lifetime"):
            errors.append("重大疾病的给付次数只能是“每年一次”或“终身一次”。")
        if lump is not None:
            out["serious_illness"] = {"lump_sum": str(lump), "per": per}
    if form.get("frontline_on"):
        lump = _plan_money(form.get("frontline_lump_sum"), "一线感染定额", errors, positive=True)
        if lump is not None:
            out["frontline_infection"] = {"lump_sum": str(lump), "per": "lifetime"}
    if form.get("accident_on"):
        lump = _plan_money(form.get("accident_lump_sum"), "意外伤害每次定额", errors, positive=True)
        cap = _plan_money(form.get("accident_cap"), "意外伤害年度封顶额", errors, positive=True)
        if lump is not None and cap is not None:
            if cap < lump:
                errors.append("意外伤害年度封顶额不能低于每次定额。")
            out["accidental_injury"] = {"lump_sum": str(lump), "per": "event", "annual_cap": str(cap)}
    if not errors and not out:
        errors.append("请至少开启一项互助待遇。")
    if errors:
        raise RuleError("；".join(dict.fromkeys(errors)))
    return out


def rules_form(rules: dict) -> dict:
    """The editor's fields for stored rules (the inverse of build_rules; rates as percentages)."""
    inp = rules.get("inpatient") or {}
    ser = rules.get("serious_illness") or {}
    fro = rules.get("frontline_infection") or {}
    acc = rules.get("accidental_injury") or {}
    return {
        "inpatient_on": bool(inp), "deductible": inp.get("deductible", ""), "annual_cap": inp.get("annual_cap", ""),
        "bands": [[lo, hi or "", f"{(Decimal(r) * 100).normalize():f}"] for lo, hi, r in inp.get("bands", [])],
        "serious_on": bool(ser), "serious_lump_sum": ser.get("lump_sum", ""), "serious_per": ser.get("per", "plan_year"),
        "frontline_on": bool(fro), "frontline_lump_sum": fro.get("lump_sum", ""),
        "accident_on": bool(acc), "accident_lump_sum": acc.get("lump_sum", ""), "accident_cap": acc.get("annual_cap", ""),
    }


@dataclass
class Replay:
    """Last year's approved claims recomputed under a draft's rules."""

    old_total: Decimal
    new_total: Decimal
    changed: list  # (claim id, old amount, new amount)
    count: int
    premium: Decimal

    def loss_ratio(self, total: Decimal) -> Decimal | None:
        return None if not self.premium else (total / self.premium * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def replay(rules: dict, claims, premium: Decimal) -> Replay:
    """claims: (id, person, kind, self_paid, old amount) in approval order. Each person's running totals per
    kind stand in for the year's caps, as approvals would have kept them. A kind the draft no longer has pays 0."""
    running: dict = {}
    old_total = new_total = ZERO
    changed = []
    count = 0
    for pk, person, kind, self_paid, old in claims:
        count += 1
        key = (person, kind)
        if rules.get(kind):
            q = compute(rules, kind, self_paid, running.get(key, ZERO))
            new = q.amount
        else:
            new = ZERO
        if kind == "serious_illness" and new > 0:
            running[key] = running.get(key, ZERO) + annual_cap(rules, kind)
        else:
            running[key] = running.get(key, ZERO) + new
        old_total += old
        new_total += new
        if new != old:
            changed.append((pk, old, new))
    return Replay(old_total=money(old_total), new_total=money(new_total), changed=changed, count=count,
                  premium=money(premium))
