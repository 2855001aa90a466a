"""Bank files: the 代发 file (xlsx and CSV) in a bank's column order, and the bank's result file.

The xlsx has numeric amounts with two decimals and a total row; the CSV is UTF-8 with a BOM (so Excel
reads the Chinese) and has no total row, because banks' upload parsers treat every line as a payment.
Every text cell goes through the one formula escape (`core.exports.escape_text`)."""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from niangjia.core.errors import Invalid
from niangjia.core.exports import escape_text
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.core.spreadsheets import ImportRejected, RowError

STANDARD_COLUMNS = ["序号", "户名", "账号", "开户行", "金额", "用途", "备注"]
MONEY_FORMAT = "0.00"
RESULT_MAX_ROWS = 200_000
RESULT_MAX_BYTES = 50 * 1024 * 1024
PAID_WORDS = {"成功", "已成功", "交易成功", "已支付", "支付成功", "已入账", "paid", "success", "s", "1"}
RETURNED_WORDS = {"失败", "退票", "已退票", "交易失败", "退回", "支付失败", "returned", "failed", "f", "0"}


@dataclass(frozen=True)
class BankRow:
    seq: int
    holder: str
    account: str
    bank: str
    amount: Decimal
    purpose: str
    note: str

    def value(self, column: str):
        return {"序号": self.seq, "户名": self.holder, "账号": self.account, "开户行": self.bank,
                "金额": self.amount, "用途": self.purpose, "备注": self.note}[column]


def check_layout(columns: Sequence[str]) -> list[str]:
    """A layout names each standard column exactly once, in the bank's order."""
    cols = list(columns)
    if sorted(cols) != sorted(STANDARD_COLUMNS):
        raise Invalid(f"银行模板的列必须是 {'、'.join(STANDARD_COLUMNS)} 各一次（顺序可调）。", code="payout.layout")
    return cols


def xlsx_bytes(rows: Iterable[BankRow], columns: Sequence[str], *, total: Decimal, count: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="代发明细")
    bold = Font(bold=True)

    def text(value, font=None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=escape_text(value))
        cell.data_type = "s"  # stored as a string even if it looks like a formula or a number (account digits)
        if font:
            cell.font = font
        return cell

    sheet.append([text(c, bold) for c in columns])
    amount_at = columns.index("金额")
    seq_at = columns.index("序号")
    for row in rows:
        out = []
        for i, column in enumerate(columns):
            if i == amount_at:
                cell = WriteOnlyCell(sheet, value=row.amount)
                cell.number_format = MONEY_FORMAT
            elif i == seq_at:
                cell = WriteOnlyCell(sheet, value=row.seq)
            else:
                cell = text(row.value(column))
            out.append(cell)
        sheet.append(out)
    total_row = [WriteOnlyCell(sheet, value=None) for _ in columns]
    total_row[seq_at] = text("合计", bold)
    cell = WriteOnlyCell(sheet, value=total)
    cell.number_format, cell.font = MONEY_FORMAT, bold
    total_row[amount_at] = cell
    note_at = columns.index("备注")
    total_row[note_at] = text(f"共 {count} 笔", bold)
    sheet.append(total_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[BankRow], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([f"{row.amount:.2f}" if c == "金额" else escape_text(str(row.value(c))) for c in columns])
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class ResultLine:
    line: int
    seq: int
    paid: bool
    reason: str
    amount: Decimal | None
    account_tail: str


def _records(upload) -> list[tuple[int, dict]]:
    upload.seek(0)
    raw = upload.read(RESULT_MAX_BYTES + 1)
    if len(raw) > RESULT_MAX_BYTES:
        raise Invalid("结果文件过大（超过 50 MB），请联系管理员。", code="payout.result_too_large")
    if raw[:2] == b"PK":
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception:
            raise Invalid("无法读取该文件，请上传银行返回的 Excel (.xlsx) 或 CSV 文件。", code="payout.result_file") from None
        values = workbook.worksheets[0].iter_rows(values_only=True)
    else:
        for encoding in ("utf-8-sig", "gb18030"):  # banks' own downloads are often GBK
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise Invalid("无法识别文件编码，请另存为 UTF-8 或 xlsx 后上传。", code="payout.result_file")
        values = csv.reader(io.StringIO(text))
    header = next(values, None)
    if not header:
        raise Invalid("结果文件是空的。", code="payout.result_file")
    names = [str(h).strip() if h is not None else "" for h in header]
    out = []
    for line, row in enumerate(values, start=2):
        if row is None or all(v is None or str(v).strip() == "" for v in row):
            continue
        out.append((line, {n: ("" if v is None else str(v).strip()) for n, v in zip(names, row, strict=False) if n}))
        if len(out) > RESULT_MAX_ROWS:
            raise Invalid(f"结果文件最多 {RESULT_MAX_ROWS} 行。", code="payout.result_too_large")
    if "序号" not in names or not ({"结果", "状态", "处理结果"} & set(names)):
        raise Invalid("结果文件须有“序号”和“结果”两列（结果填 成功 或 失败/退票，失败的填“失败原因”）。",
                      code="payout.result_header")
    return out


def read_results(upload) -> list[ResultLine]:
    """Every line checked; one bad line refuses the whole file (ImportRejected with line numbers)."""
    errors, lines = [], []
    for line, rec in _records(upload):
        seq_text = rec.get("序号", "")
        if seq_text == "合计":
            continue
        try:
            seq = int(float(seq_text))
        except ValueError:
            errors.append(RowError(line, f"序号“{seq_text[:20]}”不是数字"))
            continue
        word = (rec.get("结果") or rec.get("状态") or rec.get("处理结果") or "").strip().lower()
        if word in PAID_WORDS:
            paid = True
        elif word in RETURNED_WORDS:
            paid = False
        else:
            errors.append(RowError(line, f"结果“{word[:20]}”无法识别，请填 成功 或 失败/退票"))
            continue
        reason = (rec.get("失败原因") or rec.get("退票原因") or rec.get("备注") or "").strip()[:200]
        if not paid and not reason:
            reason = "银行退票（未注明原因）"
        amount = None
        if rec.get("金额"):
            try:  # banks write 1,200.00: separators go, everything else through core.money (sNaN, 1e309 …)
                amount = parse_yuan(rec["金额"].replace(",", "").replace("，", ""), "金额")
            except MoneyError as exc:
                errors.append(RowError(line, str(exc)))
                continue
        lines.append(ResultLine(line, seq, paid, reason if not paid else "", amount,
                                "".join(ch for ch in rec.get("账号", "") if ch.isdigit())[-4:]))
    if errors:
        raise ImportRejected(errors)
    if not lines:
        raise Invalid("结果文件里没有数据行。", code="payout.result_file")
    return lines
