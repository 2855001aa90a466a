"""/api/v1/congress/: the delegate's phone and the chair (the contract external clients and load tests use).

Every path takes the bearer token from POST /api/v1/auth/token (or the browser session with CSRF).
"""

from typing import Annotated, Literal

from ninja import Field, Router, Schema
from ninja.responses import Status

from niangjia.congress import selectors, selectors_proposals, services, services_proposals
from niangjia.core.errors import NotFound

router = Router(tags=["congress"])


class CongressSittingOut(Schema):
    id: int
    title: str
    delegates_total: int
    present: int
    quorum: int


class CongressPresentOut(Schema):
    present: int


class CongressMotionIn(Schema):
    title: str
    kind: Literal["resolution", "election", "contract"]
    secret: bool = False
    seats: int | None = Field(None, ge=1, le=100, description="elections: number of seats (应选人数)")
    candidates: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=100,
                                  description="elections: candidate names, more than the seats (差额选举)")


class CongressIdOut(Schema):
    id: int


class CongressBallotIn(Schema):
    choice: Literal["yes", "no", "abstain"] | None = Field(None, description="resolutions and contracts")
    candidates: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=100, description="elections: ids of the marked candidates, at most the seats")
    write_ins: list[Annotated[str, Field(max_length=60)]] = Field(
        default_factory=list, max_length=100,
        description="elections: names of union members written in (另选他人); with the marks, at most the seats")
    for_delegate: int | None = Field(None, ge=1, le=2**31 - 1,
                                     description="the grantor's delegate id when voting as a proxy holder")


class CongressBallotOut(Schema):
    motion_id: int
    accepted: bool


class CongressMotionOut(Schema):
    id: int
    status: str


class CongressCandidateOut(Schema):
    id: int
    name: str
    votes: int
    elected: bool | None
    write_in: bool = False


class CongressResultOut(Schema):
    delegates_total: int
    present: int
    yes: int
    no: int
    abstain: int
    not_voted: int
    quorate: bool
    passed: bool
    explanation: list[str]
    final: bool
    candidates: list[CongressCandidateOut] = []


@router.get("/sittings/current", response=CongressSittingOut, summary="代表当前参加的会议")
def current_sitting(request):
    sitting = selectors.current_sitting_for(request.user)
    if sitting is None:
        raise NotFound("您当前没有正在进行的职代会会议。")
    return selectors.sitting_summary(sitting)


@router.post("/sittings/{sitting_id}/check-in", response=CongressPresentOut, summary="代表签到（重复签到不变）")
def check_in(request, sitting_id: int):
    return {"present": services.check_in(actor=request.user, sitting_id=sitting_id)}


@router.post("/sittings/{sitting_id}/motions", response={201: CongressIdOut}, summary="主持人新建议题")
def create_motion(request, sitting_id: int, payload: CongressMotionIn):
    motion = services.create_motion(actor=request.user, sitting_id=sitting_id, title=payload.title,
                                    kind=payload.kind, secret=payload.secret, seats=payload.seats,
                                    candidates=payload.candidates)
    return Status(201, {"id": motion.pk})


@router.post("/motions/{motion_id}/open", response=CongressMotionOut, summary="开始表决（须达到法定人数）")
def open_motion(request, motion_id: int):
    motion = services.open_motion(actor=request.user, motion_id=motion_id)
    return {"id": motion.pk, "status": motion.status}


@router.post("/motions/{motion_id}/close", response=CongressMotionOut, summary="结束表决并计票")
def close_motion(request, motion_id: int):
    motion = services.close_motion(actor=request.user, motion_id=motion_id)
    return {"id": motion.pk, "status": motion.status}


@router.post("/motions/{motion_id}/ballots", response={201: CongressBallotOut}, summary="投票（每人每议题一票）")
def cast_ballot(request, motion_id: int, payload: CongressBallotIn):
    services.cast_ballot(actor=request.user, motion_id=motion_id, choice=payload.choice or "",
                         candidates=payload.candidates, for_delegate=payload.for_delegate,
                         write_ins=payload.write_ins)
    return Status(201, {"motion_id": motion_id, "accepted": True})


