"""Excel imports refuse hostile files quickly and in Chinese (issue 10, "Bad input never crashes").

Cases from the probe: a 107 KB shared-strings bomb grew memory by 270 MB; a 10 MB "empty" sheet took
168 s of CPU; a malformed sheet answered 500. Each file here is built by the test.
"""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from niangjia.core.errors import Invalid
from niangjia.core.spreadsheets import read_rows

HEADERS = ["姓名", "身份证号"]


def _workbook_bytes(rows=(("王师傅", "11010519491231002X"),)) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rebuild(replace: dict[str, bytes], base: bytes | None = None) -> bytes:
    """The same .xlsx with some entries replaced (or added)."""
    src = zipfile.ZipFile(io.BytesIO(base or _workbook_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = [i.filename for i in src.infolist()]
        for name in names:
            dst.writestr(name, replace.get(name, src.read(name)))
        for name, data in replace.items():
            if name not in names:
                dst.writestr(name, data)
    return out.getvalue()


def _read(data: bytes):
    return read_rows(SimpleUploadedFile("名单.xlsx", data), HEADERS, HEADERS)


def _refused(data: bytes, code: str | tuple[str, ...], seconds: float = 5.0) -> Invalid:
    started = time.process_time()
    with pytest.raises(Invalid) as info:
        _read(data)
    assert time.process_time() - started < seconds
    assert info.value.code in ((code,) if isinstance(code, str) else code), info.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)
    return info.value


def test_a_normal_file_reads():
    assert _read(_workbook_bytes()) == [(2, {"姓名": "王师傅", "身份证号": "11010519491231002X"})]


def test_shared_strings_bomb_is_refused_before_parsing():
    bomb = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + \
        b"<si><t>" + b"A" * (60 * 1024 * 1024) + b"</t></si></sst>"
    data = _rebuild({"xl/sharedStrings.xml": bomb})
    assert len(data) < 200 * 1024  # a small upload ...
    _refused(data, "import.bomb", seconds=2)  # ... refused from the zip directory alone


def test_declared_huge_sheet_is_refused_early():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.cell(row=900_000, column=200, value="x")
    buf = io.BytesIO()
    wb.save(buf)
    _refused(buf.getvalue(), "import.too_many", seconds=2)


def test_many_empty_rows_without_a_dimension_stop_at_the_row_limit(settings):
    settings.NIANGJIA_IMPORT_MAX_ROWS = 1000
    rows = b"".join(b'<row r="%d"/>' % n for n in range(2, 200_000))
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c>'
             b'<c r="B1" t="inlineStr"><is><t>\xe8\xba\xab\xe4\xbb\xbd\xe8\xaf\x81\xe5\x8f\xb7</t></is></c></row>'
             + rows + b"</sheetData></worksheet>")
    _refused(_rebuild({"xl/worksheets/sheet1.xml": sheet}), "import.too_many")


def test_file_size_limit(settings):
    settings.NIANGJIA_IMPORT_MAX_BYTES = 1024
    _refused(_workbook_bytes(), "import.too_big")


NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize("sheet", [b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>99</v></c>",
                                   b'<worksheet xmlns="' + NS + b'"><sheetData><row r="1"><c r="A1" t="s"><v>99</v>'
                                   b"</c></row></sheetData></worksheet>",
                                   b'<worksheet xmlns="' + NS + b'"><sheetData><row r="1"><c r="A1" t="n"><v>x1</v>'
                                   b"</c></row></sheetData></worksheet>",
                                   b"not xml at all", b""])
def test_malformed_sheet_gets_a_chinese_message(sheet):
    _refused(_rebuild({"xl/worksheets/sheet1.xml": sheet}), ("import.broken", "import.not_xlsx"))


def test_not_a_zip():
    _refused(b"PK\x03\x04 this is not really a zip", "import.not_xlsx")
