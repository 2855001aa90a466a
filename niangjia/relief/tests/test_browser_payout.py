"""The relief money story end to end in a browser: the worker registers a payee account and applies from
the phone with photos; two different staff approve on the approval screen (photos enlargeable); a clerk
prepares the payout batch and another approver releases it; the bank file carries the worker's account;
the bank's result file settles it; the approval sheet PDF is served."""


import io

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from niangjia.conftest import VALID_CARD
from niangjia.core.models import Payout, PayoutBatch
from niangjia.relief.models import Application, Disbursement
from niangjia.relief.reference import seed_reference
from niangjia.relief.tests.test_browser import login
from niangjia.relief.tests.test_review import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def relogin(page, url, phone, password="Staff-pass-2020"):
    page.context.clear_cookies()
    login(page, url, phone, password)


def test_relief_payout_story(live_server, tree, make_user, make_member, phone_page, desktop_page, tmp_path):
    seed_reference()
    url = live_server.url
    make_user(phone="13700000021", password="Staff-pass-2020", roles=[(tree.union_a, "staff")], name="基层干事")
    make_user(phone="13700000022", password="Staff-pass-2020", roles=[(tree.district_a, "approver")], name="区审批")
    make_user(phone="13700000023", password="Staff-pass-2020", roles=[(tree.district_a, "staff")], name="区出纳")
    member = make_member(tree.union_a, name="李小梅")
    photos = [tmp_path / "invoice.png", tmp_path / "receipt.png"]
    for i, p in enumerate(photos):
        p.write_bytes(PNG + bytes([i]))

    page = phone_page  # the worker
    login(page, url, member.phone, "Test-pass-2020")
    page.goto(url + "/me/payee/")
    page.fill("input[name=holder]", "李小梅")
    page.fill("input[name=account_number]", VALID_CARD[:-1] + "0")  # one digit wrong: a clear message
    page.fill("input[name=bank_name]", "中国工商银行")
    page.get_by_role("button", name="保存").click()
    assert "校验不通过" in page.locator("[data-testid=form-error]").inner_text()
    page.fill("input[name=account_number]", VALID_CARD)
    page.get_by_role("button", name="保存").click()
    page.locator("[data-testid=payee-current]").wait_for()
    assert VALID_CARD[-4:] in page.locator("[data-testid=payee-current]").inner_text()
    assert VALID_CARD not in page.content()

    page.goto(url + "/relief/apply/")
    page.select_option("#kind", "hospitalization")
    page.fill("#total_cost", "50000")
    page.fill("#self_paid", "38000")
    page.fill("#invoice_number", "STORY-001")
    page.fill("#invoice_date", f"{timezone.localdate().year}-01-01")
    page.fill("#own_income", "3000")
    page.fill("#others", "1")
    page.fill("#others_income", "2000")
    page.set_input_files("#photos", [str(p) for p in photos])
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/relief/my/*/")
    app = Application.objects.get()
    assert app.evidence.count() == 2

    desk = desktop_page  # two different staff approve on the approval screen
    for phone in ("13700000021", "13700000022"):
        relogin(desk, url, phone)
        desk.goto(url + f"/relief/workbench/applications/{app.pk}/")
        desk.locator("[data-testid=evidence-photo]").nth(1).click()
        desk.locator("[data-testid=lightbox]").wait_for(state="visible")
        desk.locator("[data-testid=lightbox-close]").click()
        desk.locator("[data-testid=lightbox]").wait_for(state="hidden")
        desk.locator("[data-testid=approve]").click()
        desk.wait_for_selector(".nj-alert")
    app.refresh_from_db()
    assert app.status == "approved" and Disbursement.objects.get().status == "approved"

    relogin(desk, url, "13700000023")  # the clerk prepares the batch
    desk.goto(url + f"/workbench/payouts/new/?source=relief&org={tree.district_a.pk}")
    assert "困难职工帮扶资金" in desk.locator("[data-testid=payout-preview]").inner_text()
    assert desk.locator("[data-testid=preview-count]").inner_text() == "1"
    desk.get_by_label("我已核对").check()
    desk.get_by_role("button", name="编制批次").click()
    desk.wait_for_url("**/workbench/payouts/*/")
    batch = PayoutBatch.objects.get()
    assert desk.locator("[data-testid=release-blocked]").count() == 1  # the preparer cannot release

    relogin(desk, url, "13700000022")  # a different approver releases it
    desk.goto(url + f"/workbench/payouts/{batch.pk}/")
    desk.get_by_label("我已核对").check()
    desk.get_by_role("button", name="复核放行（第二人）").click()
    desk.locator("[data-testid=export-xlsx]").wait_for()
    with desk.expect_download() as download:
        desk.locator("[data-testid=export-xlsx]").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "户名", "账号", "开户行", "金额", "用途", "备注")
    assert rows[1][1:3] == ("李小梅", VALID_CARD) and rows[1][4] == 5000

    desk.reload()  # results can be recorded once the bank file was exported
    result = Workbook()
    result.active.append(["序号", "账号", "金额", "结果", "失败原因"])
    result.active.append([1, VALID_CARD, 5000, "成功", ""])
    result_file = tmp_path / "回盘.xlsx"
    result.save(result_file)
    desk.set_input_files("[data-testid=import-form] input[type=file]", str(result_file))
    desk.get_by_role("button", name="导入银行结果").click()
    desk.wait_for_selector("text=支付成功 1 笔")
    assert "已结清" in desk.locator("[data-testid=batch-status]").inner_text()
    assert desk.locator("[data-testid=rec-ok]").count() == 1
    assert Payout.objects.get().status == "paid" and Disbursement.objects.get().status == "paid"

    response = desk.request.get(url + f"/relief/workbench/applications/{app.pk}/sheet.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")

    page.goto(url + "/me/messages/")
    assert "帮扶资金已发放" in page.content()