@router.get("/motions/{motion_id}/result", response=CongressResultOut, summary="表决结果（结束后为最终结果）")
def motion_result(request, motion_id: int):
    return selectors.motion_result(selectors.access_motion(actor=request.user, motion_id=motion_id))


# --- proposals (提案) from the delegate's phone: the same services as the pages, nothing decided here -------------

class CongressProposalIn(Schema):
    congress_id: int = Field(ge=1, le=2**31 - 1)
    title: str = Field(max_length=120, description="案由")
    reason: str = Field(max_length=3000, description="理由")
    measures: str = Field(max_length=3000, description="建议措施")


class CongressRatingIn(Schema):
    rating: Literal["satisfied", "mostly", "unsatisfied"] = Field(description="满意 / 基本满意 / 不满意")


class CongressProposalOut(Schema):
    id: int
    congress_id: int
    number: int
    title: str
    status: str
    status_label: str
    seconders: int
    seconded_by_me: bool
    mine: bool
    reply: str
    reply_due: str | None
    rating: str


class CongressProposalListOut(Schema):
    mine: list[CongressProposalOut]
    seeking: list[CongressProposalOut]


class CongressSecondOut(Schema):
    proposal_id: int
    seconders: int


def _proposal_out(p, *, seconders: int, seconded: bool, mine: bool) -> dict:
    return {"id": p.pk, "congress_id": p.congress_id, "number": p.number, "title": p.title, "status": p.status,
            "status_label": str(p.get_status_display()), "seconders": seconders, "seconded_by_me": seconded,
            "mine": mine, "reply": p.reply if mine else "",
            "reply_due": p.reply_due.isoformat() if p.reply_due else None, "rating": p.rating}


def _one(request, proposal_id: int) -> dict:
    p = selectors_proposals.access_proposal(actor=request.user, proposal_id=proposal_id)
    mine = selectors_proposals.is_proposer(request.user, p)
    return _proposal_out(p, seconders=selectors_proposals.seconder_count(p),
                         seconded=selectors_proposals.has_seconded(request.user, p), mine=mine)


@router.get("/proposals", response=CongressProposalListOut, summary="我的提案和征集附议中的提案")
def list_proposals(request):
    data = selectors_proposals.proposals_for_delegate(request.user)
    return {"mine": [_proposal_out(p, seconders=p.n_seconders, seconded=False, mine=True) for p in data["mine"]],
            "seeking": [_proposal_out(p, seconders=p.n_seconders, seconded=p.pk in data["seconded"], mine=False)
                        for p in data["seeking"]]}


@router.post("/proposals", response={201: CongressProposalOut}, summary="代表起草提案（征集附议）")
def create_proposal(request, payload: CongressProposalIn):
    p = services_proposals.create_proposal(actor=request.user, congress_id=payload.congress_id, title=payload.title,
                                           reason=payload.reason, measures=payload.measures)
    return Status(201, _one(request, p.pk))


@router.get("/proposals/{proposal_id}", response=CongressProposalOut, summary="一件提案")
def get_proposal(request, proposal_id: int):
    return _one(request, proposal_id)


@router.post("/proposals/{proposal_id}/second", response=CongressSecondOut, summary="附议")
def second_proposal(request, proposal_id: int):
    selectors_proposals.access_proposal(actor=request.user, proposal_id=proposal_id)
    n = services_proposals.second(actor=request.user, proposal_id=proposal_id)
    return {"proposal_id": proposal_id, "seconders": n}


@router.post("/proposals/{proposal_id}/submit", response=CongressProposalOut, summary="提交提案（须至少 2 名代表附议）")
def submit_proposal(request, proposal_id: int):
    selectors_proposals.access_proposal(actor=request.user, proposal_id=proposal_id)
    services_proposals.submit(actor=request.user, proposal_id=proposal_id)
    return _one(request, proposal_id)


@router.post("/proposals/{proposal_id}/rating", response=CongressProposalOut, summary="评价答复（满意/基本满意/不满意）")
def rate_proposal(request, proposal_id: int, payload: CongressRatingIn):
    selectors_proposals.access_proposal(actor=request.user, proposal_id=proposal_id)
    services_proposals.rate(actor=request.user, proposal_id=proposal_id, rating=payload.rating)
    return _one(request, proposal_id)
