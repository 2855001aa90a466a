"""Excel exports that finance can use: the one way every list, report and statistic leaves as .xlsx.

- Money and numbers are numeric cells with a 2-decimal (money) or integer format, so SUM works.
- Dates are date cells shown as 2026-12-01 (the one date format of the product).
- Row 1 is a title: union, subject, filters and the export time; row 2 the bold header; panes are frozen
  below it, column widths fit the content (measured on the first rows, counting a CJK character as two).
- Text that a spreadsheet would run as a formula (= + - @, tab, CR) is prefixed with an apostrophe
  (OWASP "CSV injection"), so a member who names themselves `=HYPERLINK(...)` stays text.
- The file name is `<union>_<subject>_<date>.xlsx`, sent with an RFC 5987 `filename*` and an ASCII fallback.

Written with openpyxl's write-only mode so a 2,000,000-row roster streams in bounded memory.
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import islice
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEXT, MONEY, NUMBER, INTEGER, DATE, DATETIME, PERCENT = (
    "text",
    "money",
    "number",
    "integer",
    "date",
    "datetime",
    "percent",
)
FORMATS = {
    MONEY: "#,##0.00",
    NUMBER: "#,##0.00",
    INTEGER: "#,##0",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
    PERCENT: "0.00%",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 60
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")
FILE_NAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Column:
    """One column: its Chinese header and what kind of value it holds (TEXT, MONEY, INTEGER, DATE …)."""

    header: str
    kind: str = TEXT
    width: int | None = None


def columns(*specs) -> list[Column]:
    """`columns("姓名", ("金额（元）", MONEY), Column("日期", DATE))` → [Column, ...]."""
    out = []
    for spec in specs:
        if isinstance(spec, Column):
            out.append(spec)
        elif isinstance(spec, str):
            out.append(Column(spec))
        else:
            out.append(Column(*spec))
    return out


def escape_text(value: str) -> str:
    """Text a spreadsheet would evaluate gets a leading apostrophe; "-" alone or "-5" typed as text stays."""
    if value and value.startswith(FORMULA_STARTS) and not _is_plain_number(value):
        return "'" + value
    return value


def _is_plain_number(value: str) -> bool:
    if len(value) == 1:
        return True  # a lone "-" or "+" is a placeholder, not a formula
    try:
        Decimal(value)
    except (InvalidOperation, ValueError):
        return False
    return value[0] in "+-"


def _cell_value(value, kind: str):
    """The Python value openpyxl should store for this kind of column."""
    if value is None or value == "":
        return None
    if kind in (MONEY, NUMBER, PERCENT):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return value
        try:
            return Decimal(str(value).replace(",", "").replace("¥", "").strip())
        except (InvalidOperation, ValueError):
            return escape_text(str(value))
    if kind == INTEGER:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(str(value).replace(",", "").strip())
        except ValueError:
            return escape_text(str(value))
    if kind == DATETIME and isinstance(value, dt.datetime):
        # Excel has no time zones: write the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if kind == DATE and isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if kind in (DATE, DATETIME) and isinstance(value, dt.date):
        return value
    if kind == DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return escape_text(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)) and kind == TEXT:
        return value
    return escape_text(str(value))


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal | float):
        text = f"{value:,.2f}"
    elif isinstance(value, dt.datetime):
        text = "2026-12-01 09:30"
    elif isinstance(value, dt.date):
        text = "2026-12-01"
    else:
        text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def safe_sheet_name(name: str) -> str:
    return SHEET_NAME_FORBIDDEN.sub("", name or "")[:31] or "数据"


def describe_filters(filters: Mapping[str, object] | str | None) -> str:
    """{"状态": "待审核", "关键词": ""} → "状态：待审核" (empty values left out)."""
    if not filters:
        return ""
    if isinstance(filters, str):
        return filters
    return "；".join(f"{k}：{v}" for k, v in filters.items() if v not in (None, "", [], ()))


def workbook_bytes(
    *,
    subject: str,
    columns: Sequence[Column | str],
    rows: Iterable[Sequence],
    org_name: str = "",
    filters: Mapping[str, object] | str | None = None,
    sheet_name: str | None = None,
    now: dt.datetime | None = None,
    title_row: bool = True,
) -> bytes:
    """The .xlsx file as bytes. `title_row=False` for files read by machines (bank files)."""
    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    now = timezone.localtime(now or timezone.now())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_sheet_name(sheet_name or subject))

    rows = iter(rows)
    head = [
        [_cell_value(v, c.kind) for v, c in zip(row, cols, strict=False)]
        for row in islice(rows, WIDTH_SAMPLE_ROWS)
    ]
    widths = [
        max([_display_width(c.header)] + [_display_width(r[i]) for r in head if i < len(r)])
        for i, c in enumerate(cols)
    ]
    for i, c in enumerate(cols):
        width = c.width or min(max(widths[i] + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(i + 1)].width = width

    header_row = 2 if title_row else 1
    # Write-only sheets take their view settings before the first row.
    sheet.freeze_panes = f"A{header_row + 1}"
    if title_row:
        parts = [p for p in (org_name, subject) if p]
        title = " · ".join(parts)
        described = describe_filters(filters)
        if described:
            title += f"（筛选：{described}）"
        title += f"  导出时间：{now:%Y-%m-%d %H:%M}"
        cell = WriteOnlyCell(sheet, value=escape_text(title))
        cell.font = Font(bold=True, size=12)
        sheet.append([cell])

    header_cells = []
    for c in cols:
        cell = WriteOnlyCell(sheet, value=escape_text(c.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)

    formats = [FORMATS.get(c.kind) for c in cols]

    def write(values):
        out = []
        for value, fmt in zip(values, formats, strict=False):
            cell = WriteOnlyCell(sheet, value=value)
            if fmt == FORMATS[NUMBER] and isinstance(value, int):
                cell.number_format = FORMATS[INTEGER]  # a count in a mixed "value" column shows no decimals
            elif fmt and isinstance(value, (int, float, Decimal, dt.date)):
                cell.number_format = fmt
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            out.append(cell)
        sheet.append(out)

    for values in head:
        write(values)
    for row in rows:
        write([_cell_value(v, c.kind) for v, c in zip(row, cols, strict=False)])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(
    subject: str, *, org_name: str = "", day: dt.date | None = None, ext: str = "xlsx"
) -> str:
    """`上城区总工会_帮扶申请_2026-12-01.xlsx` (characters a file system refuses are dropped)."""
    day = day or timezone.localdate()
    parts = [FILE_NAME_FORBIDDEN.sub("", p) for p in (org_name, subject) if p]
    return "_".join([p for p in parts if p] + [day.isoformat()]) + f".{ext}"


def content_disposition(filename: str) -> str:
    """RFC 6266 / RFC 5987: an ASCII fallback plus the UTF-8 name every current browser uses."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).strip("_") or "export.xlsx"
    if not re.search(r"[A-Za-z0-9]", fallback.rsplit(".", 1)[0]):
        fallback = "export." + filename.rsplit(".", 1)[-1]
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def file_response(data: bytes, filename: str, content_type: str = XLSX_TYPE) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "no-store"
    return response


