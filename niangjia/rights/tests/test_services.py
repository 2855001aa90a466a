import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import AuditEvent, Message
from niangjia.rights import selectors
from niangjia.rights.models import Appointment, Case, CaseEvent, Holiday, SessionNote, SlaPolicy, Slot
from niangjia.rights.services import appointments, cases

pytestmark = pytest.mark.django_db
DESC = "公司已经连续三个月没有发工资了，老板说资金困难，我该怎么办？"


def audit_count(action):
    return AuditEvent.objects.filter(action=action).count()


def open_case(people, **kw):
    return cases.open_online_case(people.worker, category=kw.pop("category", "wages"), description=DESC, **kw)


def test_open_case_computes_sla_audits_and_notifies(people):
    case = open_case(people)
    assert case.org == people.tree.union_a
    assert case.number.startswith("WQ")
    today = timezone.localdate()
    assert case.first_response_due > today
    assert case.resolution_due > case.first_response_due
    assert audit_count("rights.case_open") == 1
    assert Message.objects.filter(recipient=people.worker, kind="rights.case_open").exists()
    assert CaseEvent.objects.filter(case=case, to_status="new").count() == 1


def test_sla_skips_holidays_and_is_configurable_per_category(people, monkeypatch):
    SlaPolicy.objects.create(category="injury", first_response_days=2, resolution_days=5)
    today = timezone.localdate()
    for i in range(1, 4):
        Holiday.objects.create(day=today + dt.timedelta(days=i), name="测试假日")
    case = open_case(people, category="injury")
    from niangjia.rights import rules

    cal = rules.Calendar.of([today + dt.timedelta(days=i) for i in range(1, 4)])
    assert case.first_response_due == rules.add_working_days(today, 2, cal)
    assert case.resolution_due == rules.add_working_days(today, 5, cal)
    assert case.first_response_due > today + dt.timedelta(days=3)


@pytest.mark.parametrize(("description", "code"), [
    ("", "rights.description_empty"),
    ("   ", "rights.description_empty"),
    ("太短", "rights.description_short"),
    ("很" * 20_000, "rights.description_long"),
])
def test_bad_descriptions_refused_with_chinese_error_and_nothing_stored(people, description, code):
    with pytest.raises(Invalid) as exc:
        cases.open_online_case(people.worker, category="wages", description=description)
    assert exc.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)
    assert Case.objects.count() == 0
    assert audit_count("rights.case_open") == 0


def test_wrong_upload_type_refused_and_nothing_stored(people):
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(Invalid) as exc:
        open_case(people, uploads=[fake])
    assert exc.value.code == "upload.disguised"
    assert Case.objects.count() == 0
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(Invalid):
        open_case(people, uploads=[exe])
    assert Case.objects.count() == 0


def test_upload_accepted(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("工资条.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    case = open_case(people, uploads=[pdf])
    assert case.attachments.count() == 1


def test_non_member_asks_online_and_the_federation_receives_it(people, make_user):
    """Issue 13: a non-member may ask a legal question online, as the hotline already lets them."""
    stranger = make_user()
    case = cases.open_online_case(stranger, category="wages", description=DESC)
    assert case.org == people.tree.city and case.requester == stranger


def test_full_lifecycle_with_reopen_and_rating(people):
    case = open_case(people)
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.lawyer.pk)
    cases.reply(people.lawyer, case_id=case.pk, text="您好，请先保留工资条和考勤记录，可以向劳动监察投诉。")
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert case.first_response_at is not None
    cases.act(people.lawyer, case_id=case.pk, action="resolve", note="已指导投诉，单位已补发。")
    with pytest.raises(Forbidden):
        cases.act(people.staff, case_id=case.pk, action="reopen")
    cases.act(people.worker, case_id=case.pk, action="reopen", note="还没发全")
    case.refresh_from_db()
    assert case.status == "in_progress"
    cases.act(people.lawyer, case_id=case.pk, action="resolve", note="已全部补发。")
    cases.rate(people.worker, case_id=case.pk, rating=5, comment="谢谢律师")
    case.refresh_from_db()
    assert (case.status, case.rating) == ("resolved", 5)
    assert audit_count("rights.case_reopen") == 1
    assert Message.objects.filter(recipient=people.worker, kind="rights.case_reply").count() == 1
    assert Message.objects.filter(recipient=people.lawyer, kind="rights.case_assigned").count() == 1
    with pytest.raises(Invalid):
        cases.rate(people.worker, case_id=case.pk, rating=4)


def test_reopen_after_15_days_refused_and_nothing_changes(people):
    case = open_case(people)
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.staff.pk)
    cases.act(people.staff, case_id=case.pk, action="resolve", note="已处理")
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - dt.timedelta(days=16))
    before = audit_count("rights.case_reopen")
    with pytest.raises(Invalid) as exc:
        cases.act(people.worker, case_id=case.pk, action="reopen")
    assert exc.value.code == "rights.reopen_window"
    case.refresh_from_db()
    assert case.status == "resolved"
    assert audit_count("rights.case_reopen") == before


