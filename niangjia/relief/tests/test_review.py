"""The approval screen: everything on one page, buttons only for who may decide, a fixed number of queries
whatever the number of photos and steps, and the approval sheet PDF of a decided application."""

import datetime as dt
import pathlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from niangjia.core.tests.evidence import post_from_page
from niangjia.relief import services
from niangjia.relief.models import Application

YEAR = timezone.localdate().year
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def photos(n: int, seed: int = 0):
    return [SimpleUploadedFile(f"p{i}.png", PNG + bytes([seed, i]), content_type="image/png") for i in range(n)]


def application(staff, household, *, n_photos: int, number: str, description="住院治疗，家中仅一人有收入"):
    return services.submit_application(
        actor=staff, household_id=household.pk, kind="hospitalization", year=YEAR, total_cost="50000.00",
        self_paid="38000.00", description=description, photos=photos(n_photos, seed=len(number)),
        invoices=[{"number": number, "amount": "50000.00", "issued_on": dt.date(YEAR, 1, 1).isoformat()}])


def page_queries(client, app) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("relief:application_review", args=[app.pk]))
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_review_page_shows_the_evidence_and_a_fixed_number_of_queries(client, tree, staff_a, district_a,
                                                                     city_approver, make_household, make_user):
    from niangjia.relief.models import ApprovalStep

    small = application(staff_a, make_household(staff_a, tree.union_a), n_photos=1, number="RV-1")
    big_household = make_household(staff_a, tree.union_a, incomes=("3000", "2000", "0", "0"))
    big = application(staff_a, big_household, n_photos=6, number="RV-2")
    for app in (small, big):
        services.decide(actor=staff_a, application_id=app.pk, approve=True, reason="材料齐全")
    # more earlier steps on the big one (each by another person), same status: the queries must not grow
    for i in range(3):
        ApprovalStep.objects.create(application=big, level="grassroots", approve=True, reason=f"补充说明{i}",
                                    actor=make_user(name=f"复核{i}"), org=tree.union_a)
    client.force_login(district_a)
    n_small, _ = page_queries(client, small)
    n_big, body = page_queries(client, big)
    assert n_big == n_small, (n_small, n_big)
    assert body.count('data-testid="evidence-photo"') == 6
    assert "js/lightbox.js" in body and 'id="nj-lightbox"' in body and "<script>" not in body.split("<main")[1]
    assert "住院治疗，家中仅一人有收入" in body and "RV-2" in body
    assert "材料齐全" in body and "补充说明2" in body and "复核2" in body  # earlier steps with reasons
    assert "1,250.00" in body  # per capita: (3000 + 2000) / 4
    assert 'data-testid="calculation"' in body and "第 2 档" in body
    assert 'data-testid="decide-form"' in body
    # decided applications: the stored decision, again the same count for both sizes
    for app in (small, big):
        services.decide(actor=district_a, application_id=app.pk, approve=True, reason="同意")
    client.force_login(city_approver)
    assert page_queries(client, small)[0] == page_queries(client, big)[0]


def test_buttons_only_for_the_level_that_may_decide(client, tree, staff_a, district_a, make_user, make_household):
    app = application(staff_a, make_household(staff_a, tree.union_a), n_photos=1, number="RV-3")
    url = reverse("relief:application_review", args=[app.pk])
    client.force_login(staff_a)
    assert 'data-testid="decide-form"' in client.get(url).content.decode()
    post_from_page(client, url, {"action": "approve", "reason": ""})
    assert Application.objects.get(pk=app.pk).status == "reviewed"
    body = client.get(url).content.decode()  # the district step is not the grassroots staff's
    assert 'data-testid="decide-form"' not in body and 'data-testid="not-your-step"' in body
    post_from_page(client, url, {"action": "approve", "reason": ""})  # posting anyway changes nothing
    assert Application.objects.get(pk=app.pk).status == "reviewed"
    client.force_login(district_a)
    client.post(url, {"action": "reject", "reason": ""})  # a rejection needs a reason: nothing changes
    assert Application.objects.get(pk=app.pk).status == "reviewed"
    client.post(url, {"action": "reject", "reason": "收入核实不符"})
    assert Application.objects.get(pk=app.pk).status == "rejected"
    body = client.get(url).content.decode()
    assert 'data-testid="decide-form"' not in body and 'data-testid="sheet-link"' in body
    client.force_login(make_user(roles=[(tree.district_b, "approver")]))
    assert client.get(url).status_code == 404


def story_text(story) -> str:
    """The text of a reportlab story: paragraphs and the paragraphs inside table cells."""
    out = []
    flat = []
    for flowable in story:
        flat += getattr(flowable, "_content", [flowable])  # KeepTogether holds its flowables
    for flowable in flat:
        if hasattr(flowable, "getPlainText"):
            out.append(flowable.getPlainText())
        for row in getattr(flowable, "_cellvalues", []):
            out += [cell.getPlainText() for cell in row if hasattr(cell, "getPlainText")]
    return "\n".join(out)


def test_approval_sheet_pdf_of_a_decided_application(client, tree, staff_a, district_a, make_household,
                                                     monkeypatch):
    from niangjia.core import pdf

    built = []
    real_build = pdf.build
    monkeypatch.setattr(pdf, "build", lambda title, story: built.append(story_text(story)) or real_build(title, story))
    app = application(staff_a, make_household(staff_a, tree.union_a), n_photos=2, number="=HYPERLINK(\"x\")")
    client.force_login(staff_a)
    sheet = reverse("relief:application_sheet", args=[app.pk])
    assert client.get(sheet).status_code == 302  # not decided yet
    services.decide(actor=staff_a, application_id=app.pk, approve=True, reason="材料齐全")
    services.decide(actor=district_a, application_id=app.pk, approve=True, reason="同意")
    response = client.get(sheet)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"STSong-Light" in response.content  # the CJK font
    pathlib.Path("var").mkdir(exist_ok=True)
    pathlib.Path("var/relief-approval-sheet.pdf").write_bytes(response.content)  # for a look (pdftoppm -png)
    text = built[-1]
    for expected in ("困难职工帮扶申请审批表", "区审批人", "基层干事", "材料齐全", "同意", "5,000.00", "签字",
                     "（盖章）", "第 2 档", '=HYPERLINK("X")', "照片/文件 2 份", "区总审批"):
        assert expected in text, expected
