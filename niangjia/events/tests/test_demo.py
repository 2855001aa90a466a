"""The events demo runs on the demo tree under the region's own recuperation rule (浙江 2026: cross-province at
most 5 days including travel, 2,000 yuan a trip) and a second run adds nothing."""

import io

import pytest

from niangjia.core import demo as core_demo
from niangjia.events import demo
from niangjia.events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_seeds_14_events_within_the_rules_and_is_idempotent():
    core_demo.seed(members_total=120)
    out = io.StringIO()
    demo.seed(out)
    assert Event.objects.count() == 14
    assert "events: 14 demo events" in out.getvalue()
    cross = Event.objects.get(cross_province=True)
    assert (cross.ends_at - cross.starts_at).days + 1 <= 5
    demo.seed(out)
    assert Event.objects.count() == 14
