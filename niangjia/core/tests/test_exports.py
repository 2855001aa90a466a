"""The one Excel export: numeric money finance can SUM, dates as dates, escaped formulas, Chinese file names."""

import datetime as dt
import io
from decimal import Decimal as D
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from niangjia.core import exports


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_money_is_numeric_and_sums_and_dates_are_dates():
    data = exports.workbook_bytes(
        subject="帮扶申请",
        org_name="上城区总工会",
        filters={"状态": "待审核", "关键词": ""},
        columns=exports.columns(
            "申请人", ("金额（元）", exports.MONEY), ("申请日期", exports.DATE), ("人次", exports.INTEGER)
        ),
        rows=[
            ("张三", D("1234.56"), dt.date(2026, 11, 30), 1),
            ("李四", D("0.44"), dt.date(2026, 12, 1), 2),
            ("王五", "1,000.00", "2026-12-01", "3"),
        ],
    )
    ws = _sheet(data)
    assert ws["A1"].value.startswith("上城区总工会 · 帮扶申请（筛选：状态：待审核）  导出时间：")
    assert [c.value for c in ws[2]] == ["申请人", "金额（元）", "申请日期", "人次"]
    assert all(c.font.b for c in ws[2])
    assert ws.freeze_panes == "A3"
    money = [c.value for c in ws["B"][2:]]
    assert all(isinstance(v, (int, float)) for v in money)
    assert round(sum(money), 2) == 2235.00
    assert ws["B3"].number_format == "#,##0.00"
    assert (
        ws["C3"].is_date
        and ws["C3"].value.date() == dt.date(2026, 11, 30)
        and ws["C3"].number_format == "yyyy-mm-dd"
    )
    assert ws["C5"].is_date  # ISO text in a date column becomes a date
    assert ws["D5"].value == 3 and ws["D5"].number_format == "#,##0"
    assert ws.title == "帮扶申请"
    assert ws.column_dimensions["A"].width >= 8


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ('=HYPERLINK("http://evil","点我")', '\'=HYPERLINK("http://evil","点我")'),
        ("+86 138", "'+86 138"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "-"),
        ("-12.5", "-12.5"),
        ("张三", "张三"),
    ],
)
def test_text_that_would_run_as_a_formula_is_escaped(text, stored):
    ws = _sheet(exports.workbook_bytes(subject="会员名单", columns=["姓名"], rows=[[text]]))
    cell = ws["A3"]
    assert cell.value == stored.replace("\r", "\n")  # XML stores CR as LF
    assert cell.data_type == "s"


def test_file_name_is_chinese_with_date_and_rfc5987():
    name = exports.export_filename("帮扶申请", org_name="上城区总工会", day=dt.date(2026, 12, 1))
    assert name == "上城区总工会_帮扶申请_2026-12-01.xlsx"
    header = exports.content_disposition(name)
    assert header.startswith('attachment; filename="')
    assert unquote(header.split("filename*=UTF-8''")[1]) == name
    assert exports.export_filename("a/b:c", day=dt.date(2026, 1, 2)) == "abc_2026-01-02.xlsx"


def test_sheet_name_is_cleaned_and_short():
    assert exports.safe_sheet_name("困难/职工:档案[2026]") == "困难职工档案2026"
    assert len(exports.safe_sheet_name("很" * 40)) == 31


def test_member_export_page_escapes_and_names_file(client, tree, make_user, make_member):
    make_member(tree.union_a, name='=HYPERLINK("http://x")')
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    response = client.get("/workbench/members/export.xlsx")
    disposition = unquote(response["Content-Disposition"])
    assert f"{tree.district_a.name}_会员名单_" in disposition and disposition.endswith(".xlsx")
    ws = _sheet(response.content)
    assert ws["B3"].value.startswith("'=HYPERLINK") and ws["B3"].data_type == "s"
    assert ws["H3"].is_date
