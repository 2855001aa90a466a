"""Reading and writing .xlsx files for imports and exports (shared by every app).

An import is all-or-nothing: `read_rows` hands back every row with its line number, the caller
validates them all, and raises `ImportRejected` with one Chinese reason per bad line.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook

from niangjia.core.errors import Invalid

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000


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


def read_rows(upload, expected_headers: Sequence[str], required: Sequence[str] = ()) -> list[tuple[int, dict]]:
    """Rows as (line number, {header: text}). Refuses a wrong header or a file that is not .xlsx."""
    try:
        upload.seek(0)
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:
        raise Invalid("无法读取该文件，请上传 Excel (.xlsx) 格式的文件。", code="import.not_xlsx") from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
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
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {}
        for name, value in zip(header, values, strict=False):
            if name:
                record[name] = _text(value)
        out.append((line, record))
        if len(out) > MAX_ROWS:
            raise Invalid(f"一次最多导入 {MAX_ROWS} 行，请分批上传。", code="import.too_many")
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
