"""Import templates (drop-downs for coded columns, text format for number-like codes, a notes sheet) and the
error report (the uploaded file back with a 错误原因 column), built once in core.spreadsheets."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from niangjia.conftest import id_number_for
from niangjia.core.models import Member
from niangjia.core.spreadsheets import (
    ERROR_HEADER,
    ImportRejected,
    RowError,
    TemplateColumn,
    error_report,
    import_template,
    read_rows,
)

COLUMNS = [
    TemplateColumn("姓名", "与身份证一致", required=True, example="张三"),
    TemplateColumn("身份证号", "18 位", required=True, text=True, example="11010519491231002X"),
    TemplateColumn("劳模", "是否劳模", choices=("是", "否")),
]


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    for row in wb.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text (a formula has no cached value to read back)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("名单.xlsx", buf.getvalue())


def test_template_has_dropdowns_text_format_and_notes():
    wb = load_workbook(io.BytesIO(import_template(COLUMNS, title="会员")))
    data = wb.worksheets[0]
    assert data.title == "导入数据"
    assert [c.value for c in data[1]] == ["姓名*", "身份证号*", "劳模"]
    assert data.freeze_panes == "A2"
    # no example row that could be imported by mistake
    assert all(c.value is None for row in data.iter_rows(min_row=2) for c in row)
    assert data.column_dimensions["B"].number_format == "@"  # ID numbers typed in stay text
    assert data.column_dimensions["A"].number_format != "@"
    rules = data.data_validations.dataValidation
    assert len(rules) == 1 and rules[0].type == "list"
    assert "C2:C2001" in str(rules[0].sqref)
    sheet_name, cells = rules[0].formula1.split("!")
    options = wb[sheet_name.strip("'")]
    assert options.sheet_state == "hidden"
    assert [options[f"C{i}"].value for i in (2, 3)] == ["是", "否"]
    assert cells == "$C$2:$C$3"
    notes = wb["填写说明"]
    text = [[c.value for c in row] for row in notes.iter_rows()]
    assert ["劳模", "选填", "是否劳模", "是、否", None] in text
    assert ["身份证号", "必填", "18 位", None, "11010519491231002X"] in text


def test_the_template_is_read_back_by_read_rows():
    wb = load_workbook(io.BytesIO(import_template(COLUMNS)))
    wb.worksheets[0].append(["李四", "11010519491231002X", "是"])
    buf = io.BytesIO()
    wb.save(buf)
    rows = read_rows(SimpleUploadedFile("t.xlsx", buf.getvalue()), ["姓名", "身份证号", "劳模"], ["姓名", "身份证号"])
    assert rows == [(2, {"姓名": "李四", "身份证号": "11010519491231002X", "劳模": "是"})]


def test_error_report_is_the_uploaded_file_with_an_error_column():
    upload = xlsx([["姓名", "身份证号", None], ["张三", "110105194912310021"], ["=HYPERLINK(\"x\")", "123"],
                   ["王五", "110105194912310030"]])
    data = error_report(upload, [RowError(3, "身份证号有误"), RowError(3, "姓名有误"), RowError(4, "重复")])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["姓名", "身份证号", ERROR_HEADER]
    assert rows[1] == ["张三", "110105194912310021", None]
    assert rows[2][1] == "123" and rows[2][2] == "身份证号有误；姓名有误"
    assert rows[2][0].startswith("'=")  # never a live formula
    assert sheet["C3"].data_type == "s" and sheet["A3"].data_type == "s"
    assert rows[3][2] == "重复"
    assert sheet["C3"].fill.fgColor.rgb.endswith("FFC7CE")


@pytest.mark.django_db
def test_a_refused_roster_import_offers_the_marked_file_to_the_uploader_only(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    bad = xlsx([["姓名", "身份证号", "手机号", "基层工会统一社会信用代码"],
                ["张三", id_number_for(7), "", tree.union_a.uscc],
                ["李四", "not-an-id", "", tree.union_a.uscc]])
    page = client.post("/workbench/members/import/", {"file": bad})
    body = page.content.decode()
    assert 'data-testid="import-errors"' in body and 'data-testid="import-report"' in body
    assert Member.objects.count() == 0
    link = body.split('data-testid="import-report"')[0].rsplit('href="', 1)[1].split('"')[0]
    download = client.get(link)
    assert download.status_code == 200
    assert "%E9%94%99%E8%AF%AF%E6%A0%87%E6%B3%A8" in download["Content-Disposition"]  # 错误标注
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    assert sheet["E1"].value == ERROR_HEADER
    assert sheet["E2"].value is None and "身份证号" in sheet["E3"].value
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))  # a colleague: not theirs
    assert client.get(link).status_code == 404


def test_rejected_without_row_errors_or_file_makes_no_report():
    from niangjia.core.spreadsheets import error_report_url

    assert error_report_url(None, None, ImportRejected([RowError(2, "x")])) == ""
