"""Skill contest API (网上练兵), mounted at /api/v1/ (paths /contests… and /attempts…). The phone client and the
load tests depend on these exact shapes (issue 16). Times are ISO 8601 with offset; the deadline comes from the
server and is the only clock that counts."""

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status

from niangjia.training import selectors_contests as selectors
from niangjia.training import services_contests as services

router = Router(tags=["网上练兵"])


class ContestIn(Schema):
    title: str
    question_count: int
    time_limit_seconds: int
    bank_id: int | None = None
    org_id: int | None = None
    max_attempts_per_person: int = 1
    max_attempts_total: int | None = None
    closes_at: dt.datetime | None = None
    certificate_top_n: int = 3


class ContestCreatedOut(Schema):
    id: int


@router.post("/contests", response={201: ContestCreatedOut}, summary="新建竞赛（工作人员；默认从示范题库抽题）")
def create_contest(request, payload: ContestIn):
    contest = services.create_contest(actor=request.auth, **payload.dict())
    return Status(201, ContestCreatedOut(id=contest.pk))


class ContestListOut(Schema):
    id: int
    title: str
    union: str
    question_count: int
    time_limit_seconds: int
    attempts_allowed: int
    attempts_used: int
    closes_at: dt.datetime | None


@router.get("/contests", response=list[ContestListOut], summary="我可以参加的竞赛")
def list_contests(request):
    return [ContestListOut(id=c.pk, title=c.title, union=c.org.name, question_count=c.question_count,
                           time_limit_seconds=c.time_limit_seconds, attempts_allowed=c.max_attempts_per_person,
                           attempts_used=c.used, closes_at=c.closes_at)
            for c in selectors.contests_for_member(actor=request.auth)]


class ContestQuestionOut(Schema):
    id: int
    text: str
    options: list[str]
    kind: str


class AttemptOut(Schema):
    attempt_id: int
    deadline: dt.datetime
    questions: list[ContestQuestionOut]


def _questions(attempt) -> list[ContestQuestionOut]:
    return [ContestQuestionOut(id=q["id"], text=q["text"], options=q["options"], kind=q["kind"])
            for q in selectors.paper(attempt, with_answers=False, fresh=False)]


@router.post("/contests/{contest_id}/attempts", response=AttemptOut,
             summary="开始答题（幂等：进行中的答卷原样返回）")
def start_attempt(request, contest_id: int):
    attempt = services.start_attempt(actor=request.auth, contest_id=contest_id)
    return AttemptOut(attempt_id=attempt.pk, deadline=attempt.deadline, questions=_questions(attempt))


class AttemptStateOut(Schema):
    attempt_id: int
    status: Literal["in_progress", "finished"]
    deadline: dt.datetime
    seconds_left: int
    finished_at: dt.datetime | None
    score: int | None
    max_score: int | None
    answers: dict[str, str]
    questions: list[ContestQuestionOut]


@router.get("/attempts/{attempt_id}", response=AttemptStateOut, summary="答卷状态（超时的答卷在此自动交卷）")
def attempt_state(request, attempt_id: int):
    attempt = services.open_attempt(actor=request.auth, attempt_id=attempt_id)
    questions = selectors.paper(attempt)
    finished = attempt.status == "finished"
    return AttemptStateOut(
        attempt_id=attempt.pk, status=attempt.status, deadline=attempt.deadline,
        seconds_left=0 if finished else selectors.seconds_left(attempt),
        finished_at=attempt.finished_at, score=attempt.score, max_score=attempt.max_score if finished else None,
        answers={str(q["id"]): q["answer"] for q in questions if q["answer"]},
        questions=[ContestQuestionOut(id=q["id"], text=q["text"], options=q["options"], kind=q["kind"])
                   for q in questions])


class ContestAnswerIn(Schema):
    answer: str | list[str]


class ContestAnswerOut(Schema):
    question_id: int
    answer: str
    saved_at: dt.datetime


@router.put("/attempts/{attempt_id}/answers/{question_id}", response=ContestAnswerOut,
            summary="保存一题答案（自动保存，可重复提交；超过截止时间 5 秒后返回 409 time_up）")
def save_answer(request, attempt_id: int, question_id: int, payload: ContestAnswerIn):
    saved = services.save_answer(actor=request.auth, attempt_id=attempt_id, question_id=question_id,
                                 answer=payload.answer)
    raw = payload.answer if isinstance(payload.answer, str) else "".join(payload.answer)
    return ContestAnswerOut(question_id=question_id, answer=raw.strip(), saved_at=saved.saved_at)


class SubmitOut(Schema):
    score: int
    finished_at: dt.datetime
    max_score: int
    status: str


@router.post("/attempts/{attempt_id}/submit", response=SubmitOut, summary="交卷（可重复调用，返回同一成绩）")
def submit(request, attempt_id: int):
    attempt = services.submit_attempt(actor=request.auth, attempt_id=attempt_id)
    return SubmitOut(score=attempt.score, finished_at=attempt.finished_at, max_score=attempt.max_score,
                     status=attempt.status)


class ContestEventIn(Schema):
    kind: Literal["copy", "paste", "tab"]


class OkOut(Schema):
    ok: bool


@router.post("/attempts/{attempt_id}/events", response=OkOut, summary="记录复制粘贴或切出页面（仅供工作人员查看，不拦截）")
def record_event(request, attempt_id: int, payload: ContestEventIn):
    services.record_event(actor=request.auth, attempt_id=attempt_id, kind=payload.kind)
    return OkOut(ok=True)


class LeaderRowOut(Schema):
    rank: int
    name: str
    union: str
    score: int
    seconds: int


@router.get("/contests/{contest_id}/leaderboard", response=list[LeaderRowOut],
            summary="排行榜（本人所在工会以上；按得分、用时排名）")
def leaderboard(request, contest_id: int, limit: int = 50):
    contest = selectors.contest_for_member(actor=request.auth, contest_id=contest_id)
    return [LeaderRowOut(rank=r["rank"], name=r["name"], union=r["union"], score=r["score"], seconds=r["seconds"])
            for r in selectors.leaderboard(contest=contest, limit=max(1, min(limit, 200)))]
