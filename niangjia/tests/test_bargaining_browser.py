"""Browser, across apps: staff table the draft agreement at this union's congress from the bargaining page
(1440 px), the congress votes it (its own flow is tested in the congress app), staff record the result and the
signing with the 10-day filing date; the member follows it on a 390 px phone."""

import datetime as dt

import pytest

from niangjia.bargaining.tests.conftest import people, start, to_draft  # noqa: F401 - fixtures
from niangjia.congress import services as congress_services
from niangjia.congress.models import Congress, Delegate, DelegateGroup, Motion, Sitting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def test_draft_voted_by_the_congress_then_signed(live_server, people, make_member, phone_page,  # noqa: F811
                                                desktop_page):
    congress = Congress.objects.create(org=people.tree.union_a, title="湖滨商贸第一届职代会")
    group = DelegateGroup.objects.create(congress=congress, name="一组")
    delegates = []
    for i in range(7):
        m = make_member(people.tree.union_a, name=f"代表{i}")
        delegates.append(Delegate.objects.create(congress=congress, group=group, member=m, user=m.user, name=m.name))
    sitting = Sitting.objects.create(congress=congress, title="第二次会议", status=Sitting.Status.IN_PROGRESS)
    n = start(people)
    to_draft(people, n)

    staff = desktop_page
    staff.set_viewport_size({"width": 1440, "height": 900})
    _log_in(staff, live_server, people.staff)
    staff.goto(f"{live_server.url}/bargaining/workbench/{n.pk}/")
    staff.get_by_test_id("sitting").select_option(str(sitting.pk))
    staff.get_by_test_id("to-congress").click()
    staff.get_by_test_id("vote").wait_for()
    assert staff.get_by_test_id("stage").inner_text() == "职代会或全体职工审议中"
    motion = Motion.objects.get(sitting=sitting)
    assert motion.kind == "contract"

    for d in delegates[:5]:
        congress_services.check_in(actor=d.user, sitting_id=sitting.pk)
    congress_services.open_motion(actor=people.staff, motion_id=motion.pk)
    for d, choice in zip(delegates[:5], ["yes", "yes", "yes", "yes", "no"], strict=True):
        congress_services.cast_ballot(actor=d.user, motion_id=motion.pk, choice=choice)
    congress_services.close_motion(actor=people.staff, motion_id=motion.pk)

    staff.reload()
    staff.get_by_test_id("record-vote").click()
    staff.get_by_test_id("sign-on").wait_for()
    assert staff.get_by_test_id("stage").inner_text() == "审议已通过，待签字"
    assert "通过" in staff.get_by_test_id("vote").inner_text()
    staff.get_by_test_id("sign-on").fill("2026-09-30")
    staff.get_by_test_id("sign").click()
    staff.get_by_test_id("deadline-filing").wait_for()
    assert "2026-10-10" in staff.get_by_test_id("deadline-filing").inner_text()  # Sat 10-10 is worked (调休)

    phone = phone_page
    _log_in(phone, live_server, people.member)
    phone.goto(f"{live_server.url}/bargaining/{n.pk}/")
    assert phone.get_by_test_id("stage").inner_text() == "已签字，待报送审查"
    href = phone.get_by_test_id("agreement-pdf").get_attribute("href")
    response = phone.request.get(live_server.url + href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert n.__class__.objects.get(pk=n.pk).agreement.signed_on == dt.date(2026, 9, 30)
