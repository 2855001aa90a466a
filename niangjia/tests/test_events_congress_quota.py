"""Per-union places of an event from a passed resolution of that union's workers' congress (cross-app: events reads
congress through its selectors; this test builds the congress rows directly)."""

import datetime as dt

import pytest
from django.utils import timezone

from niangjia.core.errors import Invalid
from niangjia.events import services, services_lottery


@pytest.fixture
def city_staff(tree, make_user):
    return make_user(roles=[(tree.city, "staff")])


@pytest.fixture
def make_event(city_staff, tree):
    def _make(capacity=2):
        now = timezone.now()
        return services.create_event(city_staff, title="疗休养", kind="lecture", capacity=capacity,
                                     starts_at=now + dt.timedelta(days=10),
                                     ends_at=now + dt.timedelta(days=10, hours=2),
                                     registration_closes_at=now + dt.timedelta(days=5), audience_org_id=tree.city.pk)

    return _make


def test_places_from_a_passed_congress_resolution(tree, make_member, make_event, city_staff):
    from niangjia.congress.models import Congress, Motion, Sitting

    congress = Congress.objects.create(org=tree.union_a, title="第一届职代会", term=1)
    sitting = Sitting.objects.create(congress=congress, title="第一次会议", number=1)
    passed = Motion.objects.create(sitting=sitting, title="2027年疗休养名额方案", kind="resolution", passed=True,
                                   status="closed")
    failed = Motion.objects.create(sitting=sitting, title="否决的方案", kind="resolution", passed=False,
                                   status="closed")
    event = make_event(capacity=5)
    with pytest.raises(Invalid):
        services_lottery.quota_from_congress(city_staff, event_id=event.pk, motion_id=failed.pk, seats=2)
    quota = services_lottery.quota_from_congress(city_staff, event_id=event.pk, motion_id=passed.pk, seats=1)
    assert (quota.org_id, quota.source, quota.congress_motion_id) == (tree.union_a.pk, "congress", passed.pk)
    assert services.register(make_member(tree.union_a).user, event_id=event.pk).status == "confirmed"
    assert services.register(make_member(tree.union_a).user, event_id=event.pk).status == "waitlisted"
