"""Pure rules of skill contests (网上练兵): drawing a paper, shuffling, reading and grading answers, timing,
ranking and spotting identical answer patterns. No Django here, so every rule is tested in isolation."""

import datetime as dt
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

LETTERS = "ABCDEFGH"
GRACE = dt.timedelta(seconds=5)  # answers sent just before the deadline still land (network delay)
TRUE_FALSE_OPTIONS = ["对", "错"]
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 10, 4 * 3600
MAX_QUESTIONS = 200

KIND_NAMES = {"单选": "single", "单选题": "single", "多选": "multiple", "多选题": "multiple", "判断": "true_false",
              "判断题": "true_false", "填空": "fill", "填空题": "fill"}
IMPORT_HEADERS = ["题型", "分类", "题目", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "分值"]
IMPORT_REQUIRED = ["题型", "分类", "题目", "答案"]


class RuleError(ValueError):
    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


# ---- new contests and papers -------------------------------------------------------------------------------

def check_new_contest(*, title: str, question_count: int, time_limit_seconds: int, max_attempts_per_person: int = 1,
                      max_attempts_total: int | None = None) -> None:
    if not (title or "").strip():
        raise RuleError("请填写竞赛名称。", "contest.title")
    if len(title) > 120:
        raise RuleError("竞赛名称不能超过 120 个字。", "contest.title")
    if not 1 <= question_count <= MAX_QUESTIONS:
        raise RuleError(f"题目数量应在 1 到 {MAX_QUESTIONS} 道之间。", "contest.question_count")
    if not MIN_TIME_LIMIT <= time_limit_seconds <= MAX_TIME_LIMIT:
        raise RuleError(f"答题时限应在 {MIN_TIME_LIMIT} 秒到 {MAX_TIME_LIMIT // 3600} 小时之间。", "contest.time_limit")
    if not 1 <= max_attempts_per_person <= 20:
        raise RuleError("每人答题次数应在 1 到 20 次之间。", "contest.attempts")
    if max_attempts_total is not None and max_attempts_total < 1:
        raise RuleError("竞赛总答题人次至少为 1。", "contest.attempts")


def split_draw(question_count: int, category_sizes: dict[str, int]) -> dict[str, int]:
    """How many questions each category gives to a paper of `question_count`: as even as the bank allows
    (round-robin over the categories in name order, skipping a category once it is used up)."""
    available = sum(category_sizes.values())
    if question_count > available:
        raise RuleError(f"题库只有 {available} 道题，不够抽取 {question_count} 道。", "contest.bank_too_small")
    draw = dict.fromkeys(sorted(category_sizes), 0)
    left = question_count
    while left:
        for cat in draw:
            if left and draw[cat] < category_sizes[cat]:
                draw[cat] += 1
                left -= 1
    return {c: n for c, n in draw.items() if n}


def draw_paper(rng: random.Random, ids_by_category: dict[str, list[int]], draw: dict[str, int]) -> list[int]:
    """N questions at random from each category, then the whole paper shuffled (the order differs per attempt)."""
    paper: list[int] = []
    for cat, n in sorted(draw.items()):
        pool = sorted(ids_by_category.get(cat, []))
        if n > len(pool):
            raise RuleError(f"题库中“{cat}”类题目只有 {len(pool)} 道，不够抽取 {n} 道。", "contest.bank_too_small")
        paper.extend(rng.sample(pool, n))
    rng.shuffle(paper)
    return paper


def option_order(rng: random.Random, count: int) -> list[int]:
    order = list(range(count))
    rng.shuffle(order)
    return order


def shown_options(options: list[str], order: list[int] | None) -> list[str]:
    return [options[i] for i in order] if order else list(options)


def options_for(kind: str, options: list[str]) -> list[str]:
    return TRUE_FALSE_OPTIONS if kind == "true_false" else list(options) if kind in ("single", "multiple") else []


# ---- answers ------------------------------------------------------------------------------------------------

