"""Places by lot (policies §11: reproducible, seeded, published) and per-union places from a passed congress
resolution."""

import datetime as dt

import pytest
from django.utils import timezone

from niangjia.core.errors import Conflict, Invalid
from niangjia.events import rules, services, services_lottery
from niangjia.events.models import Registration


def test_draw_order_is_reproducible_and_depends_on_the_seed():
    ids = [5, 3, 9, 1, 7, 2]
    a = rules.draw_order(ids, event_id=1, seed="2027001")
    assert a == rules.draw_order(list(reversed(ids)), event_id=1, seed="2027001")  # input order does not matter
    assert sorted(a) == sorted(ids)
    assert a != rules.draw_order(ids, event_id=1, seed="2027002") or a != rules.draw_order(ids, event_id=2,
                                                                                           seed="2027001")


def test_lottery_takes_applications_then_draws_publicly(tree, make_member, make_event, city_staff):
    event = make_event(capacity=2, lottery=True)
    now = timezone.now()
    users = [make_member(tree.union_a).user for _ in range(5)]
    regs = [services.register(u, event_id=event.pk, now=now) for u in users]
    assert {r.status for r in regs} == {"waitlisted"}  # nobody has a place before the draw
    services.cancel_mine(users[4], event_id=event.pk, now=now)
    assert not Registration.objects.filter(event=event, status="offered").exists()
    with pytest.raises(Conflict):
        services_lottery.draw(city_staff, event_id=event.pk, seed="123", now=now)  # still open
    after = event.registration_closes_at + dt.timedelta(minutes=1)
    services.expire_offers(now=after)  # the minute task must not hand out places before the draw
    assert not Registration.objects.filter(event=event, status__in=("offered", "confirmed")).exists()
    with pytest.raises(Invalid):
        services_lottery.draw(city_staff, event_id=event.pk, seed=" ", now=after)
    won = services_lottery.draw(city_staff, event_id=event.pk, seed="2027-05-01-开奖号码 0837", now=after)
    applicants = [r.pk for r in regs[:4]]
    expected = rules.draw_order(applicants, event_id=event.pk, seed="2027-05-01-开奖号码 0837")
    assert [r.pk for r in won] == expected[:2]
    rows = list(Registration.objects.filter(event=event, pk__in=applicants).order_by("position")
                .values_list("pk", "status", "position"))
    assert [pk for pk, _s, _p in rows] == expected and [p for *_x, p in rows] == [1, 2, 3, 4]
    assert [s for _pk, s, _p in rows] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    with pytest.raises(Conflict):
        services_lottery.draw(city_staff, event_id=event.pk, seed="again", now=after)
    # after the draw a cancellation offers the place to the next in draw order
    winner = Registration.objects.get(pk=expected[0]).user
    services.cancel_mine(winner, event_id=event.pk, now=after)
    assert Registration.objects.get(pk=expected[2]).status == "offered"
