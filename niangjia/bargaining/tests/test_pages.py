"""Pages: the staff walk through every step on the workbench, the member's phone, the PDF and the Excel export;
another district gets 404 on each of them (and on guessed ids); every page in Chinese."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from niangjia.bargaining.models import Agreement, Negotiation
from niangjia.bargaining.tests.conftest import start, to_draft
from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.tests.test_workbench_language import ALLOWED, WORD, visible_text


def english(html: str) -> set[str]:
    return {w for w in WORD.findall(visible_text(html)) if w not in ALLOWED}


def test_staff_walk_through_the_workbench(client, people):
    client.force_login(people.staff)
    r = client.post("/bargaining/workbench/new/", {
        "org_id": people.tree.union_a.pk, "title": "少量降薪换不裁员", "year": "2026", "from_side": "union",
        "received_on": "2026-09-11", "workers_covered": "120", "content": "就 2026 年工资进行协商"})
    n = Negotiation.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/bargaining/workbench/{n.pk}/")
    base = f"/bargaining/workbench/{n.pk}/"
    client.post(base + "answer/", {"accepted": "yes", "on": "2026-09-28"})
    for side in ("union", "employer"):
        for i in range(3):
            client.post(base + "representative/", {"side": side, "name": f"代表{'甲' if side == 'union' else '乙'}{i}", **({"is_chief": "on"} if i == 0 else {})})
    client.post(base + "talks/")
    client.post(base + "round/", {"on": "2026-10-12", "agenda": "工资调整"})
    client.post(base + "position/", {"side": "employer", "increase_pct": "-10"})
    client.post(base + "position/", {"side": "employer", "increase_pct": "-5", "special_terms": "承诺不裁员"})
    client.post(base + "draft/", {"title": "2026 年工资专项集体合同", "increase_pct": "-5", "workers_covered": "120",
                                  "term_start": "2026-01-01", "term_end": "2026-12-31",
                                  "special_terms": "2020 年降薪 5%，承诺不裁员", "text": "第一条"})
    n.refresh_from_db()
    assert n.stage == "draft"
    page = client.get(base, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "工资增幅（%）：-10.00 → -5.00" in page.replace("工资增幅（%）: ", "工资增幅（%）：")
    assert "2026-10-08" in page  # the 20-day answer deadline (国庆 moves it)
    assert not english(page), english(page)
    Negotiation.objects.filter(pk=n.pk).update(stage="approved")
    client.post(base + "sign/", {"on": "2026-09-30"})
    client.post(base + "file/", {"on": "2026-10-09"})
    n.refresh_from_db()
    assert n.stage == "filed"
    assert Agreement.objects.get().objection_end == dt.date(2026, 10, 26)


def test_bad_input_is_a_chinese_message_not_a_500(client, people, negotiation):
    client.force_login(people.staff)
    base = f"/bargaining/workbench/{negotiation.pk}/"
    r = client.post(base + "answer/", {"accepted": "yes", "on": "not-a-date"}, follow=True)
    assert r.status_code == 200 and "请填写正确的回应日期" in r.content.decode()
    r = client.post(base + "nonsense/")
    assert r.status_code == 404
    r = client.post("/bargaining/workbench/new/", {"org_id": "x", "title": "", "year": "y"})
    assert r.status_code in (200, 404)
    assert Negotiation.objects.count() == 1


def test_member_sees_stage_agreement_and_gives_opinion(client, people, negotiation):
    to_draft(people, negotiation)
    client.force_login(people.member)
    home = client.get("/bargaining/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "少量降薪换不裁员" in home and "已形成合同草案" in home
    page = client.get(f"/bargaining/{negotiation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2020 年降薪 5%，承诺不裁员" in page and not english(page)
    client.post(f"/bargaining/{negotiation.pk}/opinion/", {"text": "希望保住岗位"})
    assert negotiation.opinions.get().text == "希望保住岗位"
    pdf = client.get(f"/bargaining/{negotiation.pk}/agreement.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_another_district_gets_404_everywhere(client, people, negotiation, who):
    to_draft(people, negotiation)
    client.force_login(getattr(people, who))
    for url in (f"/bargaining/workbench/{negotiation.pk}/", f"/bargaining/{negotiation.pk}/",
                f"/bargaining/{negotiation.pk}/agreement.pdf", f"/bargaining/workbench/{negotiation.pk + 1000}/"):
        assert client.get(url).status_code == 404, url
    r = client.post(f"/bargaining/workbench/{negotiation.pk}/answer/", {"accepted": "yes", "on": "2026-09-28"})
    assert r.status_code == 404
    r = client.post(f"/bargaining/{negotiation.pk}/opinion/", {"text": "x"})
    assert r.status_code == 404
    if who == "outsider":
        grid = client.get("/bargaining/workbench/").content.decode()
        assert "少量降薪换不裁员" not in grid
        wb = load_workbook(io.BytesIO(client.get("/bargaining/workbench/export/").content))
        assert wb.active.max_row == 2  # title and header only
    negotiation.refresh_from_db()
    assert negotiation.stage == "draft" and not negotiation.opinions.exists()


def test_export_has_numbers_and_dates(client, people, negotiation):
    to_draft(people, negotiation)
    client.force_login(people.district_staff)
    wb = load_workbook(io.BytesIO(client.get("/bargaining/workbench/export/").content))
    ws = wb.active
    header = [c.value for c in ws[2]]
    row = [c.value for c in ws[3]]
    assert row[header.index("工资增幅")] == pytest.approx(-0.05)
    assert row[header.index("覆盖职工（人）")] == 120
    assert row[header.index("期限起")].date() == dt.date(2026, 1, 1)


def test_grid_costs_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.district_staff)
    counter = iter(range(100))

    def add_rows(k):
        for _ in range(k):
            n = start(people, title=f"协商{next(counter)}")
            if next(counter) % 2:
                to_draft(people, n)

    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get("/bargaining/workbench/"), add_rows,
                            markers=lambda r: len(re.findall(r'data-testid="negotiation-row"', r.content.decode())))


def test_member_list_costs_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.member)
    counter = iter(range(100))

    def add_rows(k):
        for _ in range(k):
            to_draft(people, start(people, title=f"协商{next(counter)}"))

    # 6 for the list, 4 for the workers' request card (membership, requests, headcount, regional share)
    assert_constant_queries(django_assert_num_queries, 10, lambda: client.get("/bargaining/"), add_rows,
                            markers=lambda r: len(re.findall(r'data-testid="negotiation"', r.content.decode())))


def test_stats_and_todo_pages_in_chinese(client, people, negotiation):
    client.force_login(people.district_staff)
    for url in ("/bargaining/workbench/", "/bargaining/workbench/stats/", f"/bargaining/workbench/{negotiation.pk}/"):
        r = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert r.status_code == 200 and not english(r.content.decode()), (url, english(r.content.decode()))
    todo = client.get("/workbench/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "要约待回应" in todo and "少量降薪换不裁员" in todo


def test_scans_are_attached_checked_and_scoped(client, people, negotiation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from niangjia.bargaining import services as bargaining_services

    to_draft(people, negotiation)
    Negotiation.objects.filter(pk=negotiation.pk).update(stage="approved")
    bargaining_services.sign_agreement(actor=people.staff, negotiation_id=negotiation.pk, signed_on=dt.date(2026, 9, 30))
    client.force_login(people.staff)
    base = f"/bargaining/workbench/{negotiation.pk}/"
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(base + "attach/", {"files": [fake]}, follow=True)
    assert "PDF" in r.content.decode() and not Agreement.objects.get().attachments.exists()
    scan = SimpleUploadedFile("签字合同.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf")
    client.post(base + "attach/", {"files": [scan]})
    agreement = Agreement.objects.get()
    assert agreement.attachments.count() == 1
    url = f"/attachments/{agreement.attachments.get().pk}/"
    assert client.get(url).status_code == 200
    client.force_login(people.outsider)
    assert client.get(url).status_code == 404
    scan2 = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")
    assert client.post(base + "attach/", {"files": [scan2]}).status_code == 404
    assert agreement.attachments.count() == 1
