import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from niangjia.core.spreadsheets import ImportRejected
from niangjia.relief import services
from niangjia.relief.models import HardshipFile, Household


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(services.IMPORT_HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("files.xlsx", buf.getvalue())


GOOD = ["张三", "湖滨商贸有限公司工会", "330102", "深度困难", "疾病、残疾", "7200", "0", "2", "600", "6222020200112233445"]


def test_import_good_file(tree, staff_a, ref):
    n = services.import_files(actor=staff_a, upload=xlsx([GOOD, GOOD[:3] + ["相对困难", "失业", "30000", "0", "2",
                                                                              "2500", ""]]), year=2020)
    assert n == 2
    assert HardshipFile.objects.filter(category="deep").count() == 1
    assert HardshipFile.objects.get(category="deep").household.members.count() == 2


@pytest.mark.parametrize("bad", [
    GOOD[:3] + ["相对困难"] + GOOD[4:],  # category rule says deep
    GOOD[:1] + ["西湖茶业有限公司工会"] + GOOD[2:],  # out of scope
    GOOD[:5] + ["-1"] + GOOD[6:],
    GOOD[:4] + ["旅游"] + GOOD[5:],
    GOOD[:5] + ["900000"] + GOOD[6:],  # does not add up with monthly incomes
])
def test_import_is_all_or_nothing(tree, staff_a, ref, bad):
    with pytest.raises(ImportRejected) as exc:
        services.import_files(actor=staff_a, upload=xlsx([GOOD, bad]), year=2020)
    assert [e.line for e in exc.value.errors] == [3]
    assert not Household.objects.exists()
    assert not HardshipFile.objects.exists()


def test_import_page_shows_row_errors(client, tree, staff_a, ref):
    client.force_login(staff_a)
    bad = GOOD[:5] + ["-1"] + GOOD[6:]
    r = client.post("/relief/workbench/files/", {"file": xlsx([GOOD, bad])})
    body = r.content.decode()
    assert "import-errors" in body
    assert "不能是负数" in body
    assert not Household.objects.exists()
    assert client.get("/relief/workbench/files/?template=1").status_code == 200
