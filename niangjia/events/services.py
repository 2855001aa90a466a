"""The quota engine: create events, register, cancel, offer freed places onward, accept/decline/expire offers.

Every use case that touches places locks the event row first (select_for_update), so places, the waiting-list
sequence and offers change one request at a time per event; the check constraint on `Event.taken` is the last
guard.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from niangjia.core import audit, notifications, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member, Org
from niangjia.events import rules
from niangjia.events.models import (
    ACTIVE,
    Event,
    PriorityClass,
    RecuperationRule,
    Registration,
    SeatOffer,
    UnionQuota,
)

HELD = ("confirmed", "offered")


def rule_data(rule: RecuperationRule) -> rules.RuleData:
    return rules.RuleData(version=f"{rule.name or rule.region} {rule.version}", once_per_year=rule.once_per_year,
                          cross_province_every_years=rule.cross_province_every_years,
                          max_days_in_province=rule.max_days_in_province,
                          max_days_cross_province=rule.max_days_cross_province,
                          max_cost_per_day=rule.max_cost_per_day, max_cost_per_trip=rule.max_cost_per_trip)


def rule_for_region(region_code: str) -> RecuperationRule | None:
    """The newest rule of the union's province, else the default ("00")."""
    province = (region_code or "")[:2]
    return (RecuperationRule.objects.filter(region=province).order_by("-id").first()
            or RecuperationRule.objects.filter(region="00").order_by("-id").first())


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


@transaction.atomic
def create_event(actor, *, title: str, kind: str, capacity: int, starts_at: dt.datetime, ends_at: dt.datetime,
                 registration_closes_at: dt.datetime, org_id: int | None = None, audience_org_id: int | None = None,
                 registration_opens_at: dt.datetime | None = None, description: str = "", place: str = "",
                 cross_province: bool = False, cost_per_day: Decimal | None = None, rule_id: int | None = None,
                 priority: str = "", priority_share: Decimal | None = None, offer_hours: int = 24,
                 lottery: bool = False, now: dt.datetime | None = None) -> Event:
    now = now or timezone.now()
    starts_at, ends_at, registration_closes_at = (
        timezone.make_aware(v) if v is not None and timezone.is_naive(v) else v
        for v in (starts_at, ends_at, registration_closes_at))
    if registration_opens_at is not None and timezone.is_naive(registration_opens_at):
        registration_opens_at = timezone.make_aware(registration_opens_at)
    tops = scoping.top_orgs(actor)
    if not tops:
        raise NotFound("您没有可以组织活动的工会。")
    org = tops[0] if not org_id else Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("没有找到这个工会，或不在您的管辖范围内。")
    audience = org if not audience_org_id else Org.objects.filter(pk=audience_org_id).first()
    if audience is None or not audience.path.startswith(org.path):
        raise Invalid("参加范围只能是主办工会本级或下级工会。", code="events.audience")
    title = (title or "").strip()
    if not title:
        raise Invalid("请填写活动名称。", code="events.title")
    if kind not in Event.Kind.values:
        raise Invalid("活动类型只能是疗休养、交友联谊、讲座或志愿服务。", code="events.kind")
    if capacity < 1 or capacity > 100_000:
        raise Invalid("名额应在 1 到 100000 之间。", code="events.capacity")
    opens = registration_opens_at or now
    if not (opens < registration_closes_at <= starts_at <= ends_at):
        raise Invalid("时间不合理：应为 报名开始 < 报名截止 ≤ 活动开始 ≤ 活动结束。", code="events.times")
    if offer_hours > 168:
        raise Invalid("递补名额的确认时限最多 168 小时（7 天）。", code="events.offer_hours")
    rule = None
    if kind == Event.Kind.RECUPERATION:
        rule = RecuperationRule.objects.filter(pk=rule_id).first() if rule_id else rule_for_region(org.region_code)
        if rule is None:
            raise Invalid("请先录入疗休养规则（天数、费用上限、频次）。", code="events.no_rule")
        problem = rules.trip_problem(rule_data(rule), cross_province=cross_province, start=_local_date(starts_at),
                                     end=_local_date(ends_at), cost_per_day=cost_per_day)
        if problem:
            raise Invalid(problem, code="events.trip_rule")
    if priority and (priority not in rules.PREDICATES or priority_share is None or not priority_share.is_finite()
                     or not (Decimal("0") < priority_share <= Decimal("1"))):
        raise Invalid("优先类别和保留比例（0–100%）填写不完整。", code="events.priority")
    event = Event.objects.create(
        org=org, audience_org=audience, kind=kind, title=title[:120], description=description, place=place,
        cross_province=cross_province, cost_per_day=cost_per_day, starts_at=starts_at, ends_at=ends_at,
        registration_opens_at=opens, registration_closes_at=registration_closes_at, capacity=capacity,
        offer_hours=offer_hours, rule=rule, lottery=lottery, created_by=actor)
    if priority:
        PriorityClass.objects.create(event=event, code=priority, rank=1, reserved_share=priority_share)
    audit.record(actor, "events.create", event, org=org,
                 summary={"title": event.title, "kind": kind, "capacity": capacity})
    return event


