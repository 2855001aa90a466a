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
    header = [str(h).strip() if h is not None else "" for h in header]
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


def template_bytes(headers: Sequence[str], example: Sequence | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    if example:
        sheet.append(list(example))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PERSON_HEADERS = ["姓名", "身份证号"]


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
