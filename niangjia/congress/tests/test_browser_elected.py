"""Browser: a delegate writes in a member on the phone ballot (另选他人); the election closes; the chair turns the
elected candidates — the written-in member among them — into delegates with the 当选人成为代表 button."""

import pytest

from niangjia.congress import services
from niangjia.congress.models import Candidate, Delegate
from niangjia.congress.tests.test_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_in_on_the_phone_then_the_elected_become_delegates(live_server, small_congress, tree, make_member,
                                                                 phone_page, desktop_page):
    c = small_congress
    people = {name: make_member(tree.union_a, name=name) for name in ("张三", "李四", "王五")}
    for d in c.delegates:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="补选工会委员", kind="election",
                               secret=True, seats=3, candidates=["张三", "李四", "赵六", "钱七"])
    services.open_motion(actor=c.chair, motion_id=m.pk)
    ids = {x.name: x.pk for x in Candidate.objects.filter(motion=m)}

    phone = phone_page
    _log_in(phone, live_server, c.delegates[0].user)
    phone.goto(live_server.url + "/congress/")
    phone.get_by_test_id(f"cand-{ids['张三']}").check()
    phone.get_by_test_id(f"cand-{ids['李四']}").check()
    phone.get_by_test_id(f"write-in-{m.pk}").fill("查无此人")
    phone.get_by_test_id("vote-election").click()
    phone.get_by_text("不是本工会范围内的在册会员").wait_for()  # refused, and the ballot is still open to cast
    phone.get_by_test_id(f"cand-{ids['张三']}").check()
    phone.get_by_test_id(f"cand-{ids['李四']}").check()
    phone.get_by_test_id(f"write-in-{m.pk}").fill("王 五")
    phone.get_by_test_id("vote-election").click()
    phone.get_by_test_id("voted").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for d in c.delegates[1:4]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, candidates=[ids["张三"], ids["李四"]], write_ins=["王五"])
    services.close_motion(actor=c.chair, motion_id=m.pk)

    chair = desktop_page
    _log_in(chair, live_server, c.chair)
    chair.goto(f"{live_server.url}/congress/workbench/sittings/{c.sitting.pk}/")
    assert "王五（另选他人）：4" in chair.get_by_test_id(f"explanation-{m.pk}").locator("xpath=..").inner_text()
    chair.locator(f'form:has([data-testid="elected-{m.pk}"]) input[name="group"]').fill("补选代表团")
    chair.once("dialog", lambda dialog: dialog.accept())
    chair.get_by_test_id(f"elected-{m.pk}").click()
    chair.get_by_text("3 名当选人已成为本届代表").wait_for()
    made = Delegate.objects.filter(congress=c.congress, group__name="补选代表团")
    assert set(made.values_list("member_id", flat=True)) == {p.pk for p in people.values()}

    chair.locator(f'form:has([data-testid="elected-{m.pk}"]) input[name="group"]').fill("补选代表团")
    chair.once("dialog", lambda dialog: dialog.accept())
    chair.get_by_test_id(f"elected-{m.pk}").click()
    chair.get_by_text("已经是本届代表").first.wait_for()  # a second click adds nobody
    assert made.count() == 3
