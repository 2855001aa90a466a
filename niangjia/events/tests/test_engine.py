"""The quota engine through its services: places, the waiting list, offers that pass on, eligibility, scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member, Message
from niangjia.events import services
from niangjia.events.models import Event, Registration, SeatOffer


def _status(event):
    return list(Registration.objects.filter(event=event).order_by("id").values_list("status", "position"))


def test_places_then_waiting_list_in_order(tree, make_member, make_event):
    event = make_event(capacity=2)
    users = [make_member(tree.union_a).user for _ in range(4)]
    results = [services.register(u, event_id=event.pk) for u in users]
    assert [(r.status, r.position) for r in results] == [("confirmed", None), ("confirmed", None),
                                                         ("waitlisted", 1), ("waitlisted", 2)]
    assert [services.waiting_rank(r) for r in results[2:]] == [1, 2]
    assert Event.objects.get(pk=event.pk).taken == 2
    with pytest.raises(Conflict) as exc:
        services.register(users[0], event_id=event.pk)
    assert exc.value.code == "duplicate"


def test_cancellation_offers_the_place_to_exactly_one_and_it_passes_on(tree, make_member, make_event):
    event = make_event(capacity=1)
    first, second, third = (make_member(tree.union_a).user for _ in range(3))
    for u in (first, second, third):
        services.register(u, event_id=event.pk)
    now = timezone.now()
    services.cancel_mine(first, event_id=event.pk, now=now)
    assert _status(event) == [("cancelled", None), ("offered", 1), ("waitlisted", 2)]
    assert Message.objects.filter(recipient=second, kind="events.offer").count() == 1
    offer = SeatOffer.objects.get(registration__user=second)
    assert offer.expires_at == now + dt.timedelta(hours=24)
    # declined: the place goes to the next one
    services.answer_offer(second, event_id=event.pk, accept=False, now=now)
    assert _status(event) == [("cancelled", None), ("declined", 1), ("offered", 2)]
    # the offer expires unanswered: nobody is left, the place stays free
    assert services.expire_offers(now=now + dt.timedelta(hours=25)) == 1
    assert _status(event)[-1] == ("expired", 2) and Event.objects.get(pk=event.pk).taken == 0


def test_accepting_an_offer_confirms_and_a_late_answer_passes_on(tree, make_member, make_event):
    event = make_event(capacity=1, offer_hours=2)
    a, b, c = (make_member(tree.union_a).user for _ in range(3))
    for u in (a, b, c):
        services.register(u, event_id=event.pk)
    now = timezone.now()
    services.cancel_mine(a, event_id=event.pk, now=now)
    with pytest.raises(Conflict):
        services.answer_offer(b, event_id=event.pk, accept=True, now=now + dt.timedelta(hours=3))
    assert _status(event)[1:] == [("expired", 1), ("offered", 2)]
    services.answer_offer(c, event_id=event.pk, accept=True, now=now + dt.timedelta(hours=3))
    assert _status(event)[2] == ("confirmed", 2) and Event.objects.get(pk=event.pk).taken == 1


def test_offers_never_exceed_capacity(tree, make_member, make_event):
    """pretix re-offered places through deleted vouchers: here an offer holds its place until it is answered."""
    event = make_event(capacity=2)
    users = [make_member(tree.union_a).user for _ in range(6)]
    for u in users:
        services.register(u, event_id=event.pk)
    services.cancel_mine(users[0], event_id=event.pk)
    services.cancel_mine(users[1], event_id=event.pk)
    services.cancel_mine(users[2], event_id=event.pk)  # was offered: its place passes on, no extra place appears
    held = Registration.objects.filter(event=event, status__in=("confirmed", "offered")).count()
    assert held == Event.objects.get(pk=event.pk).taken == 2
    assert SeatOffer.objects.filter(registration__event=event, status="open").count() == 2


def test_front_line_share_is_held_until_registration_closes(tree, make_member, make_event):
    event = make_event(capacity=10, priority="frontline", priority_share=Decimal("0.9"))  # 9 kept, 1 general
    general = [make_member(tree.union_a).user for _ in range(2)]
    front = make_member(tree.union_a, frontline=True).user
    assert services.register(general[0], event_id=event.pk).status == "confirmed"
    assert services.register(general[1], event_id=event.pk).status == "waitlisted"
    assert services.register(front, event_id=event.pk).status == "confirmed"
    # registration closed with front-line places unused: they lapse and go to the waiting list
    services.expire_offers(now=event.registration_closes_at + dt.timedelta(minutes=1))
    assert Registration.objects.get(user=general[1], event=event).status == "offered"


def test_only_members_of_the_audience(tree, make_member, make_user, make_event):
    event = make_event(capacity=5, audience=tree.district_a)
    with pytest.raises(Conflict) as exc:
        services.register(make_member(tree.union_b).user, event_id=event.pk)
    assert exc.value.code == "ineligible" and "范围内" in exc.value.message
    with pytest.raises(Conflict) as exc:
        services.register(make_user(), event_id=event.pk)
    assert exc.value.code == "ineligible" and "入会" in exc.value.message
    assert not Registration.objects.exists()


def test_registration_window(tree, make_member, make_event):
    now = timezone.now()
    event = make_event(capacity=5, registration_opens_at=now + dt.timedelta(days=1))
    with pytest.raises(Conflict) as exc:
        services.register(make_member(tree.union_a).user, event_id=event.pk, now=now)
    assert "尚未开始" in exc.value.message
    with pytest.raises(Conflict) as exc:
        services.register(make_member(tree.union_a).user, event_id=event.pk, now=event.registration_closes_at)
    assert "截止" in exc.value.message


def test_recuperation_rules_are_checked_with_their_version_stored(tree, make_member, make_event):
    now = timezone.now()
    start = now.replace(month=6, day=1) if now.month < 6 else now + dt.timedelta(days=40)
    trip = {"kind": "recuperation", "starts_at": start, "ends_at": start + dt.timedelta(days=3),
                "cost_per_day": Decimal("380")}
    first = make_event(capacity=5, title="第一批", **trip)
    second = make_event(capacity=5, title="第二批", **trip)
    member = make_member(tree.union_a).user
    registration = services.register(member, event_id=first.pk)
    assert registration.rule_version == "浙江 2026"  # the tree's city is 330100: Zhejiang's rules
    with pytest.raises(Conflict) as exc:
        services.register(member, event_id=second.pk)
    assert exc.value.code == "ineligible" and "每年只能参加一次" in exc.value.message
    with pytest.raises(Invalid) as exc:
        make_event(capacity=5, title="超天数", **{**trip, "ends_at": start + dt.timedelta(days=5)})
    assert "最多 5 天" in exc.value.message
    with pytest.raises(Invalid):
        make_event(capacity=5, title="超费用", **{**trip, "cost_per_day": Decimal("400.01")})


def test_scope_of_staff(tree, make_user, make_event):
    staff_b = make_user(roles=[(tree.district_b, "staff")])
    with pytest.raises(NotFound):
        services.create_event(staff_b, title="x", kind="lecture", capacity=5, org_id=tree.district_a.pk,
                              starts_at=timezone.now() + dt.timedelta(days=3),
                              ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
                              registration_closes_at=timezone.now() + dt.timedelta(days=2))
    event = make_event(capacity=5)
    with pytest.raises(NotFound):
        services.set_union_quota(staff_b, event_id=event.pk, org_id=tree.union_b.pk, seats=1)


def test_union_places(tree, make_member, make_event, city_staff):
    event = make_event(capacity=5)
    services.set_union_quota(city_staff, event_id=event.pk, org_id=tree.union_a.pk, seats=1)
    assert services.register(make_member(tree.union_a).user, event_id=event.pk).status == "confirmed"
    assert services.register(make_member(tree.union_a).user, event_id=event.pk).status == "waitlisted"
    assert services.register(make_member(tree.union_a2).user, event_id=event.pk).status == "confirmed"


def test_matchmaking_reveals_contacts_only_on_a_mutual_choice(tree, make_member, make_event):
    from niangjia.events import selectors, services_social

    event = make_event(capacity=5, kind="matchmaking")
    a, b, c = (make_member(tree.union_a).user for _ in range(3))
    regs = {u.pk: services.register(u, event_id=event.pk) for u in (a, b, c)}
    pa = services_social.set_match_profile(a, event_id=event.pk, nickname="小张", intro="爱爬山")
    pb = services_social.set_match_profile(b, event_id=event.pk, nickname="小李")
    services_social.set_match_profile(c, event_id=event.pk, nickname="小王")
    with pytest.raises(Invalid):
        services_social.set_match_profile(c, event_id=event.pk, nickname="微信13912345678")
    assert services_social.choose(a, event_id=event.pk, profile_id=pb.pk) is False
    assert selectors.mutual_matches(registration=regs[a.pk]) == []
    assert services_social.choose(b, event_id=event.pk, profile_id=pa.pk) is True
    assert [r.user_id for r in selectors.mutual_matches(registration=regs[a.pk])] == [b.pk]
    assert selectors.mutual_matches(registration=regs[c.pk]) == []
    # the data goes once the event is past its retention period
    assert services_social.purge_match_data(event.ends_at + dt.timedelta(seconds=1)) == 5


def test_volunteer_hours_confirmed_by_staff(tree, make_member, make_event, city_staff):
    from niangjia.events import selectors, services_social

    event = make_event(capacity=5, kind="volunteering")
    volunteer = make_member(tree.union_a).user
    registration = services.register(volunteer, event_id=event.pk)
    with pytest.raises(Conflict):
        services_social.report_hours(volunteer, event_id=event.pk, hours="2")  # before the shift
    after = event.starts_at + dt.timedelta(hours=3)
    with pytest.raises(Invalid):
        services_social.report_hours(volunteer, event_id=event.pk, hours="3", now=after)  # shift is 2 h
    with pytest.raises(Invalid):
        services_social.report_hours(volunteer, event_id=event.pk, hours="1e3", now=after)
    services_social.report_hours(volunteer, event_id=event.pk, hours="1.5", now=after)
    assert selectors.volunteer_years(user=volunteer) == []
    services_social.confirm_hours(city_staff, registration_id=registration.pk)
    years = selectors.volunteer_years(user=volunteer)
    assert len(years) == 1 and years[0]["hours"] == Decimal("1.5") and years[0]["shifts"] == 1


def test_member_status_recorded_with_union(tree, make_member, make_event):
    event = make_event(capacity=5)
    member = make_member(tree.union_a2)
    registration = services.register(member.user, event_id=event.pk)
    assert registration.org_id == Member.objects.get(pk=member.pk).org_id == tree.union_a2.pk