def test_bad_transition_refused_and_nothing_changes(people):
    case = open_case(people)
    with pytest.raises(Invalid):
        cases.act(people.staff, case_id=case.pk, action="close")
    case.refresh_from_db()
    assert case.status == "new"
    assert audit_count("rights.case_close") == 0


@pytest.mark.parametrize("rating", [0, 6, "x"])
def test_rating_range(people, rating):
    case = open_case(people)
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.staff.pk)
    cases.act(people.staff, case_id=case.pk, action="resolve", note="已处理")
    with pytest.raises(Invalid):
        cases.rate(people.worker, case_id=case.pk, rating=rating)
    case.refresh_from_db()
    assert case.rating is None


def test_lawyer_sees_only_assigned_cases_404_otherwise(people):
    mine = open_case(people)
    other = open_case(people)
    cases.assign(people.staff, case_id=mine.pk, assignee_id=people.lawyer.pk)
    assert selectors.access_case(actor=people.lawyer, case_id=mine.pk) == mine
    with pytest.raises(NotFound):
        selectors.access_case(actor=people.lawyer, case_id=other.pk)
    with pytest.raises(NotFound):
        cases.reply(people.lawyer, case_id=other.pk, text="我来看看")
    assert not CaseEvent.objects.filter(case=other, kind="reply").exists()
    assert list(selectors.staff_queue(actor=people.lawyer)) == [mine]


def test_staff_of_other_district_gets_404_and_cannot_assign(people):
    case = open_case(people)
    with pytest.raises(NotFound):
        selectors.access_case(actor=people.staff_b, case_id=case.pk)
    with pytest.raises(NotFound):
        cases.assign(people.staff_b, case_id=case.pk, assignee_id=people.staff_b.pk)
    case.refresh_from_db()
    assert case.assignee_id is None
    assert case.status == "new"


def test_cannot_assign_to_out_of_scope_staff(people):
    case = open_case(people)
    with pytest.raises(Invalid):
        cases.assign(people.staff, case_id=case.pk, assignee_id=people.staff_b.pk)
    case.refresh_from_db()
    assert case.assignee_id is None


def test_other_worker_cannot_see_case(people):
    case = open_case(people)
    with pytest.raises(NotFound):
        selectors.access_case(actor=people.other, case_id=case.pk)


def test_overdue_notifies_supervisor_once(people):
    case = open_case(people)
    Case.objects.filter(pk=case.pk).update(resolution_due=timezone.localdate() - dt.timedelta(days=1))
    assert cases.notify_overdue() == 1
    assert Message.objects.filter(recipient=people.admin, kind="rights.case_overdue").count() == 1
    assert cases.notify_overdue() == 0


# --- appointments -----------------------------------------------------------------------------


