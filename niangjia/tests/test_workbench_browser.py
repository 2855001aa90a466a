"""Staff in a browser: the to-do centre across modules and within scope, a bulk approval with its confirmation,
an export that sums, and the audit page in Chinese. Screenshots at 1440 px go to /tmp, never the repository."""

import io
import os

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.core.models import JoinRequest
from niangjia.relief import services
from niangjia.relief.models import Application
from niangjia.tests.test_todo import _case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("NIANGJIA_SCREENSHOTS", "/tmp/niangjia-workbench-shots")


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_todo_bulk_approval_export_and_audit(live_server, tree, make_user, make_household, staff_a, wide_page):
    year = timezone.localdate().year
    make_user(phone="13700000021", password="Staff-pass-2020", roles=[(tree.union_a, "staff")], name="甲干事")
    for i in range(3):
        hh = make_household(staff_a, tree.union_a)
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=year,
                                    total_cost="50000", self_paid="38000",
                                    invoices=[{"number": f"PW-{i}", "amount": "50000", "issued_on": f"{year}-01-01"}])
    JoinRequest.objects.create(user=make_user(name="入会人"), org=tree.union_a)
    _case(tree.union_a, "pw", due_in_days=-1)
    _case(tree.union_b, "other", due_in_days=-1)
    JoinRequest.objects.create(user=make_user(name="乙区入会人"), org=tree.union_b)

    page = wide_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", "13700000021")
    page.fill("#id_password", "Staff-pass-2020")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/workbench/")
    rows = page.get_by_test_id("todo-row")
    kinds = {rows.nth(i).get_attribute("data-kind") for i in range(rows.count())}
    assert {"core.join", "relief.application", "rights.case"} <= kinds
    assert "乙区入会人" not in page.content() and f"WQ-T-{tree.union_b.pk}" not in page.content()
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/todo.png", full_page=True)

    page.goto(live_server.url + "/relief/workbench/")
    page.get_by_label("全选本页").check()
    page.get_by_test_id("bulk-approve").click()
    confirm = page.get_by_test_id("bulk-confirm")
    assert "3 项" in confirm.inner_text()
    assert page.get_by_test_id("bulk-evidence").count() == 3  # each application's evidence on the page
    page.screenshot(path=f"{SHOTS}/bulk-confirm.png", full_page=True)
    page.get_by_test_id("evidence-checked").check()
    page.get_by_test_id("bulk-go").click()
    page.wait_for_selector(".alert-success")
    assert set(Application.objects.values_list("status", flat=True)) == {"reviewed"}

    # An export opened with openpyxl: the money column is numeric and sums.
    response = page.request.get(live_server.url + "/relief/workbench/reports/?export=1")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(response.body())).worksheets[0]
    assert ws["C2"].value == "金额（元）"
    money = [c.value for c in ws["C"][2:] if c.value is not None]
    assert money and all(isinstance(v, int | float) for v in money)
    assert sum(money) >= 0

    page.goto(live_server.url + "/workbench/audit/")
    body = page.inner_text("main")
    assert "初审通过帮扶申请" in body and "relief.review" not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    page.screenshot(path=f"{SHOTS}/audit.png", full_page=True)


def test_every_sidebar_page_at_1440_px(live_server, tree, make_user, wide_page):
    """Screenshots of every workbench page for review (kept in /tmp); each page fits 1440 px without sideways
    scrolling and shows its breadcrumb."""
    from niangjia.core import navigation

    make_user(phone="13700000031", password="Staff-pass-2020", roles=[(tree.district_a, "admin")], name="区管理员")
    page = wide_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", "13700000031")
    page.fill("#id_password", "Staff-pass-2020")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/**")
    os.makedirs(SHOTS, exist_ok=True)
    too_wide = {}
    for _group, links in navigation.WORKBENCH_GROUPS:
        for name, _label, _roles in links:
            url = navigation.url_or_none(name)
            if url is None:
                continue
            response = page.goto(live_server.url + url)
            assert response.ok, url
            assert page.get_by_test_id("breadcrumb").count() == 1, url
            page.screenshot(path=f"{SHOTS}/{name.replace(':', '_')}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 1440:
                too_wide[url] = width
    assert not too_wide, too_wide
