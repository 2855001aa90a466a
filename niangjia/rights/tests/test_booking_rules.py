"""Booking a counsellor (issue 13): one upcoming booking per counsellor type, no overlapping sessions,
a verified account, and a confirmation that shows the slot with its weekday."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.core.errors import Conflict, Invalid
from niangjia.rights import rules
from niangjia.rights.models import Appointment, Counsellor, Slot
from niangjia.rights.services import appointments

T = dt.datetime(2026, 12, 3, 14, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("a_start", "a_min", "b_start", "b_min", "expected"), [
    (T, 50, T, 50, True),                                  # same time
    (T, 50, T + dt.timedelta(minutes=49), 50, True),       # starts before the other ends
    (T, 50, T + dt.timedelta(minutes=50), 50, False),      # touching end to start is fine
    (T + dt.timedelta(minutes=50), 30, T, 50, False),
    (T - dt.timedelta(minutes=30), 31, T, 50, True),
    (T - dt.timedelta(minutes=30), 30, T, 50, False),
])
def test_overlap_table(a_start, a_min, b_start, b_min, expected):
    assert rules.overlaps(a_start, a_min, b_start, b_min) is expected
    assert rules.overlaps(b_start, b_min, a_start, a_min) is expected


@pytest.mark.parametrize(("kind", "upcoming", "expected"), [
    ("lawyer", [], None),
    ("lawyer", [("psychologist", T + dt.timedelta(hours=3), 50)], None),
    ("lawyer", [("lawyer", T + dt.timedelta(days=2), 50)], "same_kind"),
    ("lawyer", [("psychologist", T + dt.timedelta(minutes=20), 50)], "overlap"),
])
def test_booking_refusal_table(kind, upcoming, expected):
    assert rules.booking_refusal(kind=kind, starts_at=T, minutes=50, upcoming=upcoming) == expected


@pytest.fixture
def slots(people):
    start = timezone.now() + dt.timedelta(days=3)
    lawyer = Counsellor.objects.get(user=people.lawyer)
    psych = Counsellor.objects.get(user=people.psych)
    return {
        "lawyer_1": Slot.objects.create(counsellor=lawyer, starts_at=start, minutes=50, mode="online",
                                        place="https://meet.example.org/a"),
        "lawyer_2": Slot.objects.create(counsellor=lawyer, starts_at=start + dt.timedelta(days=1), mode="phone"),
        "psych_same_time": Slot.objects.create(counsellor=psych, starts_at=start + dt.timedelta(minutes=30),
                                               mode="phone"),
        "psych_later": Slot.objects.create(counsellor=psych, starts_at=start + dt.timedelta(hours=3), mode="phone"),
    }


@pytest.mark.django_db
def test_one_upcoming_booking_per_type_and_no_overlap(people, slots):
    appointments.book(people.worker, slot_id=slots["lawyer_1"].pk)
    with pytest.raises(Conflict, match="已经预约了一位"):
        appointments.book(people.worker, slot_id=slots["lawyer_2"].pk)
    with pytest.raises(Conflict, match="重叠"):
        appointments.book(people.worker, slot_id=slots["psych_same_time"].pk)
    assert Appointment.objects.filter(worker=people.worker).count() == 1
    appointments.book(people.worker, slot_id=slots["psych_later"].pk)
    assert Appointment.objects.filter(worker=people.worker).count() == 2


@pytest.mark.django_db
def test_a_cancelled_booking_frees_the_type(people, slots):
    first = appointments.book(people.worker, slot_id=slots["lawyer_1"].pk)
    appointments.cancel(people.worker, appointment_id=first.pk)
    appointments.book(people.worker, slot_id=slots["lawyer_2"].pk)
    assert Appointment.objects.filter(worker=people.worker, cancelled_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_booking_needs_a_verified_account(people, slots, make_user):
    newcomer = make_user()
    with pytest.raises(Invalid, match="实名认证"):
        appointments.book(newcomer, slot_id=slots["lawyer_1"].pk)
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_confirmation_pages_show_the_weekday_and_the_meeting_link(client, people, slots):
    client.force_login(people.worker)
    slot = slots["lawyer_1"]
    page = client.get(reverse("rights:slot_confirm", args=[slot.pk])).content.decode()
    weekday = "星期" + "一二三四五六日"[timezone.localtime(slot.starts_at).weekday()]
    assert "确认预约" in page and weekday in page and "张律师" in page
    assert "志愿律师" not in page  # the name already says 律师: the type is not repeated
    appt = appointments.book(people.worker, slot_id=slot.pk)
    listing = client.get(reverse("rights:appointments")).content.decode()
    assert 'href="https://meet.example.org/a"' in listing
    cancel = client.get(reverse("rights:appointment_cancel_confirm", args=[appt.pk])).content.decode()
    assert "确定取消这次预约吗" in cancel and weekday in cancel


@pytest.mark.django_db
def test_kb_suggestions_react_to_pasted_and_voice_typed_text(client, people):
    """Pasting and voice input fire `input`, not `keyup`: the suggestions must listen to `input`."""
    client.force_login(people.worker)
    page = client.get(reverse("rights:ask")).content.decode()
    assert 'hx-trigger="input changed' in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["rights:home", "rights:ask"])
def test_help_pages_offer_the_hotline_as_a_tap_to_call_link(client, people, name):
    client.force_login(people.worker)
    page = client.get(reverse(name)).content.decode()
    assert 'href="tel:12351"' in page and "拨打热线 12351" in page
