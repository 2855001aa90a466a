"""Reading and writing .xlsx files for imports and exports (shared by every app).

An import is all-or-nothing: `read_rows` hands back every row with its line number, the caller
validates them all, and raises `ImportRejected` with one Chinese reason per bad line.
"""

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from openpyxl import Workbook, load_workbook

from niangjia.core.errors import Invalid

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000  # data rows of one import (settings.NIANGJIA_IMPORT_MAX_ROWS overrides)
MAX_BYTES = 5 * 1024 * 1024  # the .xlsx file (settings.NIANGJIA_IMPORT_MAX_BYTES)
# What the zip inside may unpack to. A real 50,000-row roster is ~30 MB of XML; a bomb is far more.
MAX_UNPACKED = 80 * 1024 * 1024
MAX_SHARED_STRINGS = 30 * 1024 * 1024
MAX_RATIO = 150  # spreadsheet XML compresses 5-30x; a zip bomb 1000x and more
MAX_ZIP_ENTRIES = 500
MAX_COLUMNS = 64  # columns read from each row; our templates have fewer than 20

NOT_XLSX = "无法读取该文件，请上传 Excel (.xlsx) 格式的文件。"
BROKEN = "文件内容已损坏或不是标准的 Excel 表格，请用 Excel 或 WPS 另存为 .xlsx 后重新上传。"


@dataclass
class RowError:
    line: int
    reason: str


class ImportRejected(Invalid):
    code = "import.rejected"

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            f"文件中有 {len(errors)} 行有问题，整份文件未导入。请改正后重新上传。",
            details={"errors": [{"line": e.line, "reason": e.reason} for e in errors]},
        )


def _limits() -> tuple[int, int]:
    return (int(getattr(settings, "NIANGJIA_IMPORT_MAX_BYTES", MAX_BYTES)),
            int(getattr(settings, "NIANGJIA_IMPORT_MAX_ROWS", MAX_ROWS)))


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from the archive's own directory, before any XML is parsed.

    The declared sizes are what the entries unpack to; openpyxl would trust them, so we check them (and
    the compression ratio) here. A lying directory fails later: zipfile stops at the declared size.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise Invalid(NOT_XLSX, code="import.not_xlsx") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise Invalid(BROKEN, code="import.broken")
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise Invalid("文件解压后异常庞大（疑似压缩炸弹），已拒绝。请检查文件后重新上传。",
                          code="import.bomb")
        if entry.filename.lower().endswith("sharedstrings.xml") and entry.file_size > MAX_SHARED_STRINGS:
            raise Invalid("文件中的文字内容过多，已拒绝。请只保留需要导入的列和行。", code="import.bomb")
    if total > MAX_UNPACKED:
        raise Invalid("文件解压后超过允许的大小，已拒绝。请分批上传。", code="import.bomb")


def read_rows(upload, expected_headers: Sequence[str], required: Sequence[str] = ()) -> list[tuple[int, dict]]:
    """Rows as (line number, {header: text}). Refuses a wrong header or a file that is not .xlsx.

    Guarded against hostile files: a size limit, the zip directory checked for bombs before parsing,
    streaming read-only parsing, the row limit checked from the sheet's declared dimension first and then
    on every physical row (empty ones included), at most MAX_COLUMNS cells per row. Any parse error is a
    Chinese message, never a 500.
    """
    max_bytes, max_rows = _limits()
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise Invalid(f"文件太大了（超过 {max_bytes // (1024 * 1024)} MB），请分批上传。", code="import.too_big")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Invalid(f"文件太大了（超过 {max_bytes // (1024 * 1024)} MB），请分批上传。", code="import.too_big")
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise Invalid(NOT_XLSX, code="import.not_xlsx") from None
    try:
        return _rows(workbook, expected_headers, required, max_rows)
    except Invalid:
        raise
    except Exception:
        raise Invalid(BROKEN, code="import.broken") from None
    finally:
        workbook.close()


