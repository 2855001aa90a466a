"""The workbench pages added for issue 12 (transfers, 参保名单, care lists, a case with its linked records, the
mediation form started from a case, monitoring with 指定帮扶联系人) at 390 px and 1440 px: they open, stay
inside the workbench layout (breadcrumb), do not scroll sideways, and show Chinese. Screenshots go to /tmp."""

import datetime as dt
import os

import pytest

from niangjia.care import services as care_services
from niangjia.core.models import TransferRequest
from niangjia.mutual_aid import services as ma_services
from niangjia.mutual_aid.demo import ensure_plan
from niangjia.rights.services import cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("NIANGJIA_SCREENSHOTS", "/tmp/niangjia-workbench-shots")


def test_new_workbench_pages_fit_phone_and_desktop(live_server, tree, make_user, make_member, browser):
    admin = make_user(phone="13700000041", password="Staff-pass-2020", roles=[(tree.district_a, "admin")],
                      name="区管理员")
    mover = make_member(tree.union_a2, name="转会的王师傅")
    TransferRequest.objects.create(member=mover, from_org=tree.union_a2, to_org=tree.union_a,
                                   requested_by=mover.user, note="随岗位调动")
    plan = ensure_plan(tree.city)
    ma_services.enrol_members(actor=admin, plan_id=plan.pk, org_id=tree.union_a.pk,
                              member_ids=[make_member(tree.union_a, name="参保的李阿姨").pk], on=dt.date(2020, 1, 1))
    campaign = care_services.create_campaign(actor=admin, org_id=tree.district_a.pk, name="2020年送温暖",
                                             kind="warmth", form="cash", start=dt.date(2020, 12, 1),
                                             end=dt.date(2021, 2, 1), total_budget="10000", per_person="500")
    care_services.select_recipients(actor=admin, campaign_id=campaign.pk, org_id=tree.district_a.pk, rule="manual",
                                    member_ids=[make_member(tree.union_a, name="慰问的赵师傅").pk])
    worker = make_member(tree.union_a, name="求助的陈师傅")
    case = cases.open_online_case(worker.user, category="wages", description="单位拖欠三个月工资，一直不发。")
    pages = {
        "transfers": "/workbench/approvals/transfers/",
        "enrolments": "/mutual-aid/workbench/enrolments/",
        "care": "/care/workbench/",
        "care-campaign": f"/care/workbench/campaigns/{campaign.pk}/",
        "case": f"/rights/workbench/cases/{case.pk}/",
        "mediation-from-case": f"/rights/workbench/mediation/?case={case.pk}",
        "letter-from-case": f"/rights/workbench/letters/?case={case.pk}",
        "monitoring": "/relief/workbench/monitoring/",
    }
    os.makedirs(SHOTS, exist_ok=True)
    problems = {}
    for width, height in ((390, 844), (1440, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + "/login/")
        page.fill("#id_phone", "13700000041")
        page.fill("#id_password", "Staff-pass-2020")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/workbench/**")
        for name, url in pages.items():
            response = page.goto(live_server.url + url)
            assert response.ok, url
            assert page.get_by_test_id("breadcrumb").count() == 1, url
            page.screenshot(path=f"{SHOTS}/new-{name}-{width}.png", full_page=True)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width + 1:
                problems[f"{url} @ {width}"] = scroll
        context.close()
    assert not problems, problems