def normalize_text(value: str) -> str:
    """Full-width to half-width, case and runs of spaces ignored: how a fill-in answer is compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value or "")).strip().casefold()


def _letters(raw: str, count: int) -> list[int]:
    text = unicodedata.normalize("NFKC", raw or "").upper()
    picked = [c for c in text if not (c.isspace() or c in ",;、，")]
    if not picked or any(c not in LETTERS[:count] for c in picked):
        raise RuleError(f"请选择 {LETTERS[0]}–{LETTERS[count - 1]} 中的选项。", "contest.bad_answer")
    return sorted({LETTERS.index(c) for c in picked})


def to_canonical(kind: str, raw, order: list[int] | None, option_count: int) -> str:
    """The answer as sent (letters of the SHOWN order, or text) in its stored form (letters of the stored order),
    so grading and pattern checks never depend on how one attempt shuffled the options."""
    if isinstance(raw, list):
        raw = "".join(str(x) for x in raw)
    raw = "" if raw is None else str(raw)
    if kind == "fill":
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw)).strip()
        if not text:
            raise RuleError("请填写答案。", "contest.bad_answer")
        if len(text) > 200:
            raise RuleError("答案不能超过 200 个字。", "contest.bad_answer")
        return text
    if kind == "true_false" and raw.strip() in TRUE_FALSE_OPTIONS:
        return raw.strip()
    shown = _letters(raw, option_count)
    if kind in ("single", "true_false") and len(shown) != 1:
        raise RuleError("这是单选题，只能选一个选项。", "contest.bad_answer")
    stored = sorted(order[i] if order else i for i in shown)
    if kind == "true_false":
        return TRUE_FALSE_OPTIONS[stored[0]]
    return "".join(LETTERS[i] for i in stored)


def to_shown(kind: str, canonical: str, order: list[int] | None) -> str:
    """The stored answer in the letters one attempt shows (to put a saved answer back on the page)."""
    if kind == "fill" or not canonical:
        return canonical
    if kind == "true_false":
        idx = [TRUE_FALSE_OPTIONS.index(canonical)] if canonical in TRUE_FALSE_OPTIONS else []
    else:
        idx = [LETTERS.index(c) for c in canonical if c in LETTERS]
    where = {stored: shown for shown, stored in enumerate(order)} if order else {i: i for i in idx}
    return "".join(sorted(LETTERS[where[i]] for i in idx if i in where))


def is_correct(kind: str, canonical: str, key: str) -> bool:
    if kind == "fill":
        return normalize_text(canonical) in {normalize_text(k) for k in key.split("|") if k.strip()}
    if kind == "multiple":
        return sorted(canonical) == sorted(key.replace(",", "").replace(" ", "").upper())
    return canonical.strip().upper() == key.strip().upper()


# ---- timing -------------------------------------------------------------------------------------------------

def deadline_for(started_at: dt.datetime, time_limit_seconds: int, closes_at: dt.datetime | None) -> dt.datetime:
    """The deadline is fixed when the attempt starts: the time limit, cut short by the contest's closing time."""
    deadline = started_at + dt.timedelta(seconds=time_limit_seconds)
    deadline = min(deadline, closes_at) if closes_at else deadline
    # whole milliseconds: the API writes times to the millisecond, so the deadline a client is given and the
    # finished_at of an expired attempt compare equal as text too
    return deadline.replace(microsecond=deadline.microsecond // 1000 * 1000)


def answer_allowed(now: dt.datetime, deadline: dt.datetime) -> bool:
    return now <= deadline + GRACE


def expired(now: dt.datetime, deadline: dt.datetime) -> bool:
    """Past the grace period: the attempt is over whatever the client does; the next call finishes it."""
    return now > deadline + GRACE


def finish_time(now: dt.datetime, deadline: dt.datetime) -> dt.datetime:
    """A submission in the grace period, or an automatic finish, is recorded at the deadline, never after."""
    return min(now, deadline)


def seconds_left(now: dt.datetime, deadline: dt.datetime) -> int:
    return max(0, int((deadline - now).total_seconds()))


# ---- attempts and ranking -----------------------------------------------------------------------------------

def check_may_start(*, used: int, per_person: int, now: dt.datetime, opens_at: dt.datetime,
                    closes_at: dt.datetime | None) -> None:
    if now < opens_at:
        raise RuleError("竞赛尚未开始。", "contest.not_open")
    if closes_at and now >= closes_at:
        raise RuleError("竞赛已经结束。", "contest.closed")
    if used >= per_person:
        raise RuleError(f"每人最多答题 {per_person} 次，您的次数已用完。", "contest.attempts_used")


@dataclass(frozen=True)
class Ranked:
    key: object
    score: int
    duration_ms: int
    rank: int


def rank(rows: list[tuple[object, int, int]]) -> list[Ranked]:
    """Rank (key, score, duration_ms): higher score first, then shorter time; equal score AND time share a rank
    (competition ranking: 1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda r: (-r[1], r[2]))
    out: list[Ranked] = []
    for i, (key, score, ms) in enumerate(ordered):
        same = out and out[-1].score == score and out[-1].duration_ms == ms
        out.append(Ranked(key, score, ms, out[-1].rank if same else i + 1))
    return out


# ---- fairness -----------------------------------------------------------------------------------------------

def identical_pairs(papers: dict[object, dict[int, tuple[str, bool]]], *, min_common: int = 5,
                    min_shared_wrong: int = 2) -> list[tuple[object, object, int, int]]:
    """Pairs of attempts whose answers are the same on every question both were asked (at least `min_common`)
    and who share at least `min_shared_wrong` identical WRONG answers: the same right answers are expected of
    good candidates, the same wrong ones are not. Candidates come from an index of wrong answers, so the cost
    follows the number of shared wrong answers, not the square of the attempts."""
    by_wrong: dict[tuple[int, str], list[object]] = defaultdict(list)
    for key, answers in papers.items():
        for qid, (value, correct) in answers.items():
            if not correct:
                by_wrong[(qid, value)].append(key)
    shared: dict[tuple, int] = defaultdict(int)
    for keys in by_wrong.values():
        if len(keys) < 2 or len(keys) > 200:  # a wrong answer 200 people share is a bad question, not collusion
            continue
        keys = sorted(keys, key=str)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                shared[(a, b)] += 1
    pairs = []
    for (a, b), n_wrong in shared.items():
        if n_wrong < min_shared_wrong:
            continue
        common = papers[a].keys() & papers[b].keys()
        if len(common) >= min_common and all(papers[a][q][0] == papers[b][q][0] for q in common):
            pairs.append((a, b, len(common), n_wrong))
    return sorted(pairs, key=lambda p: (str(p[0]), str(p[1])))


# ---- Excel import of a bank ---------------------------------------------------------------------------------

def parse_question_row(row: dict[str, str]) -> dict:
    """One row of the import template as a question, or RuleError with the Chinese reason for that row."""
    kind = KIND_NAMES.get((row.get("题型") or "").strip())
    if kind is None:
        raise RuleError("题型应为 单选、多选、判断 或 填空。", "bank.kind")
    category = (row.get("分类") or "").strip()
    text = (row.get("题目") or "").strip()
    answer = (row.get("答案") or "").strip()
    if not category or len(category) > 40:
        raise RuleError("分类不能为空，且不超过 40 个字。", "bank.category")
    if not text or len(text) > 2000:
        raise RuleError("题目不能为空，且不超过 2000 个字。", "bank.text")
    if not answer or len(answer) > 200:
        raise RuleError("答案不能为空，且不超过 200 个字。", "bank.answer")
    options = [(row.get(f"选项{c}") or "").strip() for c in LETTERS[:6]]
    while options and not options[-1]:
        options.pop()
    points_raw = unicodedata.normalize("NFKC", (row.get("分值") or "").strip()) or "1"
    if not points_raw.isdigit() or not 1 <= int(points_raw) <= 100:
        raise RuleError("分值应为 1 到 100 的整数。", "bank.points")
    if kind in ("single", "multiple"):
        if len(options) < 2 or any(not o for o in options):
            raise RuleError("选择题至少要有 2 个选项，且选项之间不能留空。", "bank.options")
        try:
            letters = _letters(answer, len(options))
        except RuleError:
            raise RuleError(f"答案应为选项字母（A–{LETTERS[len(options) - 1]}）。", "bank.answer") from None
        if kind == "single" and len(letters) != 1:
            raise RuleError("单选题的答案只能有一个字母。", "bank.answer")
        if kind == "multiple" and len(letters) < 2:
            raise RuleError("多选题的答案至少要有两个字母。", "bank.answer")
        answer = "".join(LETTERS[i] for i in letters)
    elif kind == "true_false":
        mapped = {"对": "对", "错": "错", "正确": "对", "错误": "错", "√": "对", "×": "错", "A": "对", "B": "错"}
        if answer.upper() not in mapped:
            raise RuleError("判断题的答案应为“对”或“错”。", "bank.answer")
        answer, options = mapped[answer.upper()], []
    else:
        options = []
    return {"kind": kind, "category": category, "text": text, "options": options, "answer": answer,
            "points": int(points_raw)}