@transaction.atomic
def set_union_quota(actor, *, event_id: int, org_id: int, seats: int, source: str = "staff") -> UnionQuota:
    event = _staff_event_for_update(actor, event_id)
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not org.path.startswith(event.audience_org.path):
        raise Invalid("只能给参加范围内的工会分配名额。", code="events.quota_org")
    if seats < 0 or seats > event.capacity:
        raise Invalid("分配给一个工会的名额不能超过总名额。", code="events.quota_seats")
    quota, _ = UnionQuota.objects.update_or_create(event=event, org=org, defaults={"seats": seats, "source": source})
    audit.record(actor, "events.quota", event, org=event.org, summary={"union": org.name, "seats": seats})
    return quota


def _staff_event_for_update(actor, event_id: int) -> Event:
    event = Event.objects.select_for_update().filter(scoping.scope_q(actor), pk=event_id).first()
    if event is None:
        raise NotFound("没有找到这个活动。")
    return event


# --- the engine ------------------------------------------------------------------------------------


def _quota_for(event: Event, member_org: Org | None) -> UnionQuota | None:
    if member_org is None:
        return None
    quotas = [q for q in UnionQuota.objects.filter(event=event).select_related("org")
              if member_org.path.startswith(q.org.path)]
    return max(quotas, key=lambda q: len(q.org.path)) if quotas else None  # the nearest union's quota


_UNSET = object()


def _load(event: Event, *, klass_org: Org | None, now: dt.datetime, classes=None, quota=_UNSET) -> rules.Load:
    """The place count as the rules need it; `classes` and `quota` may be passed in when already read."""
    classes = list(PriorityClass.objects.filter(event=event)) if classes is None else classes
    reserved = {c.code: rules.reserved_seats(event.capacity, c.reserved_share) for c in classes}
    held = {}
    if reserved:
        held = dict(Registration.objects.filter(event=event, status__in=HELD).exclude(priority="")
                    .values_list("priority").annotate(n=Count("id")).values_list("priority", "n"))
    quota = _quota_for(event, klass_org) if quota is _UNSET else quota
    union_taken = 0
    if quota is not None:
        union_taken = Registration.objects.filter(quota.org.subtree_q(prefix="org__"), event=event,
                                                  status__in=HELD).count()
    return rules.Load(capacity=event.capacity, taken=event.taken, reserved=reserved, held_by_class=held,
                      reservations_active=now < event.registration_closes_at,
                      union_quota=quota.seats if quota else None, union_taken=union_taken)


def _person(member: Member | None, *, on: dt.date) -> rules.Person:
    if member is None:
        return rules.Person()
    return rules.Person(frontline=member.frontline, model_worker=member.model_worker, female=member.gender == "F",
                        age=member.age_on(on))


def _membership(user, event: Event) -> Member | None:
    return (Member.objects.select_related("org").filter(event.audience_org.subtree_q(prefix="org__"), user=user,
                                                         status=Member.Status.ACTIVE).first())


def _trip_history(user, event: Event) -> list[rules.PastTrip]:
    rows = (Registration.objects.filter(user=user, event__kind=Event.Kind.RECUPERATION)
            .filter(Q(status__in=ACTIVE) | Q(checked_in_at__isnull=False))
            .exclude(event=event).exclude(event__status=Event.Status.CANCELLED)
            .values_list("event__starts_at", "event__cross_province"))
    return [rules.PastTrip(start=_local_date(s), cross_province=c) for s, c in rows]


def waiting_rank(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.WAITLISTED,
                                       position__lt=registration.position).count() + 1


