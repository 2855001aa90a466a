"""Places by lot (policies §11) and per-union places approved by the workers' congress.

Lottery: during the window every application is put on the list (status waitlisted, its application number as the
position); after registration closes staff draw with a seed they publish (for example the day's lottery number).
The draw order is `rules.draw_order` over the application ids, so anyone can recompute it; the first places go, by
that order, to people a place may be given to (classes and per-union places as in first-come events), the rest keep
their place on the waiting list in draw order.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from niangjia.congress import selectors as congress_selectors
from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.events import rules
from niangjia.events.models import Event, Registration, UnionQuota
from niangjia.events.services import _load


@transaction.atomic
def draw(actor, *, event_id: int, seed: str, now: dt.datetime | None = None) -> list[Registration]:
    now = now or timezone.now()
    event = Event.objects.select_for_update().filter(scoping.scope_q(actor), pk=event_id).first()
    if event is None:
        raise NotFound("没有找到这个活动。")
    if not event.lottery:
        raise Conflict("这个活动按报名先后安排，不抽签。", code="events.not_lottery")
    if event.drawn_at is not None:
        raise Conflict("已经抽过签了，结果已公布。", code="events.drawn")
    if now < event.registration_closes_at:
        raise Conflict("报名截止后才能抽签。", code="events.still_open")
    seed = (seed or "").strip()
    if not seed or len(seed) > 64:
        raise Invalid("请填写公开的抽签种子（例如当天的公开开奖号码），不超过 64 个字符。", code="events.seed")
    applicants = {r.pk: r for r in Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
                  .select_related("org")}
    order = rules.draw_order(list(applicants), event_id=event.pk, seed=seed)
    won: list[Registration] = []
    # Positions are renumbered in draw order; clear them first so the (event, position) uniqueness holds throughout.
    Registration.objects.filter(pk__in=order).update(position=None)
    for position, reg_id in enumerate(order, start=1):
        registration = applicants[reg_id]
        if event.taken < event.capacity and rules.may_take_place(
                _load(event, klass_org=registration.org, now=now), registration.priority):
            registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
            event.taken += 1
            Event.objects.filter(pk=event.pk).update(taken=event.taken)
            won.append(registration)
        registration.position = position
        registration.save(update_fields=["status", "confirmed_at", "position"])
    event.lottery_seed, event.drawn_at = seed, now
    event.waitlist_seq = max(event.waitlist_seq, len(order))
    event.save(update_fields=["lottery_seed", "drawn_at", "waitlist_seq"])
    audit.record(actor, "events.draw", event, org=event.org,
                 summary={"seed": seed, "applicants": len(order), "places": len(won)})
    return won


@transaction.atomic
def quota_from_congress(actor, *, event_id: int, motion_id: int, seats: int) -> UnionQuota:
    """Places for a union as its 职代会 approved them: a passed resolution of that union's congress."""
    event = Event.objects.select_for_update().filter(scoping.scope_q(actor), pk=event_id).first()
    if event is None:
        raise NotFound("没有找到这个活动。")
    motion = congress_selectors.access_motion(actor=actor, motion_id=motion_id)
    if motion.kind != "resolution" or motion.passed is not True:
        raise Invalid("只能依据职代会已通过的决议设置名额。", code="events.motion_not_passed")
    org = motion.sitting.congress.org
    if not org.path.startswith(event.audience_org.path):
        raise Invalid("这个职代会所在的工会不在活动的参加范围内。", code="events.motion_org")
    if seats < 0 or seats > event.capacity:
        raise Invalid("分配给一个工会的名额不能超过总名额。", code="events.quota_seats")
    quota, _ = UnionQuota.objects.update_or_create(
        event=event, org=org, defaults={"seats": seats, "source": "congress", "congress_motion_id": motion.pk})
    audit.record(actor, "events.quota", event, org=event.org,
                 summary={"union": org.name, "seats": seats, "congress_motion": motion.pk})
    return quota
