"""Rules of collective wage bargaining (工资集体协商), pure: no Django, no clock, the calendar passed in.

Sources (docs/bargaining.md, shared policies §6 and §12):
- 《集体合同规定》(2004) 第三十二条: the side that receives a written proposal to bargain (要约) answers in writing
  within 20 days of receiving it, and may not refuse without a proper reason.
- 第十九条/第二十条: each side has the same number of representatives, at least 3, one chief each.
- 第三十六条: the draft goes to the workers' congress (or all workers) — the congress app counts it.
- 第四十二条: within 10 days of signing the employer files the text with the labour administration;
  第四十七条: if that office raises no objection within 15 days of receiving it, the contract takes effect.
- 第三十八条: a contract runs 1 to 3 years.
- 民法典 第二百零一条: a period counted in days does not count its first day; 第二百零三条: a period whose last
  day is a statutory day of rest (法定休假日: weekends and public holidays, minus the make-up working days of the
  State Council notice) ends on the next working day.
- Local examples (configurable, policies §12): talks start within 10 working days of the answer; renewal is
  reminded 60 days before expiry.

The statute counts these periods in (calendar) days; only the local "talks start" rule counts working days.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

RULE_VERSION = "集体合同规定2004/民法典201-203-v1"

OFFER_REPLY_DAYS = 20
FILING_DAYS = 10
OBJECTION_DAYS = 15
TALKS_START_WORKING_DAYS = 10
RENEWAL_NOTICE_DAYS = 60
MIN_TEAM = 3
MIN_TERM_YEARS, MAX_TERM_YEARS = 1, 3
DUE_SOON_DAYS = 2

SIDES = ("union", "employer")
SIDE_LABELS = {"union": "工会（职工方）", "employer": "企业方"}


class WorkingCalendar(Protocol):
    def is_working_day(self, day: dt.date) -> bool: ...


# --- periods -------------------------------------------------------------------------------------


def period_end(start: dt.date, days: int, cal: WorkingCalendar) -> dt.date:
    """Last day of a period of `days` days that starts on `start` (民法典 201: `start` itself does not count;
    203: a last day that is a day of rest moves to the next working day)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    end = start + dt.timedelta(days=days)
    while not cal.is_working_day(end):
        end += dt.timedelta(days=1)
    return end


def add_working_days(start: dt.date, n: int, cal: WorkingCalendar) -> dt.date:
    """The n-th working day after `start` (start itself does not count)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    day, left = start, n
    while left > 0:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return day


def offer_reply_due(received_on: dt.date, cal: WorkingCalendar) -> dt.date:
    return period_end(received_on, OFFER_REPLY_DAYS, cal)


def talks_start_due(answered_on: dt.date, cal: WorkingCalendar, working_days: int = TALKS_START_WORKING_DAYS
                    ) -> dt.date:
    return add_working_days(answered_on, working_days, cal)


def filing_due(signed_on: dt.date, cal: WorkingCalendar) -> dt.date:
    return period_end(signed_on, FILING_DAYS, cal)


def objection_period_end(received_on: dt.date, cal: WorkingCalendar) -> dt.date:
    return period_end(received_on, OBJECTION_DAYS, cal)


def effective_on(received_on: dt.date, cal: WorkingCalendar) -> dt.date:
    """The contract takes effect once the whole objection period has passed without objection: the next day."""
    return objection_period_end(received_on, cal) + dt.timedelta(days=1)


def renewal_notice_on(term_end: dt.date, days_before: int = RENEWAL_NOTICE_DAYS) -> dt.date:
    return term_end - dt.timedelta(days=days_before)


def deadline_state(due: dt.date | None, today: dt.date, *, done: bool = False) -> str:
    """"done", "none", "overdue" (past the last day), "due" (within DUE_SOON_DAYS) or "ok"."""
    if done:
        return "done"
    if due is None:
        return "none"
    if today > due:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due"
    return "ok"


# --- offers and teams ----------------------------------------------------------------------------


def refusal_flagged(accepted: bool, reason: str) -> bool:
    """第三十二条: a refusal needs a proper reason; a refusal without one is flagged for the union to act on."""
    return not accepted and not (reason or "").strip()


def team_problems(counts: dict[str, int], chiefs: dict[str, int]) -> list[str]:
    """Why the two teams are not yet valid (empty when they are): same size, at least 3, one chief each."""
    problems = []
    for side in SIDES:
        n = counts.get(side, 0)
        if n < MIN_TEAM:
            problems.append(f"{SIDE_LABELS[side]}协商代表 {n} 人，至少应有 {MIN_TEAM} 人。")
        c = chiefs.get(side, 0)
        if c != 1:
            problems.append(f"{SIDE_LABELS[side]}应有且只有 1 名首席代表（现有 {c} 名）。")
    if counts.get("union", 0) != counts.get("employer", 0):
        problems.append(f"双方代表人数应当相等（工会方 {counts.get('union', 0)} 人，企业方 {counts.get('employer', 0)} 人）。")
    return problems


# --- wage terms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WageTerms:
    """A position or an agreement's wage terms. `increase_pct` may be negative (a pay cut, e.g. -5.00)."""

    increase_pct: Decimal | None = None
    minimum_wage: Decimal | None = None  # yuan per month
    piece_rate_pct: Decimal | None = None  # overall change of piece rates, %
    special_terms: str = ""
    piece_rates: tuple[tuple[str, Decimal], ...] = ()  # (item, yuan per unit), e.g. ("城区派送（元/票）", 1.20)


