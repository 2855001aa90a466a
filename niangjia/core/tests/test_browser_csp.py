"""Under the real Content-Security-Policy, charts still draw and confirmations still ask."""

import pytest

from niangjia.core.models import OrgRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, phone, password):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", phone)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def test_charts_draw_and_confirm_asks_without_inline_scripts(live_server, tree, make_user, make_member, desktop_page):
    make_member(tree.union_a)
    make_user(phone="13700000002", password="Admin-pass-2020", roles=[(tree.city, "admin")], name="市总管理员")
    helper = make_user(roles=[(tree.union_a, "staff")], name="被授权者")
    helper.verified_at = helper.date_joined
    helper.save()
    page = desktop_page
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    log_in(page, live_server, "13700000002", "Admin-pass-2020")

    page.goto(live_server.url + "/workbench/stats/")
    page.locator("#chart-status canvas").wait_for()
    page.locator("#chart-children canvas").wait_for()

    # data-confirm replaces onclick="return confirm(...)": dismissing keeps the role.
    page.goto(live_server.url + f"/workbench/orgs/{tree.union_a.pk}/roles/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="收回").first.click()
    page.wait_for_load_state()
    assert OrgRole.objects.filter(user=helper, org=tree.union_a).exists()
    assert violations == []


def test_grid_search_by_id_number_keeps_it_out_of_the_address_bar(live_server, tree, make_user, make_member,
                                                                  desktop_page):
    member = make_member(tree.union_a, name="周师傅")
    make_member(tree.union_a, name="吴师傅")
    make_user(phone="13700000003", password="Staff-pass-2020", roles=[(tree.district_a, "staff")])
    page = desktop_page
    log_in(page, live_server, "13700000003", "Staff-pass-2020")
    page.goto(live_server.url + "/workbench/members/")
    page.fill("[data-testid=grid-q]", member.id_number)
    page.press("[data-testid=grid-q]", "Enter")
    page.wait_for_url("**qt=**")
    assert member.id_number not in page.url
    body = page.locator("main").inner_text()
    assert "周师傅" in body and "吴师傅" not in body
