"""Reads of events: what a member may join, their registrations, the staff lists (scoped) and counts."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import PATH_SEGMENT, Member
from niangjia.events.models import Event, MatchChoice, MatchProfile, Registration, VolunteerHours


def _member_orgs(user) -> list:
    if not user.is_authenticated:
        return []
    return list(Member.objects.filter(user=user, status=Member.Status.ACTIVE).select_related("org")
                .values_list("org__path", flat=True))


def _audience_q(paths: list[str]) -> Q:
    """Events whose audience subtree contains one of these union paths (a union path starts with its ancestors')."""
    q = Q(pk__in=[])
    for path in paths:
        ancestors = [path[:i] for i in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT)] or [path]
        q |= Q(audience_org__path__in=ancestors)
    return q


def events_for_member(*, user) -> QuerySet[Event]:
    paths = _member_orgs(user)
    mine = Registration.objects.filter(event=OuterRef("pk"), user=user,
                                       status__in=("confirmed", "waitlisted", "offered"))
    return (Event.objects.filter(_audience_q(paths), status=Event.Status.OPEN).select_related("org")
            .annotate(registered=Exists(mine)).order_by("starts_at", "id"))


def event_for_reader(*, user, event_id: int) -> Event:
    """A member of the audience, or staff whose scope covers the organising union."""
    event = Event.objects.select_related("org", "audience_org", "rule").filter(pk=event_id).first()
    if event is not None:
        if scoping.has_role(user) and scoping.covers(user, event.org):
            return event
        if event.status == Event.Status.OPEN and any(
                p.startswith(event.audience_org.path) for p in _member_orgs(user)):
            return event
    raise NotFound("没有找到这个活动。")


def counts(*, event: Event) -> dict[str, int]:
    rows = dict(Registration.objects.filter(event=event).values_list("status").annotate(n=Count("id"))
                .values_list("status", "n"))
    return {"capacity": event.capacity, "confirmed": rows.get("confirmed", 0),
            "waitlisted": rows.get("waitlisted", 0), "offered": rows.get("offered", 0)}


def my_registration(*, user, event: Event) -> Registration | None:
    return (Registration.objects.filter(event=event, user=user).prefetch_related("offers")
            .order_by("-id").first())


def my_registrations(*, user) -> QuerySet[Registration]:
    return Registration.objects.filter(user=user).select_related("event", "event__org").order_by("-id")


def staff_events(*, actor, kind: str = "") -> QuerySet[Event]:
    qs = Event.objects.filter(scoping.scope_q(actor)).select_related("org").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")))
    return qs.filter(kind=kind) if kind in Event.Kind.values else qs


def event_for_staff(*, actor, event_id: int) -> Event:
    event = (Event.objects.select_related("org", "audience_org", "rule").prefetch_related("priority_classes")
             .filter(scoping.scope_q(actor), pk=event_id).first())
    if event is None:
        raise NotFound("没有找到这个活动。")
    return event


def registrations_for_staff(*, event: Event, status: str = "") -> QuerySet[Registration]:
    qs = Registration.objects.filter(event=event).select_related("user", "org").select_related("hours")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "position", "id")


def audience_orgs(*, actor, limit: int = 400) -> list:
    return list(scoping.orgs_visible_to(actor).order_by("path")[:limit])


def union_quotas(*, event: Event):
    return event.union_quotas.select_related("org").order_by("org__path")


def match_profiles(*, event: Event, exclude_user) -> list[MatchProfile]:
    return list(MatchProfile.objects.filter(registration__event=event, registration__status="confirmed")
                .exclude(registration__user=exclude_user).order_by("id"))


def my_choices(*, registration: Registration) -> set[int]:
    return set(MatchChoice.objects.filter(chooser=registration).values_list("chosen__match_profile__id", flat=True))


def mutual_matches(*, registration: Registration) -> list[Registration]:
    """The people who chose me and whom I chose: only these see each other's mobile number."""
    chose_me = MatchChoice.objects.filter(chooser=OuterRef("pk"), chosen=registration)
    return list(Registration.objects.filter(choices_received__chooser=registration).filter(Exists(chose_me))
                .select_related("user", "match_profile"))


def volunteer_years(*, user) -> list[dict]:
    return list(VolunteerHours.objects.filter(registration__user=user, status=VolunteerHours.Status.CONFIRMED)
                .annotate(year=ExtractYear("registration__event__starts_at")).values("year")
                .annotate(hours=Sum("hours"), shifts=Count("id")).order_by("-year"))


def volunteer_records(*, user, year: int) -> list[VolunteerHours]:
    return list(VolunteerHours.objects.filter(registration__user=user, status=VolunteerHours.Status.CONFIRMED,
                                              registration__event__starts_at__year=year)
                .select_related("registration__event", "registration__event__org")
                .order_by("registration__event__starts_at"))