TERM_LABELS = {"increase_pct": "工资增幅（%）", "minimum_wage": "最低工资标准（元/月）",
               "piece_rate_pct": "计件单价调整（%）", "special_terms": "特别条款"}


def compare_terms(before: WageTerms | None, after: WageTerms) -> list[dict]:
    """What changed from one version to the next: [{field, label, old, new}] (a first version lists every term
    it sets). Piece rates are compared item by item ("计件单价·城区派送（元）: 1.20 → 1.10")."""
    changes = []
    for name, label in TERM_LABELS.items():
        old = getattr(before, name) if before is not None else None
        new = getattr(after, name)
        if name == "special_terms":
            old, new = (old or "").strip() or None, (new or "").strip() or None
        if old != new:
            changes.append({"field": name, "label": label, "old": old, "new": new})
    old_rates = dict(before.piece_rates) if before is not None else {}
    new_rates = dict(after.piece_rates)
    for item in list(old_rates) + [i for i in new_rates if i not in old_rates]:
        if old_rates.get(item) != new_rates.get(item):
            changes.append({"field": f"piece_rate:{item}", "label": f"计件单价·{item}（元）",
                            "old": old_rates.get(item), "new": new_rates.get(item)})
    return changes


def describe_change(change: dict) -> str:
    def show(v):
        return "—" if v is None else str(v)

    return f"{change['label']}：{show(change['old'])} → {show(change['new'])}"


PCT_MIN, PCT_MAX = Decimal("-50"), Decimal("100")
MAX_PIECE_RATES = 20


def terms_problems(terms: WageTerms) -> list[str]:
    problems = []
    for name in ("increase_pct", "piece_rate_pct"):
        v = getattr(terms, name)
        if v is not None and not (PCT_MIN <= v <= PCT_MAX):
            problems.append(f"{TERM_LABELS[name]}应在 {PCT_MIN}% 到 {PCT_MAX}% 之间。")
    if terms.minimum_wage is not None and terms.minimum_wage <= 0:
        problems.append("最低工资标准应大于 0。")
    items = [item for item, _price in terms.piece_rates]
    if len(items) > MAX_PIECE_RATES:
        problems.append(f"计件单价最多 {MAX_PIECE_RATES} 项。")
    if len(set(items)) != len(items):
        problems.append("计件单价的项目不能重复。")
    for item, price in terms.piece_rates:
        if not item.strip() or len(item) > 30:
            problems.append("计件单价的项目名称应为 1 到 30 个字。")
        if price <= 0:
            problems.append(f"计件单价“{item}”应大于 0。")
    if (terms.increase_pct is None and terms.minimum_wage is None and terms.piece_rate_pct is None
            and not terms.special_terms.strip() and not terms.piece_rates):
        problems.append("请至少填写一项工资条款。")
    if len(terms.special_terms) > 500:
        problems.append("特别条款不能超过 500 字。")
    return problems


