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