def _rows(workbook, expected_headers, required, max_rows) -> list[tuple[int, dict]]:
    if not workbook.worksheets:
        raise Invalid("文件是空的。", code="import.empty")
    sheet = workbook.worksheets[0]
    too_many = Invalid(f"一次最多导入 {max_rows} 行，请分批上传。", code="import.too_many")
    declared = sheet.max_row  # from the sheet's <dimension>, read without parsing the rows
    if declared is not None and declared > max_rows + 1:
        raise too_many
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, None)
    if header is None:
        raise Invalid("文件是空的。", code="import.empty")
    # a template marks required columns "姓名*"; the mark is not part of the name
    header = [str(h).strip().rstrip("*").strip() if h is not None else "" for h in header]
    missing = [h for h in expected_headers if h in required and h not in header]
    if missing or not all(h in header for h in required):
        raise Invalid(
            f"表头不对：缺少列 {'、'.join(missing)}。请使用模板，第一行依次为：{'、'.join(expected_headers)}。",
            code="import.header",
        )
    out: list[tuple[int, dict]] = []
    for line, values in enumerate(rows, start=2):
        if line > max_rows + 1:  # physical rows, so a sheet of a million empty rows stops here too
            raise too_many
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {}
        for name, value in zip(header, values, strict=False):
            if name:
                record[name] = _text(value)
        out.append((line, record))
    if not out:
        raise Invalid("文件里没有数据行。", code="import.empty")
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Sheet1"):
    """Kept for callers not yet moved to `core.exports.export_response` (which every export should use):
    same safe, numeric output, column kinds guessed from the first row's Python types."""
    from niangjia.core import exports

    rows = list(rows)
    first = rows[0] if rows else []
    kinds = [exports.kind_of(first[i]) if i < len(first) else exports.TEXT for i in range(len(headers))]
    subject = filename.rsplit(".", 1)[0]
    return exports.export_response(subject=subject, columns=[exports.Column(h, k) for h, k in zip(headers, kinds, strict=False)],
                                   rows=rows, sheet_name=None if sheet_title == "Sheet1" else sheet_title,
                                   filename=filename)


@dataclass(frozen=True)
class TemplateColumn:
    """One column of an import template. `choices` become a drop-down (data validation) holding exactly the
    values the import reads; `text=True` keeps long digit strings (ID, bank, mobile numbers) as text so Excel
    does not turn them into 1.1E+17; `note` says how to fill it (notes sheet and the cell's input message)."""

    header: str
    note: str = ""
    required: bool = False
    choices: Sequence[str] = ()
    example: str = ""
    text: bool = False
    width: int = 0


TEMPLATE_ROWS = 2000  # rows that get the drop-downs and text format
DATA_SHEET = "导入数据"
NOTES_SHEET = "填写说明"
CHOICES_SHEET = "选项"


def import_template(columns: Sequence[TemplateColumn], *, title: str = "", notes: Sequence[str] = ()) -> bytes:
    """The downloadable template of an import: a data sheet (bold frozen header, drop-downs for coded columns,
    text format for number-like codes), a notes sheet (every column: required or not, how to fill, the allowed
    values, an example) and a hidden sheet holding the drop-down lists (Excel limits an inline list to 255
    characters). The data sheet has no example row, so a forgotten example is never imported."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    lists = None
    last = TEMPLATE_ROWS + 1
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        cell = data.cell(row=1, column=i, value=col.header + ("*" if col.required else ""))
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        cell.alignment = Alignment(horizontal="center")
        width = col.width or max(len(col.header) * 2 + 4, max((len(c) * 2 + 2 for c in col.choices), default=0), 12)
        data.column_dimensions[letter].width = min(width, 40)
        if col.text:
            # a column style: what is typed into the column stays text, and no empty cells are written
            data.column_dimensions[letter].number_format = "@"
        if col.choices:
            if lists is None:
                lists = workbook.create_sheet(CHOICES_SHEET)
                lists.sheet_state = "hidden"
            lists.cell(row=1, column=i, value=col.header)
            for j, choice in enumerate(col.choices, start=2):
                lists.cell(row=j, column=i, value=choice)
            source = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${len(col.choices) + 1}"
            rule = DataValidation(type="list", formula1=source, allow_blank=not col.required, showDropDown=False,
                                  showErrorMessage=True, errorTitle="请从下拉列表中选择",
                                  error=f"“{col.header}”只能填：{'、'.join(col.choices)[:200]}",
                                  showInputMessage=bool(col.note), promptTitle=col.header[:32], prompt=col.note[:250])
            rule.add(f"{letter}2:{letter}{last}")
            data.add_data_validation(rule)
    data.freeze_panes = "A2"

    notes_sheet = workbook.create_sheet(NOTES_SHEET)
    row = 1
    if title:
        notes_sheet.cell(row=row, column=1, value=f"{title}导入模板 · 填写说明").font = Font(bold=True, size=13)
        row += 2
    for line in [*notes, "标 * 的列必须填写；带下拉箭头的列请从下拉列表中选择。",
                 "整份文件一起校验：有任何一行不对，整份文件都不会导入，系统会返回标注了每行错误原因的文件。",
                 f"请在“{DATA_SHEET}”工作表中从第 2 行起填写，不要修改第 1 行的列名。"]:
        notes_sheet.cell(row=row, column=1, value=line)
        row += 1
    row += 1
    for j, head in enumerate(("列名", "是否必填", "填写要求", "可选值", "示例"), start=1):
        notes_sheet.cell(row=row, column=j, value=head).font = Font(bold=True)
    for col in columns:
        row += 1
        values = (col.header, "必填" if col.required else "选填", col.note, "、".join(col.choices), col.example)
        for j, value in enumerate(values, start=1):
            c = notes_sheet.cell(row=row, column=j, value=value)
            c.data_type = "s"
            c.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (18, 10, 50, 36, 24), strict=True):
        notes_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_response(subject: str, columns: Sequence[TemplateColumn], *, notes: Sequence[str] = ()):
    """The template as a download named `<subject>导入模板.xlsx`."""
    from niangjia.core import exports

    return exports.file_response(import_template(columns, title=subject, notes=notes), f"{subject}导入模板.xlsx")


def template_bytes(headers: Sequence[str], example: Sequence | None = None) -> bytes:
    """Kept for callers not yet moved to `import_template`: plain columns, the example on the notes sheet."""
    example = list(example or [])
    return import_template([TemplateColumn(h, example=str(example[i]) if i < len(example) else "")
                            for i, h in enumerate(headers)])


ERROR_HEADER = "错误原因"


def error_report(upload, errors: Sequence[RowError]) -> bytes:
    """The uploaded file's first sheet back, every row as uploaded, with a 错误原因 column filled on the lines
    that were refused (highlighted). Streamed (read-only in, write-only out): a 50,000-row file costs little
    memory. Text that a spreadsheet would evaluate is written as text, never as a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    from niangjia.core.exports import escape_text

    upload.seek(0)
    source = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    reasons: dict[int, list[str]] = {}
    for e in errors:
        reasons.setdefault(e.line, []).append(e.reason)
    out = Workbook(write_only=True)
    sheet = out.create_sheet(title=(source.worksheets[0].title or DATA_SHEET)[:31])
    sheet.freeze_panes = "A2"
    red = PatternFill("solid", fgColor="FFC7CE")
    try:
        rows = source.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        width = 0
        for line, values in enumerate(rows, start=1):
            values = list(values or [])
            if line == 1:
                while values and values[-1] in (None, ""):
                    values.pop()
                width = len(values)
            values = (values + [None] * width)[:width]
            cells = []
            for value in values:
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=escape_text(value))
                    cell.data_type = "s"
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    if hasattr(value, "strftime"):
                        cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            if line == 1:
                for cell in cells:
                    cell.font = Font(bold=True)
                extra = WriteOnlyCell(sheet, value=ERROR_HEADER)
                extra.font = Font(bold=True, color="C00000")
            elif line in reasons:
                extra = WriteOnlyCell(sheet, value=escape_text("；".join(reasons[line])))
                extra.data_type = "s"
                extra.fill = red
                extra.font = Font(color="9C0006")
            else:
                extra = None
            sheet.append(cells + ([extra] if extra is not None else []))
    finally:
        source.close()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def error_report_url(actor, upload, exc: ImportRejected, *, org=None) -> str:
    """Keep the error report of a refused import for its uploader (requester-only, expiring download, like a
    background job's file) and return its URL; "" when the file cannot be read back."""
    from django.urls import reverse

    from niangjia.core import jobs

    if not exc.errors or upload is None:
        return ""
    try:
        data = error_report(upload, exc.errors)
    except Exception:  # the file passed read_rows once; anything odd here only loses the convenience copy
        return ""
    name = getattr(upload, "name", "") or "导入文件.xlsx"
    stem = name.rsplit(".", 1)[0][:60] or "导入文件"
    job = jobs.store_ready_file(actor=actor, kind="core.import_report", title="导入错误标注",
                                filename=f"{stem}_错误标注.xlsx", data=data, org=org)
    return reverse("core:job_download", kwargs={"token": job.token})


