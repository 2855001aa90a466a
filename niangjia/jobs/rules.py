"""Pure rules of the job fair: application stages, and the explained score of a post for a job intent.

No Django and no clock here. Tokenisation is done by the caller (core.search) and passed in as sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# --- application stages (已投递 → 已查看 → 面试 → 录用 / 不合适) --------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset({"viewed", "interview", "rejected"}),
    "viewed": frozenset({"interview", "hired", "rejected"}),
    "interview": frozenset({"hired", "rejected"}),
    "hired": frozenset(),
    "rejected": frozenset(),
    "withdrawn": frozenset(),
}
FINAL_STAGES = frozenset({"hired", "rejected", "withdrawn"})
# The worker may take an application back (撤回) until the employer has decided (录用 / 不合适).
WITHDRAWABLE = frozenset({"submitted", "viewed", "interview"})


def may_move(current: str, target: str) -> bool:
    """The employer's moves; withdrawing is the worker's own and never one of them."""
    return target in TRANSITIONS.get(current, frozenset())


def may_withdraw(current: str) -> bool:
    return current in WITHDRAWABLE


# --- health limits and the physical demands of a post ----------------------------------------------------

DEMANDS = ("heavy_lifting", "night_shift", "long_standing", "heights", "driving")
DEMAND_LABELS = {"heavy_lifting": "搬运重物", "night_shift": "夜班", "long_standing": "长时间站立",
                 "heights": "登高作业", "driving": "驾驶车辆"}
HOURS_LABELS = {"full_time": "全职", "part_time": "兼职", "flexible": "灵活时间", "shifts": "倒班（含夜班）"}


# --- match score -----------------------------------------------------------------------------------------

KIND_MAX, SKILL_MAX, AREA_MAX, HOURS_MAX, SALARY_MAX = 30, 10, 25, 15, 20
# kind of work in the post's title: full marks; only in its skills/description/requirements: half


@dataclass(frozen=True)
class IntentFacts:
    kind_concepts: tuple[frozenset[str], ...]  # the ideas of the kind of work (e.g. 仓库 / 管理), synonyms included
    skill_terms: frozenset[str]      # tokens of the worker's skills
    region_code: str
    hours: str
    health_limits: frozenset[str]
    min_salary: Decimal


@dataclass(frozen=True)
class PostFacts:
    title_terms: frozenset[str]
    body_terms: frozenset[str]       # skills, description and requirements
    region_code: str
    hours: str
    demands: frozenset[str]
    salary_min: Decimal
    salary_max: Decimal


@dataclass(frozen=True)
class Score:
    total: int
    skills: int
    area: int
    hours: int
    salary: int
    reasons: list[str] = field(default_factory=list)
    excluded: bool = False
    kind: int = 0  # the kind-of-work share of `skills`: a post of another kind of work is never proposed


def _covered(concepts: tuple[frozenset[str], ...], terms: frozenset[str]) -> int:
    return sum(1 for c in concepts if c & terms)


def _skills(i: IntentFacts, p: PostFacts) -> tuple[int, int, str]:
    """Kind of work: each idea of it found in the post's title counts fully, in its body half; skills: the
    share of the worker's skills the post mentions."""
    wanted = {t for t in i.skill_terms if len(t) > 1}  # one character (证, 工) says nothing about a skill
    kind_max = KIND_MAX + (0 if wanted else SKILL_MAX)
    n = len(i.kind_concepts)
    in_title = _covered(i.kind_concepts, p.title_terms)
    in_any = _covered(i.kind_concepts, p.title_terms | p.body_terms)
    kind = round(kind_max * (in_title + (in_any - in_title) / 2) / n) if n else 0
    if n and in_title == n:
        how = "岗位名称与意向工种一致"
    elif kind:
        how = "岗位与意向工种部分相符"
    else:
        how = "工种不符"
    skill = 0
    if wanted:
        have = wanted & (p.title_terms | p.body_terms)
        skill = round(SKILL_MAX * len(have) / len(wanted))
        if have:
            how += f"，技能符合 {len(have)}/{len(wanted)} 项"
    return kind, kind + skill, f"技能与工种：{how}（{kind + skill}/{KIND_MAX + SKILL_MAX}）"