def test_book_and_double_booking_refused(people, slot):
    appt = appointments.book(people.worker, slot_id=slot.pk, topic="压力大")
    assert audit_count("rights.appointment_book") == 1
    with pytest.raises(Conflict):
        appointments.book(people.other, slot_id=slot.pk)
    assert Appointment.objects.filter(slot=slot).count() == 1
    assert audit_count("rights.appointment_book") == 1
    assert Message.objects.filter(recipient=people.psych, kind="rights.appointment_booked").count() == 1
    appointments.cancel(people.worker, appointment_id=appt.pk)
    appointments.book(people.other, slot_id=slot.pk)  # cancelled slot can be booked again
    assert Appointment.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1


def test_booking_past_slot_refused(people, slot):
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(Invalid) as exc:
        appointments.book(people.worker, slot_id=slot.pk)
    assert "过去" in exc.value.message
    assert Appointment.objects.count() == 0


def test_cancel_within_2_hours_refused(people, slot):
    appt = appointments.book(people.worker, slot_id=slot.pk)
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() + dt.timedelta(minutes=90))
    with pytest.raises(Invalid):
        appointments.cancel(people.worker, appointment_id=appt.pk)
    appt.refresh_from_db()
    assert appt.cancelled_at is None


def test_reminder_day_before(people, slot):
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(15))))
    appointments.book(people.worker, slot_id=slot.pk)
    assert appointments.send_reminders() == 1
    assert appointments.send_reminders() == 0
    assert Message.objects.filter(recipient=people.worker, kind="rights.appointment_reminder").count() == 1


def test_session_notes_only_psychologist_and_worker_every_attempt_audited(people, slot):
    appt = appointments.book(people.worker, slot_id=slot.pk)
    appointments.write_note(people.psych, appointment_id=appt.pk, text="来访者主诉睡眠差，建议规律作息。")
    assert appointments.read_note(people.psych, appointment_id=appt.pk).text.startswith("来访者")
    assert appointments.read_note(people.worker, appointment_id=appt.pk).text.startswith("来访者")
    for outsider in (people.admin, people.staff, people.lawyer, people.other):
        with pytest.raises(NotFound):
            appointments.read_note(outsider, appointment_id=appt.pk)
    with pytest.raises(NotFound):
        appointments.write_note(people.worker, appointment_id=appt.pk, text="我改一下")
    assert SessionNote.objects.get().text.startswith("来访者")
    assert AuditEvent.objects.filter(action="rights.session_note_read").count() == 2
    denied = AuditEvent.objects.filter(action="rights.session_note_read_denied")
    assert {e.actor_id for e in denied} == {people.admin.pk, people.staff.pk, people.lawyer.pk, people.other.pk}
    # the stored text is encrypted at rest
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT text FROM rights_sessionnote")
        assert "来访者" not in cur.fetchone()[0]


def test_lawyer_cannot_write_session_notes(people):
    start = timezone.now() + dt.timedelta(days=3)
    s = Slot.objects.create(counsellor=people.lawyer.rights_counsellor, starts_at=start, mode="phone")
    appt = appointments.book(people.worker, slot_id=s.pk)
    with pytest.raises(NotFound):
        appointments.write_note(people.lawyer, appointment_id=appt.pk, text="x")
    assert SessionNote.objects.count() == 0


def test_publish_slot_validation(people):
    with pytest.raises(Invalid):
        appointments.publish_slot(people.psych, starts_at=timezone.now() - dt.timedelta(hours=1), mode="phone")
    with pytest.raises(NotFound):
        appointments.publish_slot(people.staff, starts_at=timezone.now() + dt.timedelta(days=1), mode="phone")
    s = appointments.publish_slot(people.psych, starts_at=timezone.now() + dt.timedelta(days=1), mode="phone")
    with pytest.raises(Conflict):
        appointments.publish_slot(people.psych, starts_at=s.starts_at, mode="phone")


def test_assigned_counsellor_may_open_the_case_attachments(people, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("工资条.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    case = open_case(people, uploads=[pdf])
    attachment = case.attachments.get()
    client.force_login(people.lawyer)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404  # not assigned yet
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.lawyer.pk)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 200
    client.force_login(people.psych)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