def register(actor, *, event_id: int, now: dt.datetime | None = None) -> Registration:
    """Checks that read nothing registrations change (membership, window, rules, the person's class) run before the
    event row is locked, so the lock is held only while places are counted and the row written."""
    now = now or timezone.now()
    event = (Event.objects.select_related("org", "audience_org", "rule")
             .filter(pk=event_id, status=Event.Status.OPEN).first())
    if event is None:
        raise NotFound("没有找到这个活动。")
    member = _membership(actor, event)
    if member is None and event.members_only:
        # The same answer for "not a member" and "another district's event": nothing is revealed.
        if not Member.objects.filter(user=actor, status=Member.Status.ACTIVE).exists():
            raise Conflict("只有工会会员可以报名，请先申请入会。", code="ineligible")
        raise Conflict("这个活动只面向主办工会范围内的会员。", code="ineligible")
    problem = rules.window_problem(opens=event.registration_opens_at, closes=event.registration_closes_at,
                                   starts=event.starts_at, now=now)
    if problem:
        raise Conflict(problem, code="ineligible")
    rule_version = ""
    if event.kind == Event.Kind.RECUPERATION and event.rule_id:
        data = rule_data(event.rule)
        problem = rules.person_problem(data, cross_province=event.cross_province,
                                       start=_local_date(event.starts_at), history=_trip_history(actor, event))
        if problem:
            raise Conflict(problem, code="ineligible")
        rule_version = data.version
    classes = list(PriorityClass.objects.filter(event=event))
    klass = rules.matching_class(_person(member, on=_local_date(event.starts_at)), [(c.code, c.rank) for c in classes])
    quota = _quota_for(event, member.org if member else None)
    return _take_place(actor, event_id=event.pk, member=member, klass=klass, classes=classes, quota=quota,
                       rule_version=rule_version, now=now)


@transaction.atomic
def _take_place(actor, *, event_id: int, member: Member | None, klass: str, classes: list, quota,
                rule_version: str, now: dt.datetime) -> Registration:
    event = Event.objects.select_for_update().filter(pk=event_id, status=Event.Status.OPEN).first()
    if event is None:
        raise NotFound("没有找到这个活动。")
    if Registration.objects.filter(event=event, user=actor, status__in=ACTIVE).exists():
        raise Conflict("您已经报过名了，不能重复报名。", code="duplicate")
    load = _load(event, klass_org=None, now=now, classes=classes, quota=quota)
    registration = Registration(event=event, user=actor, org=member.org if member else None, priority=klass,
                                rule_version=rule_version, created_at=now)
    # A lottery takes applications only: places are drawn after the window (services_lottery.draw).
    if not event.lottery and rules.may_take_place(load, klass):
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        event.taken += 1
    else:
        registration.status = Registration.Status.WAITLISTED
        event.waitlist_seq += 1
        registration.position = event.waitlist_seq
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise Conflict("您已经报过名了，不能重复报名。", code="duplicate") from None
    Event.objects.filter(pk=event.pk).update(taken=event.taken, waitlist_seq=event.waitlist_seq)
    audit.record(actor, "events.register", registration, org=event.org,
                 summary={"event": event.title, "status": registration.status, "position": registration.position})
    return registration


