import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from niangjia.core.models import AuditEvent
from niangjia.rights.models import Appointment, Case, DutyShift
from niangjia.rights.services import appointments, cases
from niangjia.rights.services.kb import load_seed_articles

pytestmark = pytest.mark.django_db
DESC = "公司连续三个月拖欠工资不发，老板一直拖着，我该怎么讨薪？"


def test_home_in_chinese_by_default(client, people):
    client.force_login(people.worker)
    resp = client.get(reverse("rights:home"))
    assert resp.status_code == 200
    assert "我要求助" in resp.content.decode()
    assert "Ask for help" not in resp.content.decode()


def test_suggestions_partial(client, db):
    load_seed_articles()
    resp = client.get(reverse("rights:suggest"), {"description": "单位单方面给我减工资"})
    html = resp.content.decode()
    assert "这些解答也许能帮到你" in html
    assert "降薪" in html


def test_ask_submit_with_attachment_and_errors(client, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.worker)
    bad = client.post(reverse("rights:ask"), {"category": "wages", "description": "很" * 20_000})
    assert bad.status_code == 422
    assert "不能超过" in bad.content.decode()
    wrong = client.post(reverse("rights:ask"), {"category": "wages", "description": DESC,
                                                "attachments": SimpleUploadedFile("a.png", b"GIF89a....")})
    assert wrong.status_code == 422
    assert "PNG" in wrong.content.decode()
    assert Case.objects.count() == 0
    ok = client.post(reverse("rights:ask"), {"category": "wages", "description": DESC, "preferred_contact": "phone",
                                             "attachments": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    case = Case.objects.get()
    assert ok.status_code == 302
    assert case.attachments.count() == 1
    page = client.get(reverse("rights:case", args=[case.pk]))
    assert case.number in page.content.decode()


def test_lawyer_opening_unassigned_case_page_is_404(client, people):
    case = cases.open_online_case(people.worker, category="wages", description=DESC)
    client.force_login(people.lawyer)
    assert client.get(reverse("rights:staff_case", args=[case.pk])).status_code == 404
    assert client.get(reverse("rights:case", args=[case.pk])).status_code == 404
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.lawyer.pk)
    assert client.get(reverse("rights:staff_case", args=[case.pk])).status_code == 200
    resp = client.post(reverse("rights:staff_case", args=[case.pk]), {"op": "reply", "note": "请保留证据"})
    assert resp.status_code == 302
    client.force_login(people.worker)
    assert "请保留证据" in client.get(reverse("rights:case", args=[case.pk])).content.decode()


def test_workbench_marks_overdue_and_shows_duty(client, people):
    case = cases.open_online_case(people.worker, category="wages", description=DESC)
    Case.objects.filter(pk=case.pk).update(resolution_due=timezone.localdate() - dt.timedelta(days=2))
    now = timezone.localtime()
    shift = "night" if now.hour < 8 else ("day" if now.hour < 16 else "evening")
    DutyShift.objects.create(org=people.tree.district_a, day=now.date(), shift=shift, staff=people.staff)
    client.force_login(people.staff)
    html = client.get(reverse("rights:workbench")).content.decode()
    assert "table-danger" in html
    assert "超期" in html
    assert "区总工会干事" in html
    assert client.get(reverse("rights:screen_pop")).status_code == 204
    client.force_login(people.worker)
    assert client.get(reverse("rights:workbench")).status_code == 404


def _make_cases(people, n):
    for _ in range(n):
        c = cases.open_online_case(people.worker, category="wages", description=DESC)
        cases.assign(people.staff, case_id=c.pk, assignee_id=people.lawyer.pk)


def _queue_queries(client, django_assert_num_queries, expected_rows, n_queries=None):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(reverse("rights:workbench"), {"size": 50})
    assert resp.status_code == 200
    # A row may start with the bulk-selection checkbox cell (core/_grid_check.html) before the case link.
    row = r'class="(?:table-danger)?">(?:<td><input [^>]*data-grid-row[^>]*></td>)?<td><a href="/rights/workbench/cases/'
    assert len(re.findall(row, resp.content.decode())) == expected_rows
    return len(ctx.captured_queries)


def test_staff_case_list_query_count_fixed(client, people, django_assert_num_queries):
    client.force_login(people.staff)
    _make_cases(people, 3)
    few = _queue_queries(client, django_assert_num_queries, 3)
    _make_cases(people, 12)
    client.force_login(people.staff)
    with django_assert_num_queries(few):
        resp = client.get(reverse("rights:workbench"), {"size": 50})
    assert resp.content.decode().count('href="/rights/workbench/cases/') == 15


def test_book_slot_page_and_past_slot_error(client, people, slot):
    client.force_login(people.worker)
    assert "陈咨询师" in client.get(reverse("rights:appointments")).content.decode()
    resp = client.post(reverse("rights:slot_book", args=[slot.pk]), {"topic": "压力大"}, follow=True)
    assert "预约成功" in resp.content.decode() or Appointment.objects.filter(slot=slot).exists()
    assert Appointment.objects.filter(slot=slot, worker=people.worker).count() == 1
    client.force_login(people.other)
    resp = client.post(reverse("rights:slot_book", args=[slot.pk]), follow=True)
    assert "别人约走" in resp.content.decode()


def test_session_note_page_admin_404_and_audited(client, people, slot):
    appt = appointments.book(people.worker, slot_id=slot.pk)
    client.force_login(people.psych)
    client.post(reverse("rights:session_note", args=[appt.pk]), {"text": "睡眠差，建议放松训练"})
    client.force_login(people.admin)
    assert client.get(reverse("rights:session_note", args=[appt.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="rights.session_note_read_denied", actor=people.admin).count() == 1
    client.force_login(people.worker)
    assert "放松训练" in client.get(reverse("rights:session_note", args=[appt.pk])).content.decode()


def test_stats_page_and_excel(client, people):
    c = cases.open_online_case(people.worker, category="wages", description=DESC)
    cases.assign(people.staff, case_id=c.pk, assignee_id=people.staff.pk)
    cases.act(people.staff, case_id=c.pk, action="resolve", note="已解决")
    cases.rate(people.worker, case_id=c.pk, rating=4)
    client.force_login(people.staff)
    resp = client.get(reverse("rights:stats"))
    assert resp.status_code == 200
    assert resp.context["data"]["satisfaction_avg"] == 4
    future = client.get(reverse("rights:stats"), {"since": "2099-01-01"})
    assert future.context["data"]["total"] == 0
    assert client.get(reverse("rights:workbench"), {"size": "abc"}).status_code == 200
    x = client.get(reverse("rights:stats"), {"export": "xlsx"})
    assert x["Content-Type"].startswith("application/vnd.openxmlformats")


def test_letters_pages_issue_deliver_pdf(client, people):
    client.force_login(people.staff)
    resp = client.post(reverse("rights:letters"), {
        "org": people.tree.district_a.pk, "kind": "opinion", "recipient_name": "湖滨商贸有限公司",
        "employer_uscc": people.tree.union_a.uscc, "issues": "未足额支付加班工资", "legal_basis": "《劳动法》第四十四条",
        "rectification": "补发加班工资"})
    assert resp.status_code == 302
    from niangjia.rights.models import SupervisionLetter

    letter = SupervisionLetter.objects.get()
    client.post(reverse("rights:letter", args=[letter.pk]), {"op": "deliver", "on": "2026-11-02"})
    letter.refresh_from_db()
    assert letter.answer_due == dt.date(2026, 11, 23)
    pdf = client.get(reverse("rights:letter_pdf", args=[letter.pk]))
    assert pdf.content.startswith(b"%PDF-")
    assert "意见书" in client.get(reverse("rights:letters")).content.decode()
    client.force_login(people.staff_b)
    assert client.get(reverse("rights:letter", args=[letter.pk])).status_code == 404


def test_mediation_pages_worker_confirms(client, people):
    from niangjia.rights.models import Mediation
    from niangjia.rights.services import mediation

    m = mediation.open_mediation(people.staff, org=people.tree.district_a, worker=people.worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=people.tree.union_a.uscc,
                                 claims=[("拖欠工资", "3000")])
    client.force_login(people.staff)
    c = m.claims.get()
    client.post(reverse("rights:mediation", args=[m.pk]), {"op": "agreement", f"agreed_{c.pk}": "3000",
                                                          "terms": "一次付清", "instalments": "2030-01-31 3000"})
    assert Mediation.objects.get(pk=m.pk).agreement.total_amount == 3000
    assert "调解" in client.get(reverse("rights:mediations")).content.decode()
    client.force_login(people.worker)
    assert "湖滨商贸有限公司" in client.get(reverse("rights:my_cases")).content.decode()
    client.post(reverse("rights:mediation", args=[m.pk]), {"op": "confirm"})
    assert Mediation.objects.get(pk=m.pk).agreement.worker_confirmed_at is not None
    assert client.get(reverse("rights:mediation_pdf", args=[m.pk])).content.startswith(b"%PDF-")
    client.force_login(people.other)
    assert client.get(reverse("rights:mediation", args=[m.pk])).status_code == 404
    assert client.post(reverse("rights:mediation", args=[m.pk]), {"op": "refer", "reason": "x"}).status_code == 404
    assert Mediation.objects.get(pk=m.pk).status == "open"


def test_risk_page(client, people):
    cases.open_online_case(people.worker, category="wages", description=DESC)
    client.force_login(people.staff)
    html = client.get(reverse("rights:risk")).content.decode()
    assert "湖滨商贸有限公司" in html
    assert "table-warning" in html


def test_duty_roster_add_and_on_duty_now(client, people):
    client.force_login(people.staff)
    now = timezone.localtime()
    shift = "night" if now.hour < 8 else ("day" if now.hour < 16 else "evening")
    resp = client.post(reverse("rights:duty"), {"org": people.tree.district_a.pk, "day": now.date().isoformat(),
                                                "shift": shift, "staff": people.staff.pk})
    assert resp.status_code == 302
    assert DutyShift.objects.count() == 1
    html = client.get(reverse("rights:duty")).content.decode()
    assert "<strong>区总工会干事</strong>" in html
    # staff of another district cannot be put on this roster
    client.post(reverse("rights:duty"), {"org": people.tree.district_a.pk, "day": now.date().isoformat(),
                                         "shift": shift, "staff": people.staff_b.pk})
    assert DutyShift.objects.count() == 1
    assert AuditEvent.objects.filter(action="rights.duty_add").count() == 1


def test_hotline_staff_open_case_for_caller(client, people):
    client.force_login(people.staff)
    resp = client.post(reverse("rights:hotline_case"), {"org": people.tree.union_a2.pk, "caller_phone": "13912345678",
                                                        "category": "injury",
                                                        "description": "来电者在仓库搬货时扭伤腰，公司不认工伤"})
    case = Case.objects.get()
    assert resp.status_code == 302
    assert (case.channel, case.org, case.category) == ("hotline", people.tree.union_a2, "injury")
    client.force_login(people.staff_b)
    assert client.post(reverse("rights:hotline_case"), {"org": people.tree.union_a2.pk, "caller_phone": "1",
                                                        "category": "injury",
                                                        "description": "来电者在仓库搬货时扭伤腰"}).status_code == 404
    assert Case.objects.count() == 1


def test_admin_shows_settings_read_only(client, make_user):
    root = make_user(is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/admin/rights/synonym/").status_code == 200
    for model in ("synonym", "holiday", "slapolicy", "knowledgearticle"):
        assert client.get(f"/admin/rights/{model}/add/").status_code == 403
