"""/api/v1/bargaining/: collective wage bargaining for union staff (every stage with its statutory deadline)
and for members (their union's negotiations, the agreement, opinions).

Bearer token from POST /api/v1/auth/token (or the browser session with CSRF). Errors are
`{code, message, details}` with a Chinese message; creations answer 201.
"""

import datetime as dt
from typing import Literal

from django.core.paginator import Paginator
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from niangjia.bargaining import rules, selectors, services
from niangjia.core.api_types import Yuan

router = Router(tags=["工资集体协商"])

Side = Literal["union", "employer"]


class BargainingIdOut(Schema):
    id: int


class BargainingNegotiationIn(Schema):
    org_id: int
    title: str
    year: int
    from_side: Side
    content: str
    received_on: dt.date | None = None  # the employer's own proposal reaches the union the day it is sent
    workers_covered: int = 0


class BargainingStartOut(Schema):
    id: int
    reply_due: dt.date


class BargainingRowOut(Schema):
    id: int
    title: str
    org_name: str
    year: int
    stage: str
    stage_label: str
    reply_due: dt.date | None
    workers_covered: int


class BargainingPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[BargainingRowOut]


class BargainingDeadlineOut(Schema):
    key: str
    label: str
    due: dt.date
    state: str


class BargainingStageOut(Schema):
    id: int
    stage: str
    stage_label: str
    deadlines: list[BargainingDeadlineOut]


class BargainingAnswerIn(Schema):
    accepted: bool
    reason: str = ""
    answered_on: dt.date


class BargainingAnswerOut(BargainingStageOut):
    refused_without_reason: bool
    late: bool


class BargainingRepresentativeIn(Schema):
    side: Side
    name: str
    position: str = ""
    is_chief: bool = False


class BargainingRoundIn(Schema):
    held_on: dt.date
    agenda: str


class BargainingRoundOut(Schema):
    id: int
    number: int


class BargainingPieceRateIn(Schema):
    item: str
    yuan: Yuan


class BargainingTermsIn(Schema):
    increase_pct: str | None = None
    minimum_wage: Yuan | None = None
    piece_rate_pct: str | None = None
    special_terms: str = ""
    piece_rates: list[BargainingPieceRateIn] = []


class BargainingPositionIn(BargainingTermsIn):
    side: Side
    round_id: int | None = None


class BargainingPositionOut(Schema):
    id: int
    version: int
    changes: list[str]


class BargainingAgreementIn(BargainingTermsIn):
    title: str
    text: str
    term_start: dt.date
    term_end: dt.date
    workers_covered: int


class BargainingCongressIn(Schema):
    sitting_id: int
    secret: bool = False


class BargainingCongressOut(BargainingStageOut):
    motion_id: int | None
    explanation: list[str]


class BargainingDateIn(Schema):
    on: dt.date


class BargainingSignIn(Schema):
    on: dt.date | None = None
    side: Side | None = None  # None: union staff record both chiefs' paper signatures at once


class BargainingSignOut(BargainingStageOut):
    union_signed_on: dt.date | None
    employer_signed_on: dt.date | None
    filing_due: dt.date | None


class BargainingMinutesSignOut(Schema):
    id: int
    number: int
    union_chief_signed_on: dt.date | None
    employer_chief_signed_on: dt.date | None
    minutes_signed: bool


class BargainingFilingOut(BargainingStageOut):
    objection_end: dt.date
    effective_on: dt.date


class BargainingReasonIn(Schema):
    reason: str


class BargainingAgreementOut(Schema):
    title: str
    increase_pct: str | None
    minimum_wage: str | None
    special_terms: str
    piece_rates: list[dict]
    term_start: dt.date
    term_end: dt.date
    workers_covered: int
    signed_on: dt.date | None
    effective_on: dt.date | None


class BargainingMineOut(Schema):
    id: int
    title: str
    year: int
    stage: str
    stage_label: str
    agreement: BargainingAgreementOut | None


class BargainingOpinionIn(Schema):
    text: str


def _stage(negotiation, **extra) -> dict:
    offer = selectors.offer_of(negotiation)
    agreement = selectors.agreement_of(negotiation)
    return {"id": negotiation.pk, "stage": negotiation.stage,
            "stage_label": rules.STAGE_LABELS.get(negotiation.stage, negotiation.stage),
            "deadlines": selectors.deadlines_of(negotiation, offer, agreement, today=timezone.localdate()), **extra}