PERSON_HEADERS = ["姓名", "身份证号"]
PERSON_TEMPLATE = [
    TemplateColumn("姓名", "与身份证一致", required=True, example="张三"),
    TemplateColumn("身份证号", "18 位居民身份证号；须是所选工会的在册会员", required=True, text=True,
                   example="11010519491231002X"),
]


def read_person_rows(rows: list[tuple[int, dict]]) -> tuple[list[RowError], list[tuple[int, str, str]]]:
    """Validate 姓名 + 身份证号 rows: (errors, [(line, name, id blind index)]), a person at most once."""
    from django.core.exceptions import ValidationError

    from niangjia.core import pii
    from niangjia.core.validators import validate_id_number

    errors: list[RowError] = []
    wanted: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        name, id_number = row.get("姓名", ""), row.get("身份证号", "").upper()
        if not name or not id_number:
            errors.append(RowError(line, "姓名和身份证号都必须填写"))
            continue
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            errors.append(RowError(line, "；".join(exc.messages)))
            continue
        index = pii.blind_index(id_number, purpose="id")
        if index in seen:
            errors.append(RowError(line, f"与第 {seen[index]} 行是同一个人"))
            continue
        seen[index] = line
        wanted.append((line, name, index))
    return errors, wanted


def rejected(request, upload, exc: ImportRejected, *, org=None) -> list[RowError]:
    """What a view does with a refused import: the Chinese summary and a link to the uploaded file with an
    error column (as messages, so pages that redirect show them too); returns the row errors for pages that
    also list them (`{% include "core/_import_errors.html" %}` with `import_errors`)."""
    from django.contrib import messages

    messages.error(request, exc.message)
    url = error_report_url(request.user, upload, exc, org=org)
    if url:
        messages.error(request, url, extra_tags="import-report")
    return exc.errors
