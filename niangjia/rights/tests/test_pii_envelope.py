"""A psychologist's note that looks like ciphertext is stored encrypted and never turns into another note."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from niangjia.rights.models import SessionNote, Slot
from niangjia.rights.services import appointments


def _raw_note(note_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM rights_sessionnote WHERE id = %s", [note_id])
        return cursor.fetchone()[0]


def test_note_shaped_like_ciphertext_does_not_overwrite_the_earlier_note(people, slot):
    first = appointments.book(people.worker, slot_id=slot.pk)
    earlier = appointments.write_note(people.psych, appointment_id=first.pk, text="来访者主诉睡眠差。")
    other_slot = Slot.objects.create(counsellor=people.psych.rights_counsellor, mode="phone",
                                     starts_at=timezone.now() + dt.timedelta(days=3))
    second = appointments.book(people.other, slot_id=other_slot.pk)
    copied = _raw_note(earlier.pk)
    for typed in (copied, "v1:" + copied[3:], "v1:复诊"):
        note = appointments.write_note(people.psych, appointment_id=second.pk, text=typed)
        assert appointments.read_note(people.psych, appointment_id=second.pk).text == typed
        assert _raw_note(note.pk) != typed
    assert SessionNote.objects.get(pk=earlier.pk).text == "来访者主诉睡眠差。"
    assert appointments.read_note(people.worker, appointment_id=first.pk).text == "来访者主诉睡眠差。"