def _fill_places(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Offer every free place to the next person in the queue who may take it (the event row is locked)."""
    offered: list[Registration] = []
    if event.lottery and event.drawn_at is None:
        return offered  # before the draw nobody is "next"
    waiting = list(Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
                   .select_related("org").order_by("position"))
    has_quotas = UnionQuota.objects.filter(event=event).exists()
    while event.taken < event.capacity and waiting:
        chosen = None
        load = _load(event, klass_org=None, now=now)
        by_union: dict[int | None, rules.Load] = {}
        for candidate in sorted(waiting, key=lambda r: rules.queue_key(klass=r.priority, position=r.position,
                                                                       load=load)):
            if has_quotas and candidate.org_id not in by_union:
                by_union[candidate.org_id] = _load(event, klass_org=candidate.org, now=now)
            if rules.may_take_place(by_union.get(candidate.org_id, load), candidate.priority):
                chosen = candidate
                break
        if chosen is None:
            break
        waiting.remove(chosen)
        event.taken += 1
        Event.objects.filter(pk=event.pk).update(taken=event.taken)
        if event.offer_hours == 0:
            chosen.status, chosen.confirmed_at = Registration.Status.CONFIRMED, now
            chosen.save(update_fields=["status", "confirmed_at"])
            text = f"您已递补参加“{event.title}”。"
        else:
            expires = min(now + dt.timedelta(hours=event.offer_hours), event.starts_at)
            chosen.status = Registration.Status.OFFERED
            chosen.save(update_fields=["status"])
            SeatOffer.objects.create(registration=chosen, offered_at=now, expires_at=expires)
            text = (f"“{event.title}”有名额空出，为您保留到 "
                    f"{timezone.localtime(expires):%m月%d日 %H:%M}，请在此之前确认参加，逾期名额将递补给下一位。")
        notifications.notify(chosen.user, "events.offer", "活动递补通知", text, link=f"/events/{event.pk}/")
        audit.record(None, "events.offer", chosen, org=event.org,
                     summary={"event": event.title, "position": chosen.position})
        offered.append(chosen)
    return offered


def _release(event: Event, registration: Registration, *, to: str, now: dt.datetime) -> None:
    held = registration.status in HELD
    if registration.status == Registration.Status.OFFERED:
        offer_status = SeatOffer.Status.EXPIRED if to == Registration.Status.EXPIRED else SeatOffer.Status.DECLINED
        SeatOffer.objects.filter(registration=registration, status=SeatOffer.Status.OPEN).update(
            status=offer_status, answered_at=now)
    registration.status = to
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if held:
        event.taken -= 1
        Event.objects.filter(pk=event.pk).update(taken=event.taken)


@transaction.atomic
def cancel_mine(actor, *, event_id: int, now: dt.datetime | None = None) -> Registration:
    now = now or timezone.now()
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    registration = None if event is None else Registration.objects.filter(
        event=event, user=actor, status__in=ACTIVE).first()
    if registration is None:
        raise NotFound("您没有这个活动的报名。")
    if now >= event.starts_at:
        raise Conflict("活动已经开始，不能在线取消，请联系主办工会。", code="events.started")
    _release(event, registration, to=Registration.Status.CANCELLED, now=now)
    audit.record(actor, "events.cancel", registration, org=event.org, summary={"event": event.title})
    _fill_places(event, now=now)
    return registration


def answer_offer(actor, *, event_id: int, accept: bool, now: dt.datetime | None = None) -> Registration:
    registration, expired = _answer_offer(actor, event_id=event_id, accept=accept, now=now or timezone.now())
    if expired:
        # Raised after the commit: the expiry and the offer to the next person must stand.
        raise Conflict("保留的名额已经过期，已递补给下一位。", code="events.offer_expired")
    return registration


@transaction.atomic
def _answer_offer(actor, *, event_id: int, accept: bool, now: dt.datetime) -> tuple[Registration, bool]:
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    registration = None if event is None else Registration.objects.filter(
        event=event, user=actor, status=Registration.Status.OFFERED).first()
    offer = None if registration is None else SeatOffer.objects.filter(
        registration=registration, status=SeatOffer.Status.OPEN).first()
    if offer is None:
        raise NotFound("没有为您保留的名额。")
    if now > offer.expires_at:
        _release(event, registration, to=Registration.Status.EXPIRED, now=now)
        _fill_places(event, now=now)
        return registration, True
    if accept:
        offer.status, offer.answered_at = SeatOffer.Status.ACCEPTED, now
        offer.save(update_fields=["status", "answered_at"])
        registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
        registration.save(update_fields=["status", "confirmed_at"])
    else:
        _release(event, registration, to=Registration.Status.DECLINED, now=now)
        _fill_places(event, now=now)
    audit.record(actor, "events.offer_answer", registration, org=event.org,
                 summary={"event": event.title, "accepted": accept})
    return registration, False


def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Pass on every offer whose time ran out, and places held back for a class once registration closed."""
    now = now or timezone.now()
    done = 0
    event_ids = set(SeatOffer.objects.filter(status=SeatOffer.Status.OPEN, expires_at__lt=now)
                    .values_list("registration__event_id", flat=True))
    event_ids |= set(Event.objects.filter(status=Event.Status.OPEN, registration_closes_at__lte=now,
                                          starts_at__gt=now, registrations__status="waitlisted")
                     .values_list("pk", flat=True))
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            for offer in SeatOffer.objects.select_related("registration").filter(
                    registration__event=event, status=SeatOffer.Status.OPEN, expires_at__lt=now):
                _release(event, offer.registration, to=Registration.Status.EXPIRED, now=now)
                done += 1
            if now < event.starts_at:
                _fill_places(event, now=now)
    return done