def _area(i: IntentFacts, p: PostFacts) -> tuple[int, str]:
    if i.region_code and i.region_code == p.region_code:
        return AREA_MAX, f"地点：就在意向区县（{AREA_MAX}/{AREA_MAX}）"
    if i.region_code[:4] and i.region_code[:4] == p.region_code[:4]:
        return 12, f"地点：同城其他区县（12/{AREA_MAX}）"
    return 0, f"地点：不在本市（0/{AREA_MAX}）"


_HOURS_NEAR = {("part_time", "flexible"), ("flexible", "part_time"), ("full_time", "shifts"),
               ("flexible", "full_time")}


def _hours(i: IntentFacts, p: PostFacts) -> tuple[int, str]:
    want, have = HOURS_LABELS.get(i.hours, i.hours), HOURS_LABELS.get(p.hours, p.hours)
    if i.hours == p.hours:
        return HOURS_MAX, f"工作时间：{have}，与意向一致（{HOURS_MAX}/{HOURS_MAX}）"
    if (i.hours, p.hours) in _HOURS_NEAR:
        return 8, f"工作时间：想要{want}，岗位为{have}，相近（8/{HOURS_MAX}）"
    return 0, f"工作时间：想要{want}，岗位为{have}（0/{HOURS_MAX}）"


def _salary(i: IntentFacts, p: PostFacts) -> tuple[int, str]:
    pay = f"{p.salary_min:.0f}–{p.salary_max:.0f} 元/月"
    if p.salary_min >= i.min_salary:
        return SALARY_MAX, f"薪资：{pay}，不低于期望 {i.min_salary:.0f} 元（{SALARY_MAX}/{SALARY_MAX}）"
    if p.salary_max >= i.min_salary:
        return SALARY_MAX // 2, f"薪资：{pay}，上限达到期望 {i.min_salary:.0f} 元（{SALARY_MAX // 2}/{SALARY_MAX}）"
    return 0, f"薪资：{pay}，低于期望 {i.min_salary:.0f} 元（0/{SALARY_MAX}）"


def score(i: IntentFacts, p: PostFacts) -> Score:
    """The post's score for the intent, 0–100: skills and kind of work 40, area 25, hours 15, salary 20.
    A post whose physical demands hit one of the worker's health limits is excluded whatever its score."""
    clash = sorted(i.health_limits & p.demands)
    if clash:
        words = "、".join(DEMAND_LABELS.get(c, c) for c in clash)
        return Score(0, 0, 0, 0, 0, [f"健康限制：岗位需要{words}，不适合"], excluded=True)
    k, s, s_line = _skills(i, p)
    a, a_line = _area(i, p)
    h, h_line = _hours(i, p)
    m, m_line = _salary(i, p)
    return Score(s + a + h + m, s, a, h, m, [s_line, a_line, h_line, m_line], kind=k)


def rank(intent: IntentFacts, posts: list[tuple[int, PostFacts]], *, limit: int = 10) -> list[tuple[int, Score]]:
    """The best `limit` posts for the intent: only posts of the wanted kind of work (kind part > 0), not
    excluded by a health limit, by total score, then higher pay, then the older post (smaller id)."""
    scored = []
    for pk, post in posts:
        # cheap tests first: most posts are of another kind of work, and explaining a score costs string work
        if intent.health_limits & post.demands:
            continue
        if not any(c & post.title_terms or c & post.body_terms for c in intent.kind_concepts):
            continue
        s = score(intent, post)
        if not s.excluded and s.kind > 0:
            scored.append((pk, s, post.salary_max))
    scored.sort(key=lambda r: (-r[1].total, -r[2], r[0]))
    return [(pk, s) for pk, s, _pay in scored[:limit]]


def guidance_draft(*, worker_name: str, kind_of_work: str, hours: str, health_limits: list[str]) -> str:
    """A starting text for the guidance note; the helper edits it before sending."""
    limits = "、".join(DEMAND_LABELS.get(c, c) for c in health_limits)
    lines = [f"{worker_name}您好：根据您想做{kind_of_work}（{HOURS_LABELS.get(hours, hours)}）的意向，我们挑选了下面三个岗位。"]
    if limits:
        lines.append(f"已避开需要{limits}的岗位。")
    lines.append("建议先电话了解工作内容和上下班时间，面试时带上身份证；有困难随时找我。")
    return "".join(lines)


def precision_at_k(ranked_ids: list, right: set, k: int = 3) -> float:
    """Share of the first k results that are right, out of min(k, number of right posts)."""
    if not right:
        return 0.0
    return len(set(ranked_ids[:k]) & right) / min(k, len(right))
