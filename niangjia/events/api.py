"""Events API, mounted at /api/v1/events/. The phone client and the load tests use the registration paths exactly
as issue 17 gives them: POST {id}/registrations, GET {id}, DELETE {id}/registrations/mine, POST (staff)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Router, Schema, Status

from niangjia.core.api_types import Yuan
from niangjia.core.errors import NotFound
from niangjia.events import selectors, services, services_checkin

router = Router(tags=["活动报名"])
# Mounted at the API root so that the contract's paths hold exactly: POST /api/v1/events (no trailing slash).
ROUTERS = [("/", router)]


class EventsCreateIn(Schema):
    title: str
    kind: Literal["recuperation", "matchmaking", "lecture", "volunteering"]
    capacity: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    registration_closes_at: dt.datetime
    registration_opens_at: dt.datetime | None = None
    org_id: int | None = None
    audience_org_id: int | None = None
    place: str = ""
    description: str = ""
    cross_province: bool = False
    cost_per_day: Yuan | None = None
    priority: Literal["", "frontline", "model_worker", "female", "young"] = ""
    priority_share: Decimal | None = None
    offer_hours: int = 24
    lottery: bool = False


class EventsIdOut(Schema):
    id: int


class EventsCountsOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    registration_closes_at: dt.datetime
    capacity: int
    confirmed: int
    waitlisted: int
    offered: int


class EventsRegistrationOut(Schema):
    status: str
    position: int | None


class EventsMineOut(Schema):
    status: str
    position: int | None
    offer_expires_at: dt.datetime | None
    ticket: str | None


class EventsScanIn(Schema):
    scan_id: str
    ticket: str
    scanned_at: dt.datetime | None = None


class EventsSyncIn(Schema):
    device: str
    scans: list[EventsScanIn]


class EventsScanOut(Schema):
    scan_id: str
    outcome: str


@router.post("/events", response={201: EventsIdOut}, summary="新建活动（工作人员，范围内）")
def create(request, payload: EventsCreateIn):
    event = services.create_event(request.auth, **payload.dict())
    return Status(201, {"id": event.pk})


@router.get("/events", response=list[EventsCountsOut], summary="我可以报名的活动")
def list_open(request):
    return [_counts(e) for e in selectors.events_for_member(user=request.auth)[:100]]


def _counts(event) -> dict:
    return {"id": event.pk, "title": event.title, "kind": event.kind, "starts_at": event.starts_at,
            "ends_at": event.ends_at, "registration_closes_at": event.registration_closes_at,
            **selectors.counts(event=event)}


@router.get("/events/{event_id}", response=EventsCountsOut, summary="活动名额：总数、已确认、候补")
def detail(request, event_id: int):
    return _counts(selectors.event_for_reader(user=request.auth, event_id=event_id))


@router.post("/events/{event_id}/registrations", response={201: EventsRegistrationOut},
             summary="报名（会员）：名额内为 confirmed，已满为 waitlisted 并给出候补位次")
def register(request, event_id: int):
    registration = services.register(request.auth, event_id=event_id)
    return Status(201, {"status": registration.status, "position": services.waiting_rank(registration)})


@router.get("/events/{event_id}/registrations/mine", response=EventsMineOut, summary="我的报名、候补位次、入场码")
def mine(request, event_id: int):
    event = selectors.event_for_reader(user=request.auth, event_id=event_id)
    registration = selectors.my_registration(user=request.auth, event=event)
    if registration is None:
        raise NotFound("您没有报名这个活动。")
    offer = next((o for o in registration.offers.all() if o.status == "open"), None)
    return {"status": registration.status, "position": services.waiting_rank(registration),
            "offer_expires_at": offer.expires_at if offer else None,
            "ticket": services_checkin.ticket_for(registration) if registration.status == "confirmed" else None}


@router.delete("/events/{event_id}/registrations/mine", response=EventsRegistrationOut,
               summary="取消报名：空出的名额依次递补给候补的人")
def cancel(request, event_id: int):
    registration = services.cancel_mine(request.auth, event_id=event_id)
    return {"status": registration.status, "position": None}


@router.post("/events/{event_id}/offer", response=EventsRegistrationOut, summary="确认或放弃为我保留的递补名额")
def answer_offer(request, event_id: int, accept: bool = True):
    registration = services.answer_offer(request.auth, event_id=event_id, accept=accept)
    return {"status": registration.status, "position": None}


@router.post("/events/{event_id}/scans", response=list[EventsScanOut],
             summary="同步扫码签到（工作人员，可离线排队后批量上传；同一扫码编号只算一次）")
def scans(request, event_id: int, payload: EventsSyncIn):
    selectors.event_for_staff(actor=request.auth, event_id=event_id)
    done = services_checkin.sync_scans(request.auth, device=payload.device, event_id=event_id,
                                       scans=[s.dict() for s in payload.scans])
    return [{"scan_id": s.scan_id, "outcome": s.outcome} for s in done]
