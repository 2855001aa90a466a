"""Matchmaking (contacts revealed only on a mutual choice; deleted after the event) and volunteer hours
(reported by the volunteer or recorded by staff, confirmed by staff; yearly totals and a certificate)."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.events import rules
from niangjia.events.models import Event, MatchChoice, MatchProfile, Registration, VolunteerHours

MAX_CHOICES = 5
MATCH_DATA_DAYS = 30


def _my_confirmed(actor, event_id: int, kind: str) -> Registration:
    registration = (Registration.objects.select_related("event")
                    .filter(event_id=event_id, event__kind=kind, user=actor,
                            status=Registration.Status.CONFIRMED).first())
    if registration is None:
        raise NotFound("您没有这个活动的有效报名。")
    return registration


@transaction.atomic
def set_match_profile(actor, *, event_id: int, nickname: str, intro: str = "") -> MatchProfile:
    registration = _my_confirmed(actor, event_id, Event.Kind.MATCHMAKING)
    nickname = (nickname or "").strip()
    if not nickname or len(nickname) > 20:
        raise Invalid("请填写 1 到 20 个字的昵称（不要填写手机号等联系方式）。", code="events.nickname")
    if any(ch.isdigit() for ch in nickname) and sum(ch.isdigit() for ch in nickname) >= 5:
        raise Invalid("昵称里不能有联系方式。", code="events.nickname")
    profile, _ = MatchProfile.objects.update_or_create(registration=registration,
                                                       defaults={"nickname": nickname, "intro": (intro or "")[:200]})
    return profile


@transaction.atomic
def choose(actor, *, event_id: int, profile_id: int) -> bool:
    """Returns True when the choice is mutual (then both see each other's contact)."""
    mine = _my_confirmed(actor, event_id, Event.Kind.MATCHMAKING)
    other = MatchProfile.objects.select_related("registration").filter(
        pk=profile_id, registration__event_id=event_id,
        registration__status=Registration.Status.CONFIRMED).first()
    if other is None or other.registration_id == mine.pk:
        raise NotFound("没有找到这位参加者。")
    if MatchChoice.objects.filter(chooser=mine).count() >= MAX_CHOICES:
        raise Conflict(f"每人最多选择 {MAX_CHOICES} 位。", code="events.too_many_choices")
    try:
        with transaction.atomic():
            MatchChoice.objects.create(chooser=mine, chosen=other.registration)
    except IntegrityError:
        pass
    mutual = MatchChoice.objects.filter(chooser=other.registration, chosen=mine).exists()
    audit.record(actor, "events.match_choice", mine, org=mine.event.org, summary={"mutual": mutual})
    return mutual


def purge_match_data(before: dt.datetime) -> int:
    """Retention: matchmaking profiles and choices go once the event ended before `before`."""
    choices = MatchChoice.objects.filter(chooser__event__kind=Event.Kind.MATCHMAKING,
                                         chooser__event__ends_at__lt=before)
    profiles = MatchProfile.objects.filter(registration__event__ends_at__lt=before,
                                           registration__event__kind=Event.Kind.MATCHMAKING)
    return choices.delete()[0] + profiles.delete()[0]


def _shift_hours(event: Event) -> Decimal:
    return Decimal((event.ends_at - event.starts_at).total_seconds() / 3600).quantize(Decimal("0.1"))


def _parse_hours(text) -> Decimal:
    try:
        hours = Decimal(str(text).strip())
    except Exception:
        raise Invalid("服务时长请填写数字，例如 2.5。", code="events.hours") from None
    if not hours.is_finite():
        raise Invalid("服务时长请填写数字，例如 2.5。", code="events.hours")
    return hours


@transaction.atomic
def report_hours(actor, *, event_id: int, hours, now: dt.datetime | None = None) -> VolunteerHours:
    now = now or timezone.now()
    registration = _my_confirmed(actor, event_id, Event.Kind.VOLUNTEERING)
    if now < registration.event.starts_at:
        raise Conflict("活动开始后才能填报服务时长。", code="events.not_started")
    value = _parse_hours(hours)
    problem = rules.hours_problem(value, shift_hours=_shift_hours(registration.event))
    if problem:
        raise Invalid(problem, code="events.hours")
    record = VolunteerHours.objects.select_for_update().filter(registration=registration).first()
    if record is not None and record.status == VolunteerHours.Status.CONFIRMED:
        raise Conflict("服务时长已经确认，如需更正请联系主办工会。", code="events.hours_confirmed")
    record, _ = VolunteerHours.objects.update_or_create(
        registration=registration, defaults={"hours": value, "status": VolunteerHours.Status.PENDING})
    return record


@transaction.atomic
def confirm_hours(actor, *, registration_id: int, hours=None, accept: bool = True,
                  now: dt.datetime | None = None) -> VolunteerHours:
    """Staff confirm (optionally correcting) or refuse the hours of one volunteer; staff may also record hours for
    a volunteer who did not report them."""
    registration = (Registration.objects.select_related("event", "event__org")
                    .filter(scoping.scope_q(actor, org_field="event__org"), pk=registration_id,
                            event__kind=Event.Kind.VOLUNTEERING, status=Registration.Status.CONFIRMED).first())
    if registration is None:
        raise NotFound("没有找到这条报名。")
    record = VolunteerHours.objects.select_for_update().filter(registration=registration).first()
    value = _parse_hours(hours) if hours not in (None, "") else (record.hours if record else None)
    if value is None:
        raise Invalid("请填写服务时长。", code="events.hours")
    problem = rules.hours_problem(value, shift_hours=_shift_hours(registration.event))
    if accept and problem:
        raise Invalid(problem, code="events.hours")
    status = VolunteerHours.Status.CONFIRMED if accept else VolunteerHours.Status.REJECTED
    record, _ = VolunteerHours.objects.update_or_create(
        registration=registration, defaults={"hours": value, "status": status, "confirmed_by": actor,
                                             "confirmed_at": now or timezone.now()})
    audit.record(actor, "events.hours_confirm" if accept else "events.hours_reject", registration,
                 org=registration.event.org, summary={"hours": str(value)})
    return record
