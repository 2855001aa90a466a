"""Counting rules of the workers' congress (职工代表大会), pure: no Django, no clock.

Sources (docs/congress.md): 《企业民主管理规定》(2012) — a session needs at least two thirds of all delegates present;
elections and resolutions pass with more than half of **all** delegates, not of those present. 民法典 第一千二百五十
九条: "以上" includes the number itself, "超过" excludes it. So with 295 delegates the quorum is 197 (2/3 × 295 =
196.67, and "三分之二以上" includes 197 ≥ 196.67) and a resolution needs 148 votes in favour (> 147.5).

Integer arithmetic only: `3 * present >= 2 * total` is exact where a float 2/3 is not.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

RULE_VERSION = "企业民主管理规定2012/民法典1259-v1"
CHOICES = ("yes", "no", "abstain")
CHOICE_LABELS = {"yes": "赞成", "no": "反对", "abstain": "弃权"}
KINDS = ("resolution", "election", "contract")
KIND_LABELS = {"resolution": "决议", "election": "选举", "contract": "集体合同草案"}


def quorum(total: int) -> int:
    """The smallest number present that is at least two thirds of all delegates ("三分之二以上" includes it)."""
    if total < 0:
        raise ValueError("total must not be negative")
    return -((-2 * total) // 3)  # ceil(2 * total / 3) in integers


def is_quorate(present: int, total: int) -> bool:
    return total > 0 and 3 * present >= 2 * total


def majority(total: int) -> int:
    """The smallest number of votes that is more than half of all delegates ("过半数" excludes half itself)."""
    if total < 0:
        raise ValueError("total must not be negative")
    return total // 2 + 1


def passes(yes: int, total: int) -> bool:
    return 2 * yes > total


@dataclass(frozen=True)
class MotionResult:
    delegates_total: int
    present: int
    yes: int
    no: int
    abstain: int
    not_voted: int
    quorate: bool
    passed: bool
    quorum: int
    majority: int
    rule_version: str = RULE_VERSION
    explanation: list[str] = field(default_factory=list)


def count_motion(*, total: int, present: int, yes: int, no: int, abstain: int) -> MotionResult:
    """The legal outcome of a resolution or contract vote, with its Chinese explanation."""
    if min(total, present, yes, no, abstain) < 0 or present > total or yes + no + abstain > present:
        raise ValueError("inconsistent counts")
    q, m = quorum(total), majority(total)
    quorate = is_quorate(present, total)
    passed = quorate and passes(yes, total)
    lines = [f"应到 {total} 人，实到 {present} 人（法定 {q} 人，{'有效' if quorate else '不足法定人数，表决无效'}）"]
    lines.append(f"赞成 {yes} 票，反对 {no} 票，弃权 {abstain} 票，未投票 {present - yes - no - abstain} 人")
    if not quorate:
        lines.append("出席人数不足全体代表三分之二，不能作出决定")
    elif passed:
        lines.append(f"赞成 {yes} 票，超过全体代表半数 {m} 票，通过")
    else:
        lines.append(f"赞成 {yes} 票，未达到全体代表过半数 {m} 票（按全体代表计算，不按出席人数），未通过")
    return MotionResult(total, present, yes, no, abstain, present - yes - no - abstain, quorate, passed, q, m,
                        explanation=lines)


@dataclass(frozen=True)
class ElectionResult:
    elected: list[str]
    passed_but_tied: list[str]   # candidates over the majority tied for the last seat(s): reported, not drawn
    seats_unfilled: int          # a shortfall is reported and not filled at the same meeting
    majority: int
    quorate: bool
    rule_version: str = RULE_VERSION
    explanation: list[str] = field(default_factory=list)


WRITE_IN_LABEL = "（另选他人）"


def count_election(*, total: int, present: int, seats: int, votes: dict[str, int],
                   write_ins: frozenset[str] | set[str] = frozenset()) -> ElectionResult:
    """Seat filling: a candidate passes with more than half of all delegates; when more pass than there are seats,
    the highest counts win; a tie for the last seat and a shortfall are reported, never resolved silently.
    Write-in persons (另选他人, `write_ins`: names in `votes`) are counted exactly like printed candidates; the
    explanation marks them."""
    if seats < 1 or total < 0 or present > total or any(v < 0 or v > present for v in votes.values()):
        raise ValueError("inconsistent counts")
    m = majority(total)
    quorate = is_quorate(present, total)
    lines = [f"应到 {total} 人，实到 {present} 人（法定 {quorum(total)} 人，{'有效' if quorate else '不足法定人数，选举无效'}）",
             f"应选 {seats} 名，当选须得票超过全体代表半数，即至少 {m} 票"]
    if not quorate:
        return ElectionResult([], [], seats, m, False, explanation=lines + ["出席人数不足，不能进行选举"])
    over = sorted(((v, name) for name, v in votes.items() if 2 * v > total), key=lambda t: (-t[0], t[1]))
    elected, tied = [], []
    if len(over) <= seats:
        elected = [name for _v, name in over]
    else:
        cutoff = over[seats - 1][0]
        above = [name for v, name in over if v > cutoff]
        at_cutoff = [name for v, name in over if v == cutoff]
        if len(above) + len(at_cutoff) <= seats:
            elected = above + at_cutoff
        else:
            elected, tied = above, at_cutoff
    def label(name: str) -> str:
        return name + WRITE_IN_LABEL if name in write_ins else name

    for v, name in over:
        lines.append(f"{label(name)} 得 {v} 票，{'当选' if name in elected else '得票相同，须另行确定' if name in tied else '超过半数但名额已满，未当选'}")
    for name, v in sorted(votes.items(), key=lambda t: (-t[1], t[0])):
        if 2 * v <= total:
            lines.append(f"{label(name)} 得 {v} 票，未超过全体代表半数，未当选")
    unfilled = 0 if tied else seats - len(elected)
    if tied:
        lines.append(f"剩余 {seats - len(elected)} 个名额有 {len(tied)} 人得票相同，须另行确定")
    elif unfilled > 0:
        lines.append(f"当选 {len(elected)} 名，缺额 {unfilled} 名，本次会议不再补选")
    return ElectionResult(elected, tied, unfilled, m, True, explanation=lines)


WRITE_IN_NAME_MAX = 60


WRITE_IN_SEPARATORS = re.compile(r"[,，、;；\n]")


def write_in_names(raw: list[str] | None) -> list[str]:
    """The persons written in on one ballot (另选他人): several names in one field may be separated by 、，; blanks
    dropped, inner spaces removed (a Chinese name written "张 三" is 张三), each person once. Raises ValueError for a
    name longer than 60 characters or with control characters."""
    out: list[str] = []
    for text in (part for item in raw or [] for part in WRITE_IN_SEPARATORS.split(item or "")):
        name = "".join(text.split())
        if not name:
            continue
        if len(name) > WRITE_IN_NAME_MAX:
            raise ValueError("name too long")
        if not name.isprintable():  # control characters (NUL breaks PostgreSQL) are no part of a name
            raise ValueError("not a name")
        if name not in out:
            out.append(name)
    return out


def marks_within_seats(*, marked: int, written: int, seats: int) -> bool:
    """A ballot supports at most `seats` persons, printed and written in together (more makes it invalid, so it
    is refused at entry); none at all is a valid ballot that supports nobody."""
    return 0 <= marked + written <= seats


MIN_CANDIDATE_PCT = (100, 300)  # the range the database check allows


def parse_min_candidate_pct(text) -> int | None:
    """The 差额率 setting as typed (a whole percentage, 100–300; "120" or "120%"); None when it is not one."""
    text = str(text if text is not None else "").strip().rstrip("%％").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    pct = int(text)
    return pct if MIN_CANDIDATE_PCT[0] <= pct <= MIN_CANDIDATE_PCT[1] else None


def min_candidates_examples(min_pct: int, seats=(1, 3, 5, 7, 9, 10, 15)) -> list[tuple[int, int]]:
    """(seats, candidates needed) for the settings page, computed by the same rule as creating an election."""
    return [(s, min_candidates(s, min_pct)) for s in seats]


def min_candidates(seats: int, min_pct: int = 100) -> int:
    """差额选举: more candidates than seats, and at least ceil(seats × min_pct / 100) (integer arithmetic, no floats)."""
    if seats < 1 or min_pct < 100:
        raise ValueError("seats >= 1 and min_pct >= 100")
    return max(seats + 1, -(-seats * min_pct // 100))


# Proposals (提案): at least two seconders before it can be submitted (policies.md §10).
MIN_SECONDERS = 2
DEFAULT_REPLY_DAYS = 30
# Which state may follow which (glossary: drafting → submitted → accepted | converted → assigned → answered → rated
# → archived; 不满意 on the first reply goes back to assigned once).
PROPOSAL_NEXT = {
    "drafting": {"submitted"},
    "submitted": {"accepted", "converted"},
    "accepted": {"assigned"},
    "converted": {"assigned", "archived"},
    "assigned": {"answered"},
    "answered": {"rated", "assigned"},
    "rated": {"archived"},
    "archived": set(),
}
RATINGS = ("satisfied", "mostly", "unsatisfied")


# The committee's grade of the handling (policies §10, "rates the handling (A/B/C)"), in the common wording of
# proposal committees: A solved or adopted; B being solved or planned; C not possible for now, with an explanation.
HANDLING_GRADES = {"A": "A 类：已解决或采纳", "B": "B 类：正在解决或已列入计划", "C": "C 类：受条件限制暂不能解决，已作说明"}
HANDLED = ("answered", "rated", "archived")


def may_grade(status: str) -> bool:
    """The handling is graded once the department has replied (also after the proposer's rating and archiving)."""
    return status in HANDLED


def may_be_best(status: str, is_opinion: bool) -> bool:
    """最佳提案 are chosen among proposals (not 意见建议) whose handling is done (replied at least)."""
    return status in HANDLED and not is_opinion


def may_move(current: str, new: str) -> bool:
    return new in PROPOSAL_NEXT.get(current, set())


def may_submit(seconders: int) -> bool:
    """A proposal goes to the committee only with at least two seconders (附议人, not counting the proposer)."""
    return seconders >= MIN_SECONDERS


def after_rating(rating: str, sent_back: int) -> tuple[str, int]:
    """The state after the proposer rates the reply, and how often it has been sent back. 不满意 sends it back to
    the department once; a second 不满意 stands as the rating (the committee follows it up)."""
    if rating not in RATINGS:
        raise ValueError("unknown rating")
    if rating == "unsatisfied" and sent_back == 0:
        return "assigned", 1
    return "rated", sent_back


def period_end(start: dt.date, days: int, cal=None) -> dt.date:
    """The last day of a period of `days` days from `start` (民法典 第二百零一条: the start day does not count, so
    it is start + days); a last day that is not a working day (法定休假日: weekend or holiday) moves to the next working
    day (民法典 第二百零三条). `cal` answers `is_working_day(day)` (the platform calendar); without it, calendar days."""
    if days < 1:
        raise ValueError("a period has at least one day")
    end = start + dt.timedelta(days=days)
    while cal is not None and not cal.is_working_day(end):
        end += dt.timedelta(days=1)
    return end


def is_overdue(status: str, reply_due: dt.date | None, today: dt.date) -> bool:
    """督办: an assigned proposal whose reply deadline has passed ("届满" includes the last day itself)."""
    return status == "assigned" and reply_due is not None and today > reply_due


def composition_warnings(*, total: int, managers: int, frontline: int, women: int, young: int,
                         manager_cap_percent: int = 20) -> list[str]:
    """Delegate composition against policies.md §5: middle managers and above normally at most 20%; front-line
    workers, women and young workers represented."""
    warnings = []
    if total and 100 * managers > manager_cap_percent * total:
        warnings.append(f"中层以上管理人员 {managers} 人，占 {managers * 100 / total:.1f}%，超过 {manager_cap_percent}%")
    for label, n in (("一线职工", frontline), ("女职工", women), ("青年职工", young)):
        if total and n == 0:
            warnings.append(f"代表中没有{label}")
    return warnings


YOUNG_MAX_AGE = 35  # 青年职工: 35 周岁以下 (the common definition of the Communist Youth League and unions)
YES_WORDS = {"是", "Y", "y", "1", "√", "✓", "yes", "Yes", "YES", "TRUE", "True", "true"}
NO_WORDS = {"否", "N", "n", "0", "", "no", "No", "NO", "FALSE", "False", "false"}


def parse_yes_no(text: str) -> bool | None:
    """是/否 cells of an import: None when the cell is neither (the row is refused with a reason)."""
    text = (text or "").strip()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    return None


def is_young(birth: dt.date, on: dt.date) -> bool:
    """Not older than 35 full years on `on` ("以下" includes 35)."""
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return age <= YOUNG_MAX_AGE


def composition_rows(*, total: int, managers: int, frontline: int, women: int, young: int,
                     manager_cap_percent: int = 20) -> list[dict]:
    """The composition table against policies.md §5, one row per category with its share and whether it meets
    the rule (managers: at most 20% of all delegates; the others: represented, i.e. at least one)."""
    def pct(n: int) -> str:
        return f"{n * 100 / total:.1f}%" if total else "—"

    return [
        {"label": "中层以上管理人员", "n": managers, "share": pct(managers),
         "ok": not total or 100 * managers <= manager_cap_percent * total, "rule": f"一般不超过 {manager_cap_percent}%"},
        {"label": "一线职工", "n": frontline, "share": pct(frontline), "ok": not total or frontline > 0, "rule": "应有适当比例"},
        {"label": "女职工", "n": women, "share": pct(women), "ok": not total or women > 0, "rule": "应有适当比例"},
        {"label": "青年职工（35 周岁以下）", "n": young, "share": pct(young), "ok": not total or young > 0,
         "rule": "应有适当比例"},
    ]
