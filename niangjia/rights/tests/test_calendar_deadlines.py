"""The working-day calendar (State Council notices + workbench table), deadlines kept as data, and the
schedule of periodic tasks in Beijing time.

Expected dates are worked out by hand from 《国务院办公厅关于2026年部分节假日安排的通知》(2025-11-04):
元旦 1月1日—3日放假, 1月4日(周日)上班; 春节 2月15日—23日放假, 2月14日(周六)、2月28日(周六)上班; 清明 4月4日—6日;
劳动节 5月1日—5日放假, 5月9日(周六)上班; 端午 6月19日—21日; 中秋 9月25日—27日; 国庆 10月1日—7日放假,
9月20日(周日)、10月10日(周六)上班. Letter deadlines: policies.md §9 (意见书 15 working days, 建议书 5).
"""

import datetime as dt
import types

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.core.errors import NotFound
from niangjia.core.models import AuditEvent
from niangjia.rights import official_calendar, selectors
from niangjia.rights.models import Appointment, Case, DeadlinePolicy, Holiday, Slot
from niangjia.rights.services import appointments, cases, config, letters
from niangjia.rights.services.common import calendar

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "working"), [
    # 2026 notice
    (D(2026, 1, 2), False), (D(2026, 1, 4), True), (D(2026, 2, 13), True), (D(2026, 2, 14), True),
    (D(2026, 2, 16), False), (D(2026, 2, 23), False), (D(2026, 2, 24), True), (D(2026, 2, 28), True),
    (D(2026, 4, 6), False), (D(2026, 5, 5), False), (D(2026, 5, 9), True), (D(2026, 6, 19), False),
    (D(2026, 9, 20), True), (D(2026, 9, 25), False), (D(2026, 10, 7), False), (D(2026, 10, 10), True),
    (D(2026, 10, 11), False),
    # 2020 notice: 春节 1月19日(周日)上班; 劳动节 4月26日(周日)、5月9日(周六)上班; 端午 6月28日(周日)上班;
    # 国庆中秋 10月1日—8日, 9月27日(周日)、10月10日(周六)上班
    (D(2020, 1, 19), True), (D(2020, 4, 26), True), (D(2020, 5, 4), False), (D(2020, 5, 9), True),
    (D(2020, 6, 25), False), (D(2020, 6, 28), True), (D(2020, 9, 27), True), (D(2020, 10, 8), False),
    (D(2020, 10, 10), True),
    # 2025 notice: 春节 1月28日—2月4日, 1月26日(周日)、2月8日(周六)上班; 国庆中秋 10月1日—8日, 9月28日(周日)、
    # 10月11日(周六)上班
    (D(2025, 1, 26), True), (D(2025, 2, 4), False), (D(2025, 2, 8), True), (D(2025, 9, 28), True),
    (D(2025, 10, 8), False), (D(2025, 10, 11), True),
    # 2027: statutory days of 《全国年节及纪念日放假办法》 only (除夕 2月5日, 清明 4月5日, 端午 6月9日, 中秋 9月15日)
    (D(2027, 1, 1), False), (D(2027, 2, 5), False), (D(2027, 2, 8), False), (D(2027, 4, 5), False),
    (D(2027, 6, 9), False), (D(2027, 9, 15), False), (D(2027, 10, 1), False), (D(2027, 10, 4), True),
])
def test_calendar_follows_the_state_council_notices(day, working):
    assert calendar().is_working_day(day) is working


def test_case_opened_friday_before_spring_festival_is_due_on_the_make_up_saturday(people, monkeypatch):
    # Fri 2026-02-13, 09:00 Beijing. SLA of a wages case: first response 1, resolution 10 working days.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 2, 13, 1, 0, tzinfo=dt.UTC))
    case = cases.open_online_case(people.worker, category="wages", description="单位拖欠三个月工资，一直不发。")
    assert case.first_response_due == D(2026, 2, 14)  # the make-up Saturday, not 02-24
    # 14 (1), 24-27 (2-5), 28 make-up (6), Mar 2-5 (7-10)
    assert case.resolution_due == D(2026, 3, 5)


