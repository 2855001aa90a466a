"""Browser: staff record the proposal, build the teams, hold a round, compare positions and draft the agreement
at 1440 px; the member follows the stage, reads the terms and sends an opinion on a 390 px phone; after the
congress vote staff record the result, the signing and the filing with their statutory dates."""

import datetime as dt

import pytest

from niangjia.bargaining import services
from niangjia.bargaining.models import Negotiation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", user.phone)
    page.fill("#id_password", "Test-pass-2020")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_staff_bargain_and_the_member_follows_on_the_phone(live_server, people, phone_page, desktop_page):
    staff = desktop_page
    staff.set_viewport_size({"width": 1440, "height": 900})
    _log_in(staff, live_server, people.staff)
    staff.goto(live_server.url + "/bargaining/workbench/")
    staff.get_by_test_id("new-negotiation").click()
    staff.get_by_test_id("title").fill("少量降薪换不裁员")
    staff.get_by_test_id("received-on").fill("2026-09-11")
    staff.get_by_test_id("content").fill("工会提出就 2026 年工资进行集体协商")
    staff.get_by_test_id("save").click()
    staff.get_by_test_id("deadline-offer_reply").wait_for()
    assert "2026-10-08" in staff.get_by_test_id("deadline-offer_reply").inner_text()  # 国庆 moves day 20 (10-01)

    staff.get_by_test_id("answer-on").fill("2026-09-28")
    staff.get_by_test_id("answer-save").click()
    staff.get_by_test_id("deadline-talks_start").wait_for()
    assert "2026-10-16" in staff.get_by_test_id("deadline-talks_start").inner_text()
    for side in ("union", "employer"):
        for i in range(3):
            staff.get_by_test_id("rep-side").select_option(side)
            staff.get_by_test_id("rep-name").fill(f"{'甲' if side == 'union' else '乙'}方代表{i}")
            if i == 0:
                staff.get_by_test_id("rep-chief").check()
            staff.get_by_test_id("rep-add").click()
            staff.wait_for_load_state()
    staff.get_by_test_id("start-talks").click()
    staff.get_by_test_id("round-agenda").wait_for()
    staff.get_by_test_id("round-on").fill("2026-10-12")
    staff.get_by_test_id("round-agenda").fill("降薪幅度与不裁员承诺")
    staff.get_by_test_id("round-add").click()
    staff.get_by_test_id("round-1").wait_for()
    for pct, special in (("-10", ""), ("-5", "承诺不裁员")):
        staff.get_by_test_id("pos-side").select_option("employer")
        staff.get_by_test_id("pos-increase").fill(pct)
        staff.get_by_test_id("pos-special").fill(special)
        staff.get_by_test_id("pos-add").click()
        staff.wait_for_load_state()
    staff.get_by_test_id("position").nth(1).wait_for()
    assert "-10.00 → -5.00" in staff.get_by_test_id("positions").inner_text()
    staff.get_by_test_id("draft-title").fill("2026 年工资专项集体合同")
    staff.get_by_test_id("draft-increase").fill("-5")
    staff.get_by_test_id("draft-workers").fill("120")
    staff.get_by_test_id("draft-start").fill("2026-01-01")
    staff.get_by_test_id("draft-end").fill("2026-12-31")
    staff.get_by_test_id("draft-special").fill("2020 年降薪 5%，承诺不裁员")
    staff.get_by_test_id("draft-text").fill("第一条 全体职工月工资下调 5%。第二条 合同期内不裁员。")
    staff.get_by_test_id("draft-save").click()
    staff.get_by_text("已形成合同草案").first.wait_for()
    n = Negotiation.objects.get()

    phone = phone_page
    _log_in(phone, live_server, people.member)
    phone.goto(live_server.url + "/bargaining/")
    phone.get_by_test_id("negotiation").click()
    phone.get_by_test_id("special-terms").wait_for()
    assert phone.get_by_test_id("stage").inner_text() == "已形成合同草案"
    assert "2020 年降薪 5%，承诺不裁员" in phone.get_by_test_id("special-terms").inner_text()
    phone.get_by_test_id("opinion-text").fill("同意降薪，希望明年恢复")
    phone.get_by_test_id("opinion-send").click()
    phone.get_by_test_id("my-opinions").wait_for()
    assert "希望明年恢复" in phone.get_by_test_id("my-opinions").inner_text()
    assert _no_sideways_scroll(phone)

    # The congress passes it (its own flow is tested in the congress app); staff record the result and go on.
    Negotiation.objects.filter(pk=n.pk).update(stage="approved")
    services.sign_agreement(actor=people.staff, negotiation_id=n.pk, signed_on=dt.date(2026, 9, 30))
    staff.reload()
    staff.get_by_test_id("file-on").fill("2026-10-09")
    staff.get_by_test_id("file").click()
    staff.get_by_test_id("deadline-objection").wait_for()
    assert "2026-10-26" in staff.get_by_test_id("deadline-objection").inner_text()
    assert "希望明年恢复" in staff.get_by_test_id("opinions").inner_text()
    assert _no_sideways_scroll(staff)

    phone.reload()
    assert phone.get_by_test_id("stage").inner_text() == "已报送审查"