def _negotiation(request, negotiation_id: int):
    """Union staff in scope, or the employer's representative of that union (who answers and makes offers)."""
    return selectors.access_negotiation_as_party(actor=request.user, negotiation_id=negotiation_id)[0]


def _terms(payload: BargainingTermsIn) -> rules.WageTerms:
    return services.parse_terms(increase_pct=payload.increase_pct, minimum_wage=payload.minimum_wage,
                                piece_rate_pct=payload.piece_rate_pct, special_terms=payload.special_terms,
                                piece_rates=[{"item": r.item, "yuan": r.yuan} for r in payload.piece_rates])


@router.get("/negotiations", response=BargainingPageOut, summary="集体协商列表（工作人员，所辖范围）")
def negotiation_list(request, stage: str = "", page: int = 1, page_size: int = 20):
    page_size = max(1, min(page_size, 100))
    current = Paginator(selectors.negotiations_for_staff(actor=request.user, stage=stage),
                        page_size).get_page(page)
    return {"count": current.paginator.count, "page": current.number, "page_size": page_size,
            "items": [{"id": n.pk, "title": n.title, "org_name": n.org.name, "year": n.year, "stage": n.stage,
                       "stage_label": rules.STAGE_LABELS.get(n.stage, n.stage),
                       "reply_due": getattr(getattr(n, "offer", None), "reply_due", None),
                       "workers_covered": n.workers_covered} for n in current.object_list]}


@router.post("/negotiations", response={201: BargainingStartOut}, summary="登记要约，开始一项集体协商")
def negotiation_start(request, payload: BargainingNegotiationIn):
    n = services.start_negotiation(actor=request.user, org_id=payload.org_id, title=payload.title, year=payload.year,
                                   from_side=payload.from_side, content=payload.content,
                                   received_on=payload.received_on, workers_covered=payload.workers_covered)
    return Status(201, {"id": n.pk, "reply_due": selectors.offer_of(n).reply_due})


@router.get("/negotiations/{negotiation_id}", response=BargainingStageOut, summary="协商阶段与法定期限")
def negotiation_detail(request, negotiation_id: int):
    return _stage(_negotiation(request, negotiation_id))


@router.post("/negotiations/{negotiation_id}/answer", response=BargainingAnswerOut, summary="记录对要约的书面回应")
def negotiation_answer(request, negotiation_id: int, payload: BargainingAnswerIn):
    offer = services.answer_offer(actor=request.user, negotiation_id=negotiation_id, accepted=payload.accepted,
                                  reason=payload.reason, answered_on=payload.answered_on)
    return _stage(_negotiation(request, negotiation_id), refused_without_reason=offer.refused_without_reason,
                  late=offer.answered_on > offer.reply_due)


@router.post("/negotiations/{negotiation_id}/representatives", response={201: BargainingIdOut},
             summary="增加协商代表")
def representative_add(request, negotiation_id: int, payload: BargainingRepresentativeIn):
    rep = services.add_representative(actor=request.user, negotiation_id=negotiation_id, side=payload.side,
                                      name=payload.name, position=payload.position, is_chief=payload.is_chief)
    return Status(201, {"id": rep.pk})


@router.post("/negotiations/{negotiation_id}/talks", response=BargainingStageOut, summary="开始协商（双方代表须合规）")
def talks_start(request, negotiation_id: int):
    return _stage(services.start_talks(actor=request.user, negotiation_id=negotiation_id))


@router.post("/negotiations/{negotiation_id}/rounds", response={201: BargainingRoundOut}, summary="新增一轮协商")
def round_add(request, negotiation_id: int, payload: BargainingRoundIn):
    rnd = services.add_round(actor=request.user, negotiation_id=negotiation_id, held_on=payload.held_on,
                             agenda=payload.agenda)
    return Status(201, {"id": rnd.pk, "number": rnd.number})


@router.post("/negotiations/{negotiation_id}/positions", response={201: BargainingPositionOut},
             summary="提出一方的工资方案（新版本，与上一版比较）")
def position_add(request, negotiation_id: int, payload: BargainingPositionIn):
    position = services.add_position(actor=request.user, negotiation_id=negotiation_id, side=payload.side,
                                     terms=_terms(payload), round_id=payload.round_id)
    return Status(201, {"id": position.pk, "version": position.version,
                        "changes": [rules.describe_change(c) for c in position.changes]})


