"""Pure rules of panel scoring: recusal from declared relations (policies §15), weighted totals, the panel total
with an optional trimmed mean, all exact (Decimal) and rounded once, half up, to 0.01."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RECUSAL_YEARS = 3
ORG_KINDS = {"employed": "曾在该单位工作", "director": "担任该单位董事、监事",
             "controller": "是该单位控股股东或实际控制人"}


@dataclass(frozen=True)
class RelationData:
    kind: str
    organisation: str = ""
    uscc: str = ""
    person: str = ""
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class EntrantData:
    name: str
    uscc: str = ""
    legal_representative: str = ""


def _same_org(relation: RelationData, entrant: EntrantData) -> bool:
    if relation.uscc and entrant.uscc:
        return relation.uscc.strip().upper() == entrant.uscc.strip().upper()
    return bool(relation.organisation) and relation.organisation.strip() == entrant.name.strip()


def _within(ended_on: dt.date | None, activity: dt.date) -> bool:
    """"Within the 3 years before the activity": a relation that ended on or after the same day 3 years earlier."""
    if ended_on is None:
        return True
    try:
        start = activity.replace(year=activity.year - RECUSAL_YEARS)
    except ValueError:  # 29 February
        start = activity.replace(year=activity.year - RECUSAL_YEARS, day=28)
    return ended_on >= start


def conflict_reason(relations: list[RelationData], entrant: EntrantData, activity: dt.date) -> str | None:
    for r in relations:
        if r.kind in ORG_KINDS and _same_org(r, entrant) and _within(r.ended_on, activity):
            return f"{ORG_KINDS[r.kind]}（近 {RECUSAL_YEARS} 年内）"
        if r.kind == "family" and r.person and r.person.strip() == entrant.legal_representative.strip():
            return "与该单位法定代表人有亲属关系"
        if r.kind == "other" and _same_org(r, entrant):
            return "申报了可能影响公正的其他关系"
    return None


@dataclass(frozen=True)
class CriterionData:
    id: int
    weight: Decimal   # percent
    max_score: int


def weights_problem(criteria: list[CriterionData]) -> str | None:
    if not criteria:
        return "请至少设置一个评分维度。"
    total = sum((c.weight for c in criteria), Decimal(0))
    if total != 100:
        return f"各维度权重之和应为 100，现在是 {total}。"
    return None


def score_problem(value: Decimal, max_score: int) -> str | None:
    if not value.is_finite() or value < 0 or value > max_score:
        return f"分数应在 0 到 {max_score} 之间。"
    if value != value.quantize(Decimal("0.1")):
        return "分数最多保留一位小数。"
    return None


def judge_total(scores: dict[int, Decimal], criteria: list[CriterionData]) -> Decimal:
    """One judge's total out of 100: Σ score / max × weight, exact; rounded only by the caller's display."""
    return sum((scores[c.id] / Decimal(c.max_score) * c.weight for c in criteria), Decimal(0))


def panel_total(totals: list[Decimal], *, trim: bool) -> Decimal | None:
    """Mean of the judges' totals, dropping one highest and one lowest when asked and at least 3 remain."""
    if not totals:
        return None
    values = sorted(totals)
    if trim and len(values) >= 3:
        values = values[1:-1]
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- award rounds: composition (policies §14) ----------------------------------------------------------

AWARD_KINDS = [("certificate", "五一劳动奖状"), ("medal", "五一劳动奖章"), ("pioneer", "工人先锋号"), ("local", "本地荣誉")]
ATTRIBUTES = {
    "industrial": "产业工人", "frontline_tech": "一线职工和专业技术人员", "science_edu": "科教人员",
    "migrant": "农民工", "non_public": "非公有制企业", "unit_head": "单位负责人", "woman": "女性",
}
# The national notices (2022, 2024) as a default: a round copies these and staff adjust them.
NATIONAL_DEFAULT = [("industrial", Decimal("0.35"), None), ("frontline_tech", Decimal("0.20"), None),
                    ("science_edu", Decimal("0.20"), None), ("migrant", Decimal("0.10"), None),
                    ("non_public", Decimal("0.35"), None)]


@dataclass(frozen=True)
class ShareCheck:
    attribute: str
    label: str
    count: int
    total: int
    at_least: Decimal | None
    at_most: Decimal | None
    ok: bool
    needed: int   # how many more (at least) or fewer (at most) nominations would satisfy the rule

    @property
    def rule_text(self) -> str:
        parts = []
        if self.at_least is not None:
            parts.append(f"≥ {(self.at_least * 100).normalize():f}%")
        if self.at_most is not None:
            parts.append(f"≤ {(self.at_most * 100).normalize():f}%")
        return "，".join(parts)


def composition(nominations: list[list[str]], rules_: list[tuple[str, Decimal | None, Decimal | None]]
                ) -> list[ShareCheck]:
    """Live check while nominations are entered. "≥ 35 %" includes 35 % (以上 includes the number, §12); counts
    are compared exactly (count × 1000 vs share × total × 1000), never through a rounded percentage."""
    total = len(nominations)
    out = []
    for attribute, at_least, at_most in rules_:
        count = sum(1 for attrs in nominations if attribute in attrs)
        ok, needed = True, 0
        if at_least is not None and total and Decimal(count) < at_least * total:
            ok = False
            # smallest k with (count + k) ≥ at_least × (total + k)  ⇔  k ≥ (at_least·total − count) / (1 − at_least)
            k = 0
            while Decimal(count + k) < at_least * (total + k) and k < 10_000:
                k += 1
            needed = k
        if at_most is not None and total and Decimal(count) > at_most * total:
            ok = False
            k = 0
            while Decimal(count - k) > at_most * (total - k) and k < count:
                k += 1
            needed = k
        out.append(ShareCheck(attribute, ATTRIBUTES.get(attribute, attribute), count, total, at_least, at_most, ok,
                              needed))
    return out


def publicity_end(start: dt.date, days: int) -> dt.date:
    """A 公示 of N days starting on `start` runs through start + N − 1 when the first day counts as published that
    morning; per §12 a period in days starts the next day, so it ends on start + N."""
    return start + dt.timedelta(days=days)