def test_employer_proposes_and_signs_and_workers_vote_on_the_phone(live_server, people, make_user, make_member,
                                                                      phone_page, desktop_page):
    """The employer's representative sends its own 要约 and signs from its own login on a 390 px phone; the draft
    goes to all workers (no congress), a worker votes on the phone, staff close and count at 1440 px."""
    from django.utils import timezone

    employer = make_user(roles=[(people.tree.union_a, "employer")], name="企业方代表")
    phone = phone_page
    _log_in(phone, live_server, employer)
    phone.goto(live_server.url + "/bargaining/employer/")
    phone.get_by_test_id("offer-title").fill("企业提出的工资协商")
    phone.get_by_test_id("offer-content").fill("企业提出就明年工资调整进行协商。")
    phone.get_by_test_id("offer-send").click()
    phone.get_by_test_id("deadline-offer_reply").wait_for()
    assert _no_sideways_scroll(phone)
    n = Negotiation.objects.get(title="企业提出的工资协商")
    assert n.offer.from_side == "employer" and n.offer.received_on == timezone.localdate()

    services.answer_offer(actor=people.staff, negotiation_id=n.pk, accepted=True, answered_on=timezone.localdate())
    for side in ("union", "employer"):
        for i in range(3):
            services.add_representative(actor=people.staff, negotiation_id=n.pk, side=side, name=f"代表{i}",
                                        is_chief=i == 0)
    services.start_talks(actor=people.staff, negotiation_id=n.pk)
    services.draft_agreement(actor=people.staff, negotiation_id=n.pk, title="工资专项集体合同", text="第一条",
                             terms=services.parse_terms(increase_pct="3"), term_start=dt.date(2027, 1, 1),
                             term_end=dt.date(2027, 12, 31), workers_covered=2)
    worker = make_member(people.tree.union_a, name="刘师傅").user

    staff = desktop_page
    staff.set_viewport_size({"width": 1440, "height": 900})
    _log_in(staff, live_server, people.staff)
    staff.goto(f"{live_server.url}/bargaining/workbench/{n.pk}/")
    staff.get_by_test_id("workers-total").fill("2")
    staff.get_by_test_id("workers-closes-on").fill(timezone.localdate().isoformat())
    staff.get_by_test_id("to-workers").click()
    staff.get_by_test_id("workers-live").wait_for()

    voter_context = phone.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    voter = voter_context.new_page()
    voter.set_default_timeout(15_000)
    _log_in(voter, live_server, worker)
    voter.goto(f"{live_server.url}/bargaining/{n.pk}/")
    voter.get_by_test_id("vote-yes").click()
    voter.get_by_test_id("voted").wait_for()
    assert _no_sideways_scroll(voter)
    voter_context.close()

    staff.reload()
    staff.get_by_test_id("paper-yes").fill("1")
    staff.get_by_test_id("workers-close").click()
    staff.get_by_test_id("workers-result").wait_for()
    assert "获得通过" in staff.get_by_test_id("workers-result").inner_text()

    phone.goto(f"{live_server.url}/bargaining/employer/{n.pk}/")
    phone.get_by_test_id("sign-agreement").click()
    phone.get_by_test_id("chief-signatures").wait_for()
    assert "✓" in phone.get_by_test_id("chief-signatures").inner_text()
    assert n.__class__.objects.get(pk=n.pk).agreement.employer_signed_on == timezone.localdate()