@router.post("/negotiations/{negotiation_id}/agreement", response={201: BargainingIdOut}, summary="形成合同草案")
def agreement_draft(request, negotiation_id: int, payload: BargainingAgreementIn):
    agreement = services.draft_agreement(actor=request.user, negotiation_id=negotiation_id, title=payload.title,
                                         text=payload.text, terms=_terms(payload), term_start=payload.term_start,
                                         term_end=payload.term_end, workers_covered=payload.workers_covered)
    return Status(201, {"id": agreement.pk})


@router.post("/negotiations/{negotiation_id}/congress", response=BargainingCongressOut,
             summary="提交职代会审议（集体合同草案表决）")
def congress_submit(request, negotiation_id: int, payload: BargainingCongressIn):
    agreement = services.submit_to_congress(actor=request.user, negotiation_id=negotiation_id,
                                            sitting_id=payload.sitting_id, secret=payload.secret)
    return _stage(_negotiation(request, negotiation_id), motion_id=agreement.motion_id, explanation=[])


@router.post("/negotiations/{negotiation_id}/congress-result", response=BargainingCongressOut,
             summary="记录职代会表决结果（表决结束后）")
def congress_result(request, negotiation_id: int):
    agreement = services.record_congress_result(actor=request.user, negotiation_id=negotiation_id)
    return _stage(_negotiation(request, negotiation_id), motion_id=agreement.motion_id,
                  explanation=agreement.vote_explanation)


@router.post("/negotiations/{negotiation_id}/sign", response=BargainingSignOut,
             summary="首席代表签署集体合同（各自登录签字，或工会记录双方纸质签字）")
def agreement_sign(request, negotiation_id: int, payload: BargainingSignIn):
    agreement = services.sign_agreement(actor=request.user, negotiation_id=negotiation_id, signed_on=payload.on,
                                        side=payload.side)
    return _stage(_negotiation(request, negotiation_id), union_signed_on=agreement.union_signed_on,
                  employer_signed_on=agreement.employer_signed_on, filing_due=agreement.filing_due)


@router.post("/rounds/{round_id}/minutes-signature", response=BargainingMinutesSignOut,
             summary="首席代表签署协商纪要（企业方代表签企业方）")
def minutes_sign(request, round_id: int, payload: BargainingSignIn):
    rnd = services.sign_minutes(actor=request.user, round_id=round_id, side=payload.side, signed_on=payload.on)
    return {"id": rnd.pk, "number": rnd.number, "union_chief_signed_on": rnd.union_chief_signed_on,
            "employer_chief_signed_on": rnd.employer_chief_signed_on, "minutes_signed": rnd.minutes_signed}


@router.post("/negotiations/{negotiation_id}/filing", response=BargainingFilingOut,
             summary="报送审查（劳动保障行政部门收到日期）")
def agreement_file(request, negotiation_id: int, payload: BargainingDateIn):
    agreement = services.record_filing(actor=request.user, negotiation_id=negotiation_id, received_on=payload.on)
    return _stage(_negotiation(request, negotiation_id), objection_end=agreement.objection_end,
                  effective_on=agreement.effective_on)


@router.post("/negotiations/{negotiation_id}/objection", response=BargainingStageOut, summary="记录审查异议")
def agreement_objection(request, negotiation_id: int, payload: BargainingReasonIn):
    services.object_to_filing(actor=request.user, negotiation_id=negotiation_id, reason=payload.reason)
    return _stage(_negotiation(request, negotiation_id))


@router.get("/mine", response=list[BargainingMineOut], summary="我所在工会的集体协商（会员）")
def mine(request):
    out = []
    for n in selectors.negotiations_for_member(request.user):
        a = getattr(n, "agreement", None)
        out.append({"id": n.pk, "title": n.title, "year": n.year, "stage": n.stage,
                    "stage_label": rules.STAGE_LABELS.get(n.stage, n.stage),
                    "agreement": None if a is None else {
                        "title": a.title, "increase_pct": None if a.increase_pct is None else str(a.increase_pct),
                        "minimum_wage": None if a.minimum_wage is None else str(a.minimum_wage),
                        "special_terms": a.special_terms, "piece_rates": a.piece_rates, "term_start": a.term_start, "term_end": a.term_end,
                        "workers_covered": a.workers_covered, "signed_on": a.signed_on,
                        "effective_on": a.effective_on if n.stage in ("effective", "expired") else None}})
    return out