def export_response(
    *,
    subject: str,
    columns: Sequence[Column | str],
    rows: Iterable[Sequence],
    org=None,
    org_name: str = "",
    filters: Mapping[str, object] | str | None = None,
    sheet_name: str | None = None,
    title_row: bool = True,
    filename: str | None = None,
    audited: bool = False,
) -> HttpResponse:
    """The HTTP download of an export. `org` (an Org) or `org_name` names the union in the title and file.

    Every download is audited ("export.download", with the org, so the admins above see it) unless the
    caller's own use case already recorded it (`audited=True`).
    """
    org_name = org_name or (getattr(org, "name", "") if org is not None else "")
    if not audited:
        record_download(subject=subject, org=org, filters=filters)
    data = workbook_bytes(
        subject=subject,
        columns=columns,
        rows=rows,
        org_name=org_name,
        filters=filters,
        sheet_name=sheet_name,
        title_row=title_row,
    )
    return file_response(data, filename or export_filename(subject, org_name=org_name))


def record_download(*, subject: str, org=None, filters=None, actor=None, extra: dict | None = None) -> None:
    """Audit a download by the current request's user, under `org` or else the user's highest org."""
    from django.db import transaction

    from niangjia.core import audit, scoping
    from niangjia.core.context import current_request

    if actor is None:
        request = current_request.get()
        actor = getattr(request, "user", None)
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if org is None:
        tops = scoping.top_orgs(actor)
        org = tops[0] if tops else None
    summary = {"subject": subject, **(extra or {})}
    if isinstance(filters, Mapping):
        summary["filters"] = {str(k): str(v) for k, v in filters.items() if v not in (None, "")}
    elif filters:
        summary["filters"] = str(filters)
    with transaction.atomic():
        audit.record(actor, "export.download", org=org, object_type="export", summary=summary)


def actor_org_name(actor, org_id: int | None = None) -> str:
    """The union an export speaks for: the filtered org if it is in scope, else the actor's highest org."""
    from niangjia.core import scoping

    if org_id:
        org = scoping.orgs_visible_to(actor).filter(pk=org_id).only("name").first()
        if org is not None:
            return org.name
    tops = scoping.top_orgs(actor)
    return tops[0].name if tops else ""


def kind_of(value) -> str:
    """A column kind guessed from one Python value (for callers that pass bare headers)."""
    if isinstance(value, bool):
        return TEXT
    if isinstance(value, Decimal):
        return MONEY
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, dt.datetime):
        return DATETIME
    if isinstance(value, dt.date):
        return DATE
    return TEXT