def term_problems(start: dt.date | None, end: dt.date | None) -> list[str]:
    """第三十八条: a term of 1 to 3 years (end inclusive: 2020-01-01 to 2020-12-31 is one year)."""
    if start is None or end is None:
        return ["请填写合同期限的起止日期。"]
    if end < start:
        return ["合同期限的结束日期不能早于开始日期。"]
    if not (dt.date(2000, 1, 1) <= start <= dt.date(2100, 12, 31)):
        return ["合同期限的开始日期不正确。"]
    one_year = _add_years(start, MIN_TERM_YEARS) - dt.timedelta(days=1)
    three_years = _add_years(start, MAX_TERM_YEARS) - dt.timedelta(days=1)
    if end < one_year or end > three_years:
        return [f"集体合同期限一般为 {MIN_TERM_YEARS} 至 {MAX_TERM_YEARS} 年（{start:%Y-%m-%d} 起，"
                f"应在 {one_year:%Y-%m-%d} 至 {three_years:%Y-%m-%d} 之间结束）。"]
    return []


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- the draft voted by all workers (全体职工讨论) -------------------------------------------------------

WORKERS_VOTE_RULE_VERSION = "集体合同规定2004第36条/民法典1259-v1"
CHOICES = ("yes", "no", "abstain")
CHOICE_LABELS = {"yes": "赞成", "no": "反对", "abstain": "弃权"}
MAX_VOTE_DAYS = 30


def workers_quorum(total: int) -> int:
    """"三分之二以上职工出席": at least ⅔ of all workers ("以上" includes the number, 民法典 1259)."""
    return (2 * total + 2) // 3


def workers_majority(total: int) -> int:
    """"全体职工半数以上同意", read by policies §6/§12 as more than half of **all** workers: the least whole
    number above total/2, whoever stayed away."""
    return total // 2 + 1


def workers_vote_problems(total: int, yes: int, no: int, abstain: int) -> list[str]:
    problems = []
    if not isinstance(total, int) or total < 1:
        problems.append("全体职工人数应为正整数。")
    if any(not isinstance(n, int) or n < 0 for n in (yes, no, abstain)):
        problems.append("票数应为不小于 0 的整数。")
    elif not problems and yes + no + abstain > total:
        problems.append(f"参加表决 {yes + no + abstain} 人，超过全体职工 {total} 人。")
    return problems


def workers_vote_result(*, total: int, yes: int, no: int, abstain: int) -> dict:
    """第三十六条 with the draft before all workers: ≥ ⅔ of all workers take part, and more than half of all workers
    vote yes. Taking part = casting a ballot (yes, no or abstain). Counts, both thresholds, the outcome and a
    Chinese explanation line by line."""
    problems = workers_vote_problems(total, yes, no, abstain)
    if problems:
        raise ValueError("".join(problems))
    present = yes + no + abstain
    quorum, majority = workers_quorum(total), workers_majority(total)
    quorate = present >= quorum
    passed = quorate and yes >= majority
    lines = [f"全体职工 {total} 人，参加表决 {present} 人（应不少于三分之二即 {quorum} 人，"
             f"{'有效' if quorate else '不足，表决无效'}）。",
             f"赞成 {yes} 票，反对 {no} 票，弃权 {abstain} 票。"]
    if quorate:
        lines.append(f"赞成票{'超过' if passed else '未超过'}全体职工半数（须至少 {majority} 票），"
                     f"集体合同草案{'获得通过' if passed else '未获通过'}。")
    else:
        lines.append("参加人数不足，集体合同草案未获通过。")
    return {"total": total, "present": present, "yes": yes, "no": no, "abstain": abstain, "quorum": quorum,
            "majority": majority, "quorate": quorate, "passed": passed, "explanation": lines,
            "rule_version": WORKERS_VOTE_RULE_VERSION}


# --- the one-fifth request (local example, configurable) --------------------------------------------------

DEFAULT_ASK_DENOMINATOR = 5


