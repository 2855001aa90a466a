"""Issue 11, "Mutual aid, end to end", as one browser story (run on SQLite and on PostgreSQL):

a city admin copies ZYHZ-2020 to this year, runs its what-if, publishes it and renews last year's enrolee; the
member files a claim from the phone with two invoice photos and their bank card inside the claim form (a wrong
digit first: a clear message, nothing stored); two different staff approve it on the approval screen with the
photos enlargeable (the first approver cannot take the second step); a clerk prepares the payout batch and cannot
release it; an approver releases it; the bank file carries the member's account; the bank's result file settles
the batch and the member sees 已发放.

Expected figures from policies.md §8: self-paid 30,000 → 4,500×50% + 15,000×60% + 10,000×70% = 18,250, capped at
20,000 a year, so 18,250.00; above the plan's 5,000 two-step line, so two different approvers.
"""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from niangjia.conftest import VALID_CARD
from niangjia.core.models import PayeeAccount, Payout, PayoutBatch
from niangjia.mutual_aid import services
from niangjia.mutual_aid.demo import ensure_plan
from niangjia.mutual_aid.models import Claim, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
STAFF_PASSWORD = "Staff-pass-2020"


def login(page, url, phone, password=STAFF_PASSWORD):
    page.context.clear_cookies()
    page.goto(url + "/login/")
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/login/" not in u)


