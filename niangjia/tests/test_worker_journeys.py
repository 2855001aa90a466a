"""A worker's journeys at 390 px across modules (issue 13): 我的办事 over three services, back-and-resubmit,
password recovery by SMS code and elder mode. Lives at project level because it walks several apps."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from niangjia.core.models import OutboxItem
from niangjia.core.services import members
from niangjia.mutual_aid import services as mutual_aid
from niangjia.mutual_aid.demo import ensure_plan
from niangjia.rights import selectors as rights_selectors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PASSWORD = "Test-pass-2020"


def _log_in(page, live_server, phone, password=PASSWORD):
    page.goto(live_server.url + "/login/")
    page.fill("#id_phone", phone)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(live_server.url + "/")


def test_my_business_lists_three_services_and_back_resubmit_creates_nothing(live_server, tree, make_member,
                                                                          make_user, phone_page):
    member = make_member(tree.union_a, name="周师傅", phone="13712340011")
    staff = make_user(roles=[(tree.district_a, "staff")])
    members.request_transfer(actor=member.user, to_org_id=tree.union_a2.pk, note="换了单位")
    plan = ensure_plan(tree.city)
    mutual_aid.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[member.pk],
                             on=dt.date(2020, 1, 1))
    mutual_aid.submit_claim(actor=member.user, plan_id=plan.pk, kind="serious_illness", hospital="市一医院",
                            admitted_on=dt.date(2020, 6, 1), discharged_on=dt.date(2020, 6, 9), invoice_no="Z-01",
                            total_cost="9000", insurance_paid="3000", self_paid="6000",
                            photos=[SimpleUploadedFile("i.png", PNG, "image/png")], today=dt.date(2020, 6, 20))

    page = phone_page
    _log_in(page, live_server, "13712340011")
    page.goto(live_server.url + "/rights/ask/")
    page.select_option("select[name=category]", "wages")
    page.fill("textarea[name=description]", "公司三个月没发工资了，老板说再等等，我该怎么办？")
    page.locator("form[enctype] button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/rights/cases/\d+/$"))
    first_case_url = page.url
    # Back to the filled form, and send it again: the first case is shown, nothing new is made.
    page.go_back()
    page.wait_for_url(live_server.url + "/rights/ask/")
    page.locator("form[enctype] button[type=submit]").last.click()
    page.wait_for_url(first_case_url)
    page.get_by_text("您已提交过").wait_for()
    assert len(list(rights_selectors.my_cases(member.user))) == 1

    page.goto(live_server.url + "/me/business/")
    rows = page.get_by_test_id("business-item")
    rows.first.wait_for()
    text = page.get_by_test_id("my-business").inner_text()
    assert rows.count() == 3
    for kind in ("求助", "医疗互助", "转会"):
        assert kind in text
    assert "审核中" in text and "一般 3 个工作日内" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_password_recovery_by_sms_code(live_server, tree, make_user, phone_page):
    make_user(phone="13712340012", password="Forgotten-1")
    page = phone_page
    page.goto(live_server.url + "/login/")
    page.get_by_test_id("forgot").click()
    page.fill("#id_phone", "13712340012")
    page.get_by_test_id("send-code").click()
    page.get_by_text("验证码已发送").wait_for()
    text = OutboxItem.objects.filter(message__isnull=True, channel="sms").order_by("-id").first().text
    page.fill("#id_code", re.search(r"(\d{6})", text).group(1))
    page.fill("#id_new_password", "Remembered-2026")
    page.fill("#id_new_password2", "Remembered-2026")
    page.get_by_role("button", name="设置新密码").click()
    page.get_by_text("密码已重设").wait_for()
    _log_in(page, live_server, "13712340012", "Remembered-2026")
    assert page.get_by_test_id("tiles").is_visible()


def test_elder_mode_enlarges_text_and_buttons_at_390(live_server, tree, make_member, phone_page):
    make_member(tree.union_a, name="老吴", phone="13712340013")
    page = phone_page
    _log_in(page, live_server, "13712340013")
    page.goto(live_server.url + "/me/")
    page.get_by_test_id("elder-toggle").click()
    page.wait_for_selector("body.nj-elder")
    page.goto(live_server.url + "/")
    sizes = page.evaluate("""() => ({
        body: parseFloat(getComputedStyle(document.body).fontSize),
        heading: parseFloat(getComputedStyle(document.querySelector('h2')).fontSize),
        tiles: document.querySelectorAll('.nj-tile').length,
        tile: document.querySelector('.nj-tile').getBoundingClientRect().height,
        width: document.documentElement.scrollWidth,
    })""")
    assert sizes["body"] >= 20 and sizes["heading"] >= 24
    assert sizes["tiles"] <= 6 and sizes["tile"] >= 56 and sizes["width"] <= 390
    page.goto(live_server.url + "/me/")
    height = page.get_by_test_id("elder-toggle").bounding_box()["height"]
    assert height >= 56


def test_case_conversation_on_the_phone(live_server, tree, make_member, make_user, phone_page, tmp_path, settings):
    from niangjia.rights.services import cases

    member = make_member(tree.union_a, name="钱师傅", phone="13712340014")
    staff = make_user(roles=[(tree.district_a, "staff")], name="区干事")
    case = cases.open_online_case(member.user, category="wages", description="三个月没发工资了，怎么办？")
    page = phone_page
    _log_in(page, live_server, "13712340014")
    page.goto(f"{live_server.url}/rights/cases/{case.pk}/")
    page.fill("#id_text", "这是工资条照片")
    photo = tmp_path / "payslip.png"
    photo.write_bytes(PNG)
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="发送", exact=True).click()
    page.get_by_text("已发送").wait_for()
    assert "这是工资条照片" in page.get_by_test_id("timeline").inner_text()
    assert page.get_by_test_id("evidence").locator("img").count() == 1
    cases.reply(staff, case_id=case.pk, text="收到，我们明天联系公司。")
    page.reload()
    assert page.get_by_test_id("status").inner_text() == "处理中"
    assert "收到，我们明天联系公司" in page.get_by_test_id("timeline").inner_text()