@pytest.mark.parametrize(("kind", "delivered", "due"), [
    ("opinion", D(2026, 2, 12), D(2026, 3, 11)),  # 13, 14(调休), 24-28, Mar 2-6, 9-11
    ("suggestion", D(2026, 2, 12), D(2026, 2, 26)),  # 13, 14(调休), 24, 25, 26
    ("suggestion", D(2026, 9, 28), D(2026, 10, 10)),  # 29, 30, Oct 8, 9, 10(调休)
    ("opinion", D(2026, 9, 18), D(2026, 10, 15)),  # 20(调休), 21-24, 28-30, Oct 8, 9, 10(调休), 12-15
    ("suggestion", D(2026, 4, 30), D(2026, 5, 11)),  # May 6, 7, 8, 9(调休), 11
    ("opinion", D(2025, 12, 31), D(2026, 1, 22)),  # Jan 4(调休), 5-9, 12-16, 19-22
])
def test_letter_answer_deadlines_across_the_holidays(people, kind, delivered, due):
    t = people.tree
    letter = letters.issue(people.staff, org=t.district_a, kind=kind, recipient_name="湖滨商贸有限公司",
                           employer_uscc=t.union_a.uscc, issues="未依法足额支付加班工资。",
                           legal_basis="《劳动法》第四十四条", rectification="补发加班工资。")
    assert letters.mark_delivered(people.staff, letter_id=letter.pk, on=delivered).answer_due == due


def test_workbench_rows_override_the_built_in_calendar(client, people):
    client.force_login(people.admin)
    # a weekend that the notice made a working day can be taken back; a weekday off can be made a working day
    client.post(reverse("rights:holidays"), {"day": "2026-02-14", "name": "取消调休", "is_workday": "0"})
    client.post(reverse("rights:holidays"), {"day": "2026-02-16", "name": "更正", "is_workday": "1"})
    cal = calendar()
    assert not cal.is_working_day(D(2026, 2, 14))
    assert cal.is_working_day(D(2026, 2, 16))
    # an ordinary weekday cannot be a "make-up working day", an ordinary weekend cannot be "a holiday"
    before = Holiday.objects.count()
    page = client.post(reverse("rights:holidays"), {"day": "2026-03-03", "name": "x", "is_workday": "1"}, follow=True)
    assert "调休上班日应是周六或周日" in page.content.decode()
    client.post(reverse("rights:holidays"), {"day": "2026-03-07", "name": "x", "is_workday": "0"})
    assert Holiday.objects.count() == before == 2


def test_later_years_show_what_the_built_in_data_lacks(client, people):
    years = {y["year"]: y["source"] for y in selectors.calendar_years(D(2026, 12, 1))}
    assert years[2020] == years[2026] == "notice"
    assert years[2027] == "statutory"
    assert official_calendar.covered_years()[2027] == "statutory"
    client.force_login(people.admin)
    html = client.get(reverse("rights:holidays")).content.decode()
    assert "仅有法定假日" in html and "国务院通知" in html


# --- deadlines as data ------------------------------------------------------------------------------

GOOD = {"opinion_answer_working_days": "10", "suggestion_answer_working_days": "3", "reopen_days": "20",
        "cancel_hours_before": "1"}


def test_deadlines_are_seeded_from_policy():
    row = DeadlinePolicy.objects.get(pk=1)
    assert (row.opinion_answer_working_days, row.suggestion_answer_working_days) == (15, 5)  # policies.md §9
    assert (row.reopen_days, row.cancel_hours_before) == (15, 2)


