"""A help case is a conversation (issue 13): the worker adds messages and photos, staff replies move it on."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Attachment
from niangjia.rights.models import Case, CaseEvent
from niangjia.rights.services import cases

pytestmark = pytest.mark.django_db
DESC = "公司三个月没发工资，老板说再等等，我该怎么办？"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case(people):
    return cases.open_online_case(people.worker, category="wages", description=DESC)


def test_worker_adds_a_message_with_a_photo_and_sees_it(client, people, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.worker)
    resp = client.post(reverse("rights:case_message", args=[case.pk]),
                       {"text": "老板今天又说下个月发", "photos": SimpleUploadedFile("pay.png", PNG, "image/png")})
    assert resp.status_code == 302
    event = CaseEvent.objects.get(case=case, kind="message")
    assert event.note == "老板今天又说下个月发" and event.attachments.count() == 1
    page = client.get(reverse("rights:case", args=[case.pk])).content.decode()
    assert "老板今天又说下个月发" in page and 'data-testid="evidence"' in page and "pay.png" in page


def test_staff_reply_moves_a_new_case_to_in_progress_and_the_worker_sees_it(client, people, case):
    cases.reply(people.staff, case_id=case.pk, text="您好，请把工资条拍照发给我们。")
    case.refresh_from_db()
    assert case.status == "in_progress" and case.assignee == people.staff and case.first_response_at
    client.force_login(people.worker)
    page = client.get(reverse("rights:case", args=[case.pk])).content.decode()
    assert "处理中" in page and "请把工资条拍照发给我们" in page


def test_staff_sees_the_workers_message(client, people, case):
    cases.add_worker_message(people.worker, case_id=case.pk, text="补充：还有加班费没给")
    client.force_login(people.staff)
    page = client.get(reverse("rights:staff_case", args=[case.pk])).content.decode()
    assert "补充：还有加班费没给" in page and "职工留言" in page


@pytest.mark.parametrize(("who", "text", "error"), [
    ("other", "我也想说", NotFound),
    ("worker", "", Invalid),
    ("worker", "很" * 20_001, Invalid),
])
def test_refusals_write_nothing(people, case, who, text, error):
    actor = people.other if who == "other" else people.worker
    before = (CaseEvent.objects.count(), Attachment.objects.count())
    with pytest.raises(error):
        cases.add_worker_message(actor, case_id=case.pk, text=text)
    assert (CaseEvent.objects.count(), Attachment.objects.count()) == before


def test_a_closed_case_takes_no_more_messages(people, case):
    Case.objects.filter(pk=case.pk).update(status="closed")
    with pytest.raises(Conflict):
        cases.add_worker_message(people.worker, case_id=case.pk, text="还在吗")
    assert not CaseEvent.objects.filter(case=case, kind="message").exists()


def test_another_worker_cannot_post_to_the_case_page(client, people, case):
    client.force_login(people.other)
    assert client.post(reverse("rights:case_message", args=[case.pk]), {"text": "x"}).status_code == 404


def test_a_non_member_may_ask_online_and_the_city_receives_it(client, people, make_user):
    outsider = make_user(name="还没入会的小张")
    client.force_login(outsider)
    resp = client.post(reverse("rights:ask"), {"category": "wages", "description": DESC, "employer_name": "某快递站"})
    assert resp.status_code == 302
    case = Case.objects.get(requester=outsider)
    assert case.org == people.tree.city and case.employer_name == "某快递站"
    # The city's staff see it; a district's staff do not.
    assert cases._may_handle(people.admin, case)
    assert not cases._may_handle(people.staff, case)
