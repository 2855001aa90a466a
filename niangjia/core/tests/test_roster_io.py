"""Excel import is all-or-nothing with line-numbered Chinese reasons; export is masked and audited."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from niangjia.core.models import AuditEvent, Member
from niangjia.core.services import roster
from niangjia.core.spreadsheets import ImportRejected

HEADERS = ["姓名", "身份证号", "手机号", "基层工会统一社会信用代码", "入会日期"]


def xlsx(rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("members.xlsx", buffer.getvalue())


def test_one_bad_row_imports_nothing(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    upload = xlsx([
        ["张三", "11010519491231002X", "13800138000", tree.union_a.uscc, "2020-03-14"],
        ["李四", "110105194912310021", "13800138001", tree.union_a.uscc, "2020-03-14"],  # bad checksum
        ["王五", "440524188001010014", "1380013", tree.union_a.uscc, ""],  # bad phone
        ["赵六", "11010519491231002X", "", tree.union_a.uscc, ""],  # same person as line 2
        ["钱七", "440524188001010014", "", tree.union_b.uscc, "2099-01-01"],  # other district, future date
    ])
    with pytest.raises(ImportRejected) as exc:
        roster.import_members(actor=staff, upload=upload)
    lines = {e.line: e.reason for e in exc.value.errors}
    assert set(lines) == {3, 4, 5, 6}
    assert "校验位" in lines[3] and "手机号" in lines[4] and "第 2 行" in lines[5]
    assert "管理范围" in lines[6] and "晚于今天" in lines[6]
    assert Member.objects.count() == 0
    assert not AuditEvent.objects.filter(action="member.import").exists()


def test_wrong_header_is_refused(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    with pytest.raises(Exception) as exc:
        roster.import_members(actor=staff, upload=xlsx([["张三"]], headers=["名字", "证件"]))
    assert "表头" in str(exc.value)


def test_good_file_imports_every_row(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    count = roster.import_members(actor=staff, upload=xlsx([
        ["张三", "11010519491231002X", "13800138000", tree.union_a.uscc, "2020-03-14"],
        ["李四", "440524188001010014", "", tree.union_a2.uscc, ""],
    ]))
    assert count == 2
    assert {m.member_no[:6] for m in Member.objects.all()} == {"330102"}
    assert AuditEvent.objects.get(action="member.import").summary == {"rows": 2}


def test_import_page_lists_bad_rows(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    upload = xlsx([["张三", "110105194912310021", "", tree.union_a.uscc, ""]])
    body = client.post("/workbench/members/import/", {"file": upload}).content.decode()
    assert "整份文件未导入" in body and "校验位" in body
    assert Member.objects.count() == 0


def test_export_is_masked(client, tree, make_user, make_member):
    make_member(tree.union_a, id_number="11010519491231002X", phone="13812345678")
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    response = client.get("/workbench/members/export.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "会员编号"  # row 1 is the title row
    assert rows[2][3] == "110105********002X" and rows[2][4] == "138****5678"
    assert AuditEvent.objects.filter(action="member.export").exists()
