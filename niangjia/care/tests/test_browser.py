"""Browser: a campaign is created on the workbench, allocated, recipients selected; one confirms receipt."""

import pytest

from niangjia.care.models import Allocation, Recipient


def login(page, live_server, phone):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", "Test-pass-2020")
    page.click("button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_campaign_allocate_select_confirm(browser, live_server, tree, make_user, make_member):
    make_user(phone="13800000010", roles=[(tree.city, "staff")])
    make_member(tree.union_a, name="一线李师傅", phone="13800000011", frontline=True)
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    login(desk, live_server, "13800000010")
    desk.goto(f"{live_server.url}/care/workbench/")
    desk.fill("input[name=name]", "2020年送清凉")
    # the campaigns grid above has a kind filter of its own: pick the create form's field
    desk.select_option("form:has([data-testid=create-campaign]) select[name=kind]", "coolness")
    desk.fill("input[name=start]", "2020-07-01")
    desk.fill("input[name=end]", "2020-08-31")
    desk.fill("input[name=total_budget]", "5000")
    desk.fill("input[name=per_person]", "200")
    desk.click("[data-testid=create-campaign]")
    desk.wait_for_url("**/care/workbench/campaigns/*/")
    desk.select_option("form:has(input[value=allocate]) select[name=from_org]", str(tree.city.pk))
    desk.select_option("form:has(input[value=allocate]) select[name=to_org]", str(tree.district_a.pk))
    desk.fill("form:has(input[value=allocate]) input[name=amount]", "1000")
    desk.click("[data-testid=allocate]")
    desk.wait_for_selector(".alert")
    assert Allocation.objects.get().amount == 1000
    desk.select_option("form:has(input[value=select]) select[name=org]", str(tree.district_a.pk))
    desk.click("[data-testid=select]")
    desk.wait_for_selector("text=拟慰问1人次")
    desk.context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    login(phone, live_server, "13800000011")
    phone.goto(f"{live_server.url}/care/")
    phone.get_by_role("button", name="确认签收").click()
    phone.wait_for_selector("[data-testid=received]")
    assert Recipient.objects.get().status == "confirmed"
    phone.context.close()
