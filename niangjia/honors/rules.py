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