@router.post("/negotiations/{negotiation_id}/opinions", response={201: BargainingIdOut}, summary="会员提出意见")
def opinion_add(request, negotiation_id: int, payload: BargainingOpinionIn):
    opinion = services.give_opinion(actor=request.user, negotiation_id=negotiation_id, text=payload.text)
    return Status(201, {"id": opinion.pk})


# --- all workers vote the draft; the workers' request; regional parameters ---------------------------------


class BargainingWorkersVoteIn(Schema):
    workers_total: int
    closes_on: dt.date


class BargainingWorkersCloseIn(Schema):
    paper_yes: int = 0
    paper_no: int = 0
    paper_abstain: int = 0


class BargainingWorkersVoteOut(Schema):
    id: int
    open: bool
    total: int
    present: int
    yes: int
    no: int
    abstain: int
    quorum: int
    majority: int
    quorate: bool | None = None
    passed: bool | None = None
    explanation: list[str] = []


class BargainingBallotIn(Schema):
    choice: Literal["yes", "no", "abstain"]


class BargainingAskOut(Schema):
    year: int
    asks: int
    staff_total: int | None
    threshold: int | None
    denominator: int
    reached: bool


class BargainingRegionParamsIn(Schema):
    org_id: int
    year: int
    minimum_wage: Yuan
    lower_pct: str
    base_pct: str
    upper_pct: str
    ask_denominator: int = 5
    source: str = ""


class BargainingRegionParamsOut(Schema):
    id: int
    version: int


def _workers_vote(negotiation) -> dict:
    view = selectors.workers_vote_view(selectors.workers_vote_of(negotiation))
    if view is None:
        from niangjia.core.errors import NotFound

        raise NotFound("这项协商没有全体职工表决。")
    return {**view, "id": view["vote"].pk}


@router.post("/negotiations/{negotiation_id}/workers-vote", response={201: BargainingWorkersVoteOut},
             summary="合同草案提交全体职工表决（未建立职代会的企业）")
def workers_vote_open(request, negotiation_id: int, payload: BargainingWorkersVoteIn):
    services.open_workers_vote(actor=request.user, negotiation_id=negotiation_id,
                               workers_total=payload.workers_total, closes_on=payload.closes_on)
    return Status(201, _workers_vote(selectors.access_negotiation(actor=request.user, negotiation_id=negotiation_id)))


@router.get("/negotiations/{negotiation_id}/workers-vote", response=BargainingWorkersVoteOut,
            summary="全体职工表决的票数（进行中为实时，结束后为最终结果）")
def workers_vote_get(request, negotiation_id: int):
    return _workers_vote(selectors.access_negotiation(actor=request.user, negotiation_id=negotiation_id))


@router.post("/negotiations/{negotiation_id}/workers-vote/close", response=BargainingWorkersVoteOut,
             summary="结束全体职工表决并计票（可加入纸质票）")
def workers_vote_close(request, negotiation_id: int, payload: BargainingWorkersCloseIn):
    services.close_workers_vote(actor=request.user, negotiation_id=negotiation_id, paper_yes=payload.paper_yes,
                                paper_no=payload.paper_no, paper_abstain=payload.paper_abstain)
    return _workers_vote(selectors.access_negotiation(actor=request.user, negotiation_id=negotiation_id))


@router.post("/negotiations/{negotiation_id}/workers-ballots", response={201: BargainingIdOut},
             summary="职工对合同草案投票（每人一票）")
def workers_ballot(request, negotiation_id: int, payload: BargainingBallotIn):
    ballot = services.cast_worker_ballot(actor=request.user, negotiation_id=negotiation_id, choice=payload.choice)
    return Status(201, {"id": ballot.pk})


@router.post("/asks", response={201: BargainingAskOut}, summary="职工要求工会发起工资集体协商（每人每年一次）")
def ask_add(request):
    return Status(201, services.ask_for_bargaining(actor=request.user))


@router.post("/region-params", response={201: BargainingRegionParamsOut},
             summary="保存地区工资参数（新版本：最低工资标准、工资指导线）")
def region_params_save(request, payload: BargainingRegionParamsIn):
    row = services.save_region_params(actor=request.user, org_id=payload.org_id, year=payload.year,
                                      minimum_wage=payload.minimum_wage, lower_pct=payload.lower_pct,
                                      base_pct=payload.base_pct, upper_pct=payload.upper_pct,
                                      ask_denominator=payload.ask_denominator, source=payload.source)
    return Status(201, {"id": row.pk, "version": row.version})