def test_admin_edits_deadlines_on_the_settings_page_and_they_apply(client, people, slot):
    client.force_login(people.admin)
    assert "文书与预约期限" in client.get(reverse("rights:sla")).content.decode()
    client.post(reverse("rights:sla"), {"op": "deadlines", **GOOD})
    event = AuditEvent.objects.get(action="rights.deadlines_save")
    assert event.actor_id == people.admin.pk
    t = people.tree
    letter = letters.issue(people.staff, org=t.district_a, kind="opinion", recipient_name="湖滨商贸有限公司",
                           employer_uscc=t.union_a.uscc, issues="未依法足额支付加班工资。",
                           legal_basis="《劳动法》第四十四条", rectification="补发加班工资。")
    # 10 working days from Mon 2026-11-02: Nov 3-6, 9-13, 16
    assert letters.mark_delivered(people.staff, letter_id=letter.pk, on=D(2026, 11, 2)).answer_due == D(2026, 11, 16)
    # reopen window 20 days: a case resolved 16 days ago may be reopened (15 would refuse it)
    case = cases.open_online_case(people.worker, category="wages", description="单位拖欠三个月工资，一直不发。")
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.staff.pk)
    cases.act(people.staff, case_id=case.pk, action="resolve", note="已处理")
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - dt.timedelta(days=16))
    assert cases.act(people.worker, case_id=case.pk, action="reopen").status == "in_progress"
    # cancel window 1 hour: a booking 90 minutes away may be cancelled (2 hours would refuse it)
    appt = appointments.book(people.worker, slot_id=slot.pk)
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() + dt.timedelta(minutes=90))
    appointments.cancel(people.worker, appointment_id=appt.pk)
    assert Appointment.objects.get(pk=appt.pk).cancelled_at is not None


@pytest.mark.parametrize(("field", "value"), [
    ("opinion_answer_working_days", "0"), ("opinion_answer_working_days", "61"),
    ("suggestion_answer_working_days", "abc"), ("reopen_days", "１５"), ("reopen_days", "-1"),
    ("cancel_hours_before", "2.5"), ("cancel_hours_before", ""),
])
def test_bad_deadline_refused_in_chinese_and_nothing_changes(client, people, field, value):
    client.force_login(people.admin)
    page = client.post(reverse("rights:sla"), {"op": "deadlines", **GOOD, field: value}, follow=True)
    assert page.status_code == 200
    assert "之间的整数" in page.content.decode()
    row = DeadlinePolicy.objects.get(pk=1)
    assert (row.opinion_answer_working_days, row.reopen_days, row.cancel_hours_before) == (15, 15, 2)
    assert not AuditEvent.objects.filter(action="rights.deadlines_save").exists()


def test_only_platform_admins_edit_deadlines(client, people, make_user):
    district_admin = make_user(roles=[(people.tree.district_a, "admin")], name="区总管理员")
    client.force_login(district_admin)
    assert client.post(reverse("rights:sla"), {"op": "deadlines", **GOOD}).status_code == 404
    with pytest.raises(NotFound):
        config.save_deadlines(people.staff, **GOOD)
    assert DeadlinePolicy.objects.get(pk=1).opinion_answer_working_days == 15


# --- periodic tasks in Beijing time -----------------------------------------------------------------


def _due_tasks(monkeypatch, instant: dt.datetime) -> set[str]:
    """The periodic tasks huey's consumer would start at `instant` (its own clock code, with the clock frozen)."""
    import huey.api
    from huey.contrib.djhuey import HUEY

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else dt.datetime.fromtimestamp(instant.timestamp())  # noqa: DTZ006

    monkeypatch.setattr(huey.api, "datetime", types.SimpleNamespace(datetime=Frozen, timedelta=dt.timedelta))
    monkeypatch.setattr(huey.api, "utcnow", lambda: instant.astimezone(dt.UTC).replace(tzinfo=None))
    import niangjia.rights.tasks  # noqa: F401 — registers the periodic tasks

    return {t.name.rsplit(".", 1)[-1] for t in HUEY.read_periodic(None)}


@pytest.mark.parametrize(("utc_instant", "fires"), [
    (dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), True),  # 18:00 Beijing
    (dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC), False),  # 02:00 Beijing (what UTC scheduling did)
    (dt.datetime(2026, 12, 1, 10, 1, tzinfo=dt.UTC), False),
])
def test_appointment_reminder_fires_at_18_beijing_time(monkeypatch, utc_instant, fires):
    assert ("remind_appointments" in _due_tasks(monkeypatch, utc_instant)) is fires


def test_morning_jobs_run_in_beijing_time(monkeypatch):
    due = _due_tasks(monkeypatch, dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC))  # 09:00 Beijing
    assert "alert_missed_mediation_payments" in due
    assert "remind_appointments" not in due