def test_mutual_aid_year_from_plan_copy_to_settled_bank_file(live_server, tree, make_user, make_member, staff_pages,
                                                             tmp_path):
    phone, desk = staff_pages
    url = live_server.url
    year = timezone.localdate().year
    old = ensure_plan(tree.city)
    member = make_member(tree.union_a, name="赵护士", phone="13800000031")
    enroller = make_user(roles=[(tree.district_a, "staff")], name="参保经办")
    services.enrol_members(actor=enroller, plan_id=old.pk, org_id=tree.union_a.pk, member_ids=[member.pk],
                           on=dt.date(2020, 1, 1))
    make_user(phone="13700000030", password=STAFF_PASSWORD, roles=[(tree.city, "admin")], name="市总管理员")
    make_user(phone="13700000031", password=STAFF_PASSWORD, roles=[(tree.district_a, "staff")], name="初审干事")
    make_user(phone="13700000032", password=STAFF_PASSWORD, roles=[(tree.district_a, "approver")], name="终审审批人")
    make_user(phone="13700000033", password=STAFF_PASSWORD, roles=[(tree.district_a, "staff")], name="区出纳")

    # 1. The plan year: copy, what-if, publish, renew (city admin).
    login(desk, url, "13700000030")
    desk.goto(url + "/mutual-aid/workbench/plans/")
    desk.get_by_role("button", name="复制为新年度计划").click()
    desk.wait_for_selector("[data-testid=plan-editor]")
    assert desk.inner_text("[data-testid=plan-phase]") == "草稿"
    desk.get_by_role("button", name="用上一年度申请运行测算").click()
    desk.wait_for_selector("[data-testid=whatif]")
    desk.get_by_role("button", name="发布并开放参保").click()
    desk.wait_for_selector("[data-testid=renew-preview]")
    desk.get_by_role("button", name="为上一年度参保会员续保").click()
    desk.get_by_role("button", name="确认：为 1 人续保，保费合计 30.00 元").click()
    desk.wait_for_selector(".alert-success")
    plan = Plan.objects.get(code=f"ZYHZ-{year}")
    assert plan.status == "published" and plan.enrolments.filter(member=member).count() == 1

    # 2. The member claims from the phone, with the bank card inside the claim form.
    photos = [tmp_path / "invoice-1.png", tmp_path / "invoice-2.png"]
    for i, p in enumerate(photos):
        p.write_bytes(PNG + bytes([i]))
    login(phone, url, "13800000031", "Test-pass-2020")
    phone.goto(url + "/mutual-aid/")
    assert f"职工住院医疗互助（{year}年度）" in phone.inner_text("[data-testid=my-plan]")
    phone.goto(url + "/mutual-aid/claims/new/")

    def fill_claim(card):
        phone.select_option("#plan", str(plan.pk))
        phone.fill("#hospital", "杭州市第一人民医院")
        phone.fill("#admitted_on", timezone.localdate().isoformat())
        phone.fill("#invoice_no", "YEAR-0001")
        phone.fill("#total_cost", "36000")
        phone.fill("#insurance_paid", "6000")
        phone.fill("#self_paid", "30000")
        phone.set_input_files("#photos", [str(p) for p in photos])
        phone.fill("#payee_holder", "赵护士")
        phone.fill("#payee_account", card)
        phone.fill("#payee_bank", "中国工商银行")
        phone.get_by_role("button", name="提交").click()

    assert phone.locator("[data-testid=purpose-notice][data-code=mutual_aid]").count() == 1
    fill_claim(VALID_CARD[:-1] + "0")  # one digit wrong: refused with the reason, nothing stored
    phone.wait_for_selector("[data-testid=error]")
    assert "校验不通过" in phone.inner_text("[data-testid=error]")
    assert not Claim.objects.exists() and not PayeeAccount.objects.exists()
    fill_claim(VALID_CARD)
    phone.wait_for_selector("[data-testid=payout], [data-testid=error]")
    assert phone.locator("[data-testid=error]").count() == 0, phone.inner_text("[data-testid=error]")
    assert phone.inner_text("[data-testid=payout]") == "¥18,250.00"
    claim = Claim.objects.get()
    assert claim.plan == plan and claim.photos.count() == 2
    assert PayeeAccount.objects.get().account_number == VALID_CARD

    # 3. Two different staff approve it on the approval screen, photos enlargeable.
    review = url + f"/mutual-aid/workbench/claims/{claim.pk}/"
    login(desk, url, "13700000031")
    desk.goto(url + "/mutual-aid/workbench/review/")
    desk.locator(f"[data-testid=review-{claim.pk}]").click()
    desk.wait_for_selector("[data-testid=calculation]")
    assert desk.inner_text("[data-testid=calc-amount]") == "¥18,250.00"
    desk.locator("[data-testid=evidence-photo]").nth(1).click()
    desk.locator("[data-testid=lightbox]").wait_for(state="visible")
    desk.locator("[data-testid=lightbox-close]").click()
    desk.locator("[data-testid=lightbox]").wait_for(state="hidden")
    desk.locator("[data-testid=approve]").click()
    desk.wait_for_selector(".alert-success")
    assert desk.locator("[data-testid=not-your-step]").count() == 1  # the second step needs someone else
    login(desk, url, "13700000032")
    desk.goto(review)
    desk.locator("[data-testid=approve]").click()
    desk.wait_for_selector(".alert-success")
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.first_approver.name == "初审干事" and claim.approver.name == "终审审批人"

    # 4. Payout batch: the clerk prepares and cannot release; the approver releases; the bank file has the account.
    login(desk, url, "13700000033")
    desk.goto(url + f"/workbench/payouts/new/?source=mutual_aid&org={tree.district_a.pk}")
    assert "职工医疗互助保障金" in desk.inner_text("[data-testid=payout-preview]")
    assert desk.inner_text("[data-testid=preview-count]") == "1"
    desk.get_by_label("我已核对").check()
    desk.get_by_role("button", name="编制批次").click()
    desk.wait_for_url("**/workbench/payouts/*/")
    batch = PayoutBatch.objects.get()
    assert desk.locator("[data-testid=release-blocked]").count() == 1
    login(desk, url, "13700000032")
    desk.goto(url + f"/workbench/payouts/{batch.pk}/")
    desk.get_by_label("我已核对").check()
    desk.get_by_role("button", name="复核放行（第二人）").click()
    desk.locator("[data-testid=export-xlsx]").wait_for()
    with desk.expect_download() as download:
        desk.locator("[data-testid=export-xlsx]").click()
    rows = list(load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "户名", "账号", "开户行", "金额", "用途", "备注")
    assert rows[1][:5] == (1, "赵护士", VALID_CARD, "中国工商银行", 18250)
    response = desk.request.get(url + f"/workbench/payouts/{batch.pk}/file.csv")
    text = response.body().decode("utf-8")
    assert text.startswith("\ufeff")  # UTF-8 with BOM: Excel opens it in Chinese
    assert [VALID_CARD, "18250.00"] == [r for r in next(csv.reader(io.StringIO(text.splitlines()[1])))
                                       if r in (VALID_CARD, "18250.00")]

    # 5. The bank's result file settles the batch; the member sees 已发放.
    desk.reload()
    result = Workbook()
    result.active.append(["序号", "账号", "金额", "结果", "失败原因"])
    result.active.append([1, VALID_CARD, 18250, "成功", ""])
    result_file = tmp_path / "回盘.xlsx"
    result.save(result_file)
    desk.set_input_files("[data-testid=import-form] input[type=file]", str(result_file))
    desk.get_by_role("button", name="导入银行结果").click()
    desk.wait_for_selector("text=支付成功 1 笔")
    assert "已结清" in desk.inner_text("[data-testid=batch-status]")
    assert desk.locator("[data-testid=rec-ok]").count() == 1
    assert Payout.objects.get().status == "paid"
    claim.refresh_from_db()
    assert claim.status == "paid"
    phone.goto(url + f"/mutual-aid/claims/{claim.pk}/")
    assert phone.inner_text("[data-testid=claim-status]") == "已发放"


@pytest.fixture
def staff_pages(phone_page, desktop_page):
    return phone_page, desktop_page