def ask_threshold(staff_total: int, denominator: int = DEFAULT_ASK_DENOMINATOR) -> int:
    """"职工五分之一以上要求": at least 1/denominator of the staff ("以上" includes the number)."""
    return -(-staff_total // denominator)


def ask_reached(asks: int, staff_total: int, denominator: int = DEFAULT_ASK_DENOMINATOR) -> bool:
    return staff_total >= 1 and asks * denominator >= staff_total


# --- per-region parameters: minimum wage and wage guideline (工资指导线) -------------------------------------


@dataclass(frozen=True)
class RegionParams:
    minimum_wage: Decimal  # yuan per month, the local 最低工资标准 (最低工资规定 第十二条: pay may not be below it)
    lower_pct: Decimal  # 工资指导线 下线
    base_pct: Decimal  # 基准线
    upper_pct: Decimal  # 上线
    label: str = ""


ASK_DENOMINATORS = range(2, 11)


def region_params_problems(p: RegionParams, ask_denominator: int = DEFAULT_ASK_DENOMINATOR) -> list[str]:
    problems = []
    if p.minimum_wage <= 0:
        problems.append("最低工资标准应大于 0。")
    for value, name in ((p.lower_pct, "下线"), (p.base_pct, "基准线"), (p.upper_pct, "上线")):
        if not (PCT_MIN <= value <= PCT_MAX):
            problems.append(f"工资指导线{name}应在 {PCT_MIN}% 到 {PCT_MAX}% 之间。")
    if not (p.lower_pct <= p.base_pct <= p.upper_pct):
        problems.append("工资指导线应满足 下线 ≤ 基准线 ≤ 上线。")
    if ask_denominator not in ASK_DENOMINATORS:
        problems.append("职工要求协商的比例应为二分之一到十分之一之间。")
    return problems


def compare_with_region(terms: WageTerms, p: RegionParams) -> list[dict]:
    """The wage terms against the region's minimum wage and wage guideline: [{ok, text}]. A minimum wage below the
    local standard is not ok (it may not be agreed); an increase outside the guideline is shown, not refused (the
    guideline is a reference the parties weigh, 工资集体协商试行办法: 参考当地政府发布的工资指导线)."""
    notes = []
    prefix = f"（{p.label}）" if p.label else ""
    if terms.minimum_wage is not None:
        if terms.minimum_wage < p.minimum_wage:
            notes.append({"ok": False, "text": f"最低工资 {terms.minimum_wage} 元/月低于当地最低工资标准 "
                                               f"{p.minimum_wage} 元/月，不得低于当地标准{prefix}。"})
        else:
            notes.append({"ok": True, "text": f"最低工资 {terms.minimum_wage} 元/月不低于当地最低工资标准 "
                                              f"{p.minimum_wage} 元/月{prefix}。"})
    if terms.increase_pct is not None:
        x = terms.increase_pct
        if x < p.lower_pct:
            text, ok = f"低于工资指导线下线 {p.lower_pct}%", False
        elif x < p.base_pct:
            text, ok = f"在下线 {p.lower_pct}% 与基准线 {p.base_pct}% 之间", True
        elif x <= p.upper_pct:
            text, ok = f"在基准线 {p.base_pct}% 与上线 {p.upper_pct}% 之间", True
        else:
            text, ok = f"高于工资指导线上线 {p.upper_pct}%", False
        notes.append({"ok": ok, "text": f"工资增幅 {x}% {text}{prefix}。"})
    return notes


# --- stages --------------------------------------------------------------------------------------

# Negotiation stages and the actions that move them (one service applies a transition and records it).
STAGES = ("offer", "preparing", "talks", "draft", "voting", "approved", "signed", "filed", "effective",
          "objected", "refused", "expired")
STAGE_LABELS = {
    "offer": "要约待回应", "preparing": "已同意协商，组建代表", "talks": "协商中", "draft": "已形成合同草案",
    "voting": "职代会或全体职工审议中", "approved": "审议已通过，待签字", "signed": "已签字，待报送审查",
    "filed": "已报送审查", "effective": "已生效", "objected": "审查有异议，需重新协商", "refused": "对方拒绝协商",
    "expired": "已到期",
}
TRANSITIONS = {
    "answer_accept": ({"offer", "refused"}, "preparing"),
    "answer_refuse": ({"offer"}, "refused"),
    "start_talks": ({"preparing"}, "talks"),
    "draft": ({"talks", "objected"}, "draft"),
    "redraft": ({"draft"}, "talks"),
    "submit_to_congress": ({"draft"}, "voting"),
    "congress_passed": ({"voting"}, "approved"),
    "congress_failed": ({"voting"}, "talks"),
    "submit_to_workers": ({"draft"}, "voting"),
    "workers_passed": ({"voting"}, "approved"),
    "workers_failed": ({"voting"}, "talks"),
    "sign": ({"approved"}, "signed"),
    "file": ({"signed"}, "filed"),
    "object": ({"filed"}, "objected"),
    "take_effect": ({"filed"}, "effective"),
    "expire": ({"effective"}, "expired"),
}


def next_stage(current: str, action: str) -> str | None:
    rule = TRANSITIONS.get(action)
    if rule is None or current not in rule[0]:
        return None
    return rule[1]


def may_take_effect(*, stage: str, filed_received_on: dt.date | None, today: dt.date, cal: WorkingCalendar) -> bool:
    return (stage == "filed" and filed_received_on is not None
            and today >= effective_on(filed_received_on, cal))
