"""Rights endpoints under /api/v1/rights/: signed call events, knowledge-base search, cases, slots."""

import datetime as dt
import json

from django.core.paginator import Paginator
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from niangjia.core.errors import Invalid
from niangjia.core.throttling import ClientThrottle
from niangjia.rights import search, selectors
from niangjia.rights.services import appointments, calls, cases

router = Router(tags=["rights"])


# --- call events (telephone system webhook) -------------------------------------------------------


class CallEventOut(Schema):
    call_event_id: int
    case_id: int
    case_number: str
    staff_id: int | None


@router.post("/call-events", auth=None, response={200: CallEventOut},
             summary="Incoming call from the telephone system (HMAC-SHA256 signed)",
             description="Headers: X-Niangjia-Timestamp (unix seconds, ±300 s), X-Niangjia-Nonce (unique), "
                         "X-Niangjia-Signature = hex HMAC-SHA256(key, timestamp + '.' + nonce + '.' + body). "
                         "Body: {\"call_id\": str, \"event\": \"incoming\", \"caller\": \"138…\"}.")
def call_event(request):
    body = request.body
    calls.verify(body, timestamp=request.headers.get("X-Niangjia-Timestamp"),
                 nonce=request.headers.get("X-Niangjia-Nonce"),
                 signature=request.headers.get("X-Niangjia-Signature"))
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise Invalid("请求内容不是合法的 JSON。", code="rights.call_event_json") from None
    caller = str(data.get("caller") or "").strip()
    call_id = str(data.get("call_id") or "").strip()
    if not caller or not call_id:
        raise Invalid("缺少 caller 或 call_id。", code="rights.call_event_fields")
    event = calls.incoming_call(call_id=call_id, caller_phone=caller, event=str(data.get("event") or "incoming"))
    return {"call_event_id": event.pk, "case_id": event.case_id, "case_number": event.case.number,
            "staff_id": event.staff_id}


# --- knowledge base -------------------------------------------------------------------------------


class KbHit(Schema):
    id: int
    title: str
    summary: str
    score: float


class KbHelp(Schema):
    message: str
    action: str
    url: str


class KbResults(Schema):
    results: list[KbHit]
    help: KbHelp | None = None  # set when nothing was found: offer to ask the union directly


@router.get("/kb/search", auth=None, throttle=[ClientThrottle("public")], response=KbResults, summary="Search the knowledge base (public)")
def kb_search(request, q: str = Query("", max_length=200), limit: int = Query(3, ge=1, le=20)):
    results = search.search(q, limit=limit)
    if results:
        return {"results": results}
    return {"results": [], "help": {"message": "没有找到相关解答，请直接向我们求助。", "action": "向我们求助",
                                    "url": reverse("rights:ask")}}


# --- cases ----------------------------------------------------------------------------------------


class CaseIn(Schema):
    category: str
    description: str
    preferred_contact: str = "online"
    employer_name: str = ""


class CaseOut(Schema):
    id: int
    number: str
    category: str
    channel: str
    title: str
    status: str
    status_label: str
    assignee_id: int | None
    created_at: dt.datetime
    first_response_due: dt.date
    resolution_due: dt.date
    rating: int | None


class CaseDetail(CaseOut):
    description: str
    events: list[dict]


class CasePage(Schema):
    count: int
    page: int
    results: list[CaseOut]


class ActionIn(Schema):
    action: str = Field(description="start / resolve / close / reopen")
    note: str = ""


class AssignIn(Schema):
    assignee_id: int
    note: str = ""


class ReplyIn(Schema):
    text: str


class RateIn(Schema):
    rating: int
    comment: str = ""


def _detail(case) -> dict:
    out = CaseOut.from_orm(case).dict()
    out["description"] = case.description
    out["events"] = [{"kind": e.kind, "from": e.from_status, "to": e.to_status, "note": e.note,
                      "at": e.created_at.isoformat()} for e in selectors.case_timeline(case)]
    return out


@router.get("/cases", response=CasePage, summary="Cases visible to me (own, assigned, or staff scope)")
def list_cases(request, page: int = 1, status: str = ""):
    qs = selectors.staff_queue(actor=request.user, status=status) if selectors.scoping.has_role(
        request.user) else selectors.my_cases(request.user, status=status)
    p = Paginator(qs, 50).get_page(page)
    return {"count": p.paginator.count, "page": p.number, "results": list(p.object_list)}


@router.post("/cases", response={201: CaseDetail}, summary="A worker opens a case")
def open_case(request, payload: CaseIn):
    case = cases.open_online_case(request.user, category=payload.category, description=payload.description,
                                  preferred_contact=payload.preferred_contact,
                                  employer_name=payload.employer_name)
    return Status(201, _detail(case))


@router.get("/cases/{case_id}", response=CaseDetail)
def get_case(request, case_id: int):
    return _detail(selectors.access_case(actor=request.user, case_id=case_id))


@router.post("/cases/{case_id}/actions", response=CaseDetail)
def case_action(request, case_id: int, payload: ActionIn):
    return _detail(cases.act(request.user, case_id=case_id, action=payload.action, note=payload.note))


@router.post("/cases/{case_id}/assign", response=CaseDetail)
def case_assign(request, case_id: int, payload: AssignIn):
    return _detail(cases.assign(request.user, case_id=case_id, assignee_id=payload.assignee_id,
                                note=payload.note))


@router.post("/cases/{case_id}/reply", response=CaseDetail)
def case_reply(request, case_id: int, payload: ReplyIn):
    cases.reply(request.user, case_id=case_id, text=payload.text)
    return _detail(selectors.access_case(actor=request.user, case_id=case_id))


@router.post("/cases/{case_id}/rate", response=CaseDetail)
def case_rate(request, case_id: int, payload: RateIn):
    return _detail(cases.rate(request.user, case_id=case_id, rating=payload.rating, comment=payload.comment))


# --- appointments ---------------------------------------------------------------------------------


class SlotOut(Schema):
    id: int
    counsellor: str
    kind: str
    starts_at: dt.datetime
    minutes: int
    mode: str


@router.get("/slots", response=list[SlotOut])
def list_slots(request, kind: str = ""):
    return [{"id": s.pk, "counsellor": s.counsellor.display_name, "kind": s.counsellor.kind,
             "starts_at": s.starts_at, "minutes": s.minutes, "mode": s.mode}
            for s in selectors.open_slots(kind=kind)[:100]]


class BookIn(Schema):
    topic: str = ""


class AppointmentOut(Schema):
    id: int
    slot_id: int


@router.post("/slots/{slot_id}/book", response={201: AppointmentOut})
def book_slot(request, slot_id: int, payload: BookIn):
    appt = appointments.book(request.user, slot_id=slot_id, topic=payload.topic)
    return Status(201, {"id": appt.pk, "slot_id": appt.slot_id})
