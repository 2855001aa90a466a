"""Browser: a worker asks, sees suggested answers, submits a case and reads the lawyer's reply;
a worker books a psychologist's slot."""

import pytest
from django.utils import timezone

from niangjia.rights.models import Appointment, Case
from niangjia.rights.services import cases
from niangjia.rights.services.kb import load_seed_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, phone):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", "Test-pass-2020")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_ask_suggestions_submit_and_lawyer_reply(phone_page, desktop_page, live_server, people):
    load_seed_articles()
    page = phone_page
    login(page, live_server, people.worker.phone)
    page.goto(f"{live_server.url}/rights/ask/")
    page.select_option("select[name=category]", "wages")
    page.fill("textarea[name=description]", "单位这个月突然给我减工资，没有跟我商量，合法吗？")
    page.locator("textarea[name=description]").press("End")
    page.wait_for_selector("[data-testid=suggestions]")
    assert "这些解答也许能帮到你" in page.inner_text("[data-testid=suggestions]")
    assert "降薪" in page.inner_text("[data-testid=suggestions]")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=status]")
    case = Case.objects.get()
    assert case.requester_id == people.worker.pk
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.lawyer.pk)

    desk = desktop_page
    login(desk, live_server, people.lawyer.phone)
    desk.goto(f"{live_server.url}/rights/workbench/cases/{case.pk}/")
    desk.fill("textarea[name=note]", "单方降薪需协商一致，请保留工资条，可要求补发差额。")
    desk.click("[data-testid=reply]")
    desk.wait_for_selector("text=协商一致")

    page.goto(f"{live_server.url}/rights/cases/{case.pk}/")
    assert "协商一致" in page.inner_text("[data-testid=timeline]")
    assert "处理中" in page.inner_text("[data-testid=status]")


def test_worker_books_psychologist_slot(phone_page, live_server, people, slot):
    page = phone_page
    login(page, live_server, people.worker.phone)
    page.goto(f"{live_server.url}/rights/appointments/?kind=psychologist")
    page.click("[data-testid=slot] a")
    # The confirmation shows the slot with its weekday before anything is booked.
    weekday = "星期" + "一二三四五六日"[timezone.localtime(slot.starts_at).weekday()]
    assert weekday in page.get_by_test_id("slot-when").inner_text()
    assert not Appointment.objects.exists()
    page.fill("#id_topic", "最近压力大")
    page.get_by_test_id("confirm-book").click()
    page.wait_for_selector("[data-testid=my-booking]")
    assert "陈咨询师" in page.inner_text("[data-testid=my-booking]")
    assert Appointment.objects.get(slot=slot).worker_id == people.worker.pk
    assert page.get_by_test_id("meeting-link").get_attribute("href") == "https://meet.example.org/x"
    # Cancelling asks first, with the same slot and weekday.
    page.get_by_role("link", name="取消").click()
    assert weekday in page.get_by_test_id("slot-when").inner_text()
    page.get_by_test_id("confirm-cancel").click()
    page.get_by_text("已取消").first.wait_for()
    assert Appointment.objects.get(slot=slot).cancelled_at is not None
