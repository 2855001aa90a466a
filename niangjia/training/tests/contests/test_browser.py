"""Browser (390 px phone): a contest attempt that runs out of time. The worker answers one question (autosaved),
the timer — counted from the server's deadline — reaches zero, the sheet hands itself in and the result says
time ran out; an attempt left open and re-entered after the deadline is finished at the deadline with no staff."""

import datetime as dt

import pytest
from django.utils import timezone

from niangjia.training import services_contests as services
from niangjia.training.models import Attempt, AttemptAnswer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_an_attempt_runs_out_of_time_on_the_phone(live_server, tree, make_member, city_staff, phone_page):
    contest = services.create_contest(actor=city_staff, title="安全生产限时练兵", question_count=4,
                                      time_limit_seconds=120, org_id=tree.city.pk, max_attempts_per_person=2)
    worker = make_member(tree.union_a, name="刘师傅").user
    page = phone_page
    _log_in(page, live_server, worker)
    page.goto(f"{live_server.url}/training/contests/")
    page.get_by_test_id("open-contest").click()
    page.get_by_test_id("start").click()
    page.get_by_test_id("timer").wait_for()
    first = page.get_by_test_id("question").first
    first_id = int(first.get_attribute("data-question"))
    if first.get_attribute("data-kind") == "fill":
        first.locator("input").fill("不知道")
    else:
        first.locator("input").first.check()
    page.locator(f'[data-question="{first_id}"] [data-state="saved"]').wait_for()
    assert page.get_by_test_id("answered").inner_text() == "已答 1 / 4 题"
    # the server moves the deadline close (as if the worker had been answering for two minutes); the reloaded
    # sheet counts down to the server's deadline, not to a time of its own
    Attempt.objects.filter(user=worker).update(deadline=timezone.now() + dt.timedelta(seconds=8))
    page.reload()
    page.get_by_test_id("timer").wait_for()
    assert page.get_by_test_id("answered").inner_text() == "已答 1 / 4 题"
    # no clicks from here: the timer reaches zero, the sheet hands itself in and shows the result
    page.get_by_test_id("result").wait_for(timeout=40_000)
    assert page.get_by_test_id("finish-reason").inner_text() == "超时自动交卷"
    attempt = Attempt.objects.get(user=worker)
    assert attempt.status == "finished" and attempt.finished_at == attempt.deadline
    assert AttemptAnswer.objects.filter(attempt=attempt, question_id=first_id).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # a second attempt, left open (the phone went to sleep) and re-entered long after its deadline
    page.goto(f"{live_server.url}/training/contests/{contest.pk}/")
    page.get_by_test_id("start").click()
    page.get_by_test_id("timer").wait_for()
    second = Attempt.objects.get(user=worker, number=2)
    Attempt.objects.filter(pk=second.pk).update(deadline=timezone.now() - dt.timedelta(seconds=30),
                                                started_at=timezone.now() - dt.timedelta(seconds=40))
    page.goto(f"{live_server.url}/training/contests/{contest.pk}/")
    page.get_by_test_id("continue").click()
    page.get_by_test_id("result").wait_for()
    assert page.get_by_test_id("finish-reason").inner_text() == "超时自动交卷"
    second.refresh_from_db()
    assert second.status == "finished" and second.finished_at == second.deadline
