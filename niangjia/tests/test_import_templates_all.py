"""Every import has a downloadable template that its own import reads (same columns, required ones marked),
drop-downs on its coded columns and a notes sheet; a refused import hands back the uploaded file with an error
column."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from niangjia.care import services as care_services
from niangjia.core.services import roster
from niangjia.mutual_aid.services import enrolment
from niangjia.relief import services as relief_services


@pytest.fixture
def staff(tree, make_user):
    return make_user(roles=[(tree.district_a, "admin")], name="区干部")


@pytest.fixture
def campaign(tree, staff):
    return care_services.create_campaign(actor=staff, org_id=tree.district_a.pk, name="送温暖", kind="warmth",
                                         form="cash", start=dt.date(2020, 12, 1), end=dt.date(2021, 2, 1),
                                         total_budget="10000", per_person="500")


def _templates(campaign):
    # (url, the headers the import reads, the columns that must offer a drop-down)
    return [
        ("/workbench/members/import/template.xlsx", roster.IMPORT_HEADERS, {"劳模"}),
        ("/relief/workbench/files/?template=1", relief_services.IMPORT_HEADERS, {"基层工会", "类别"}),
        ("/relief/workbench/income/?template=1", relief_services.INCOME_HEADERS, set()),
        (f"/care/workbench/campaigns/{campaign.pk}/?template=1", care_services.IMPORT_HEADERS, set()),
        ("/mutual-aid/workbench/enrol/?template=1", enrolment.IMPORT_HEADERS, set()),
        ("/workbench/payouts/result-template.xlsx", ["序号", "结果", "失败原因", "金额", "账号"], {"结果"}),
    ]


def test_every_import_has_a_template_its_import_reads(client, tree, staff, campaign):
    client.force_login(staff)
    for url, headers, coded in _templates(campaign):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx" in response["Content-Disposition"], url  # 导入模板.xlsx
        wb = load_workbook(io.BytesIO(response.content))
        data = wb.worksheets[0]
        names = [str(c.value).rstrip("*") for c in data[1] if c.value]
        assert names == list(headers), url
        with_dropdown = set()
        for rule in data.data_validations.dataValidation:
            for cell_range in str(rule.sqref).split():
                with_dropdown.add(names[data[cell_range.split(":")[0]].column - 1])
        assert with_dropdown == coded, url
        assert "填写说明" in wb.sheetnames, url


def test_the_relief_union_dropdown_lists_only_the_actors_grassroots_unions(client, tree, staff):
    client.force_login(staff)
    wb = load_workbook(io.BytesIO(client.get("/relief/workbench/files/?template=1").content))
    options = [c.value for c in wb["选项"]["B"] if c.value]
    assert options[0] == "基层工会"
    assert set(options[1:]) == {tree.union_a.name, tree.union_a2.name}  # not district B's union


def test_refused_imports_redirecting_pages_still_offer_the_marked_file(client, tree, staff, campaign):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["无此人", "11010519491231002X"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(staff)
    page = client.post(f"/care/workbench/campaigns/{campaign.pk}/",
                       {"action": "import", "org": tree.union_a.pk, "file": SimpleUploadedFile("对象.xlsx", buf.getvalue())},
                       follow=True)
    body = page.content.decode()
    assert 'data-testid="import-report"' in body
    link = body.split('data-testid="import-report"')[0].rsplit('href="', 1)[1].split('"')[0]
    sheet = load_workbook(io.BytesIO(client.get(link).content)).worksheets[0]
    assert sheet["C1"].value == "错误原因" and sheet["C2"].value
