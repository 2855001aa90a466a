"""Excel import of employers and posts (staff): all rows or none, line-numbered Chinese reasons, the templates'
drop-downs and notes sheet, size and row limits, the GB 32100 check character.

| file                                          | answer                                                  |
|-----------------------------------------------|---------------------------------------------------------|
| good employers file (verify ticked)           | all registered under the chosen union, verified, audited |
| a bad check character / a duplicate / bad region code | ImportRejected, each line named, nothing written |
| good posts file                               | all published, indexed (searchable), added to the fair   |
| unknown credit code / hours not in the list / min > max / out-of-scope employer | rejected by line, nothing written |
| too many rows / too big                       | refused with a Chinese message                           |
| the page                                      | template download, import, errors listed                 |
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from niangjia.core.audit import AuditEvent
from niangjia.core.errors import Invalid
from niangjia.core.spreadsheets import ImportRejected
from niangjia.jobs import selectors, services
from niangjia.jobs import services_imports as imports
from niangjia.jobs.models import Employer, JobFair, Position
from niangjia.jobs.tests.conftest import uscc

pytestmark = pytest.mark.django_db

CODE_1, CODE_2 = uscc("91330102MA2DDDDD1"), uscc("91330102MA2EEEEE2")


def xlsx(headers, rows, name="导入.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append([f"{h}*" if h in ("单位名称", "岗位名称") else h for h in headers])  # the template's required mark
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def employer_row(name, code, region="330102", phone=""):
    return [name, code, region, "湖滨街道 1 号", "物业管理", "王经理", phone]


def post_row(code, title="保洁员", hours="全职", low="3000", high="4200", demands="", welfare="否"):
    return [code, title, "上城区湖滨街道", "330102", low, high, hours, "清洁、垃圾分类", "公共区域日常清洁。", "身体健康。",
            demands, "2", welfare]


def test_templates_have_the_import_columns_drop_downs_and_notes(people):
    for response, headers, coded in ((imports.employers_template(), imports.EMPLOYER_HEADERS, set()),
                                     (imports.posts_template(), imports.POST_HEADERS, {"工作时间", "公益性岗位"})):
        wb = load_workbook(io.BytesIO(response.content))
        data = wb["导入数据"]
        assert [c.value.rstrip("*") for c in data[1]] == headers
        assert "填写说明" in wb.sheetnames
        validated = {data.cell(row=1, column=min(r.min_col for r in dv.sqref.ranges)).value.rstrip("*")
                     for dv in data.data_validations.dataValidation}
        assert validated == coded


def test_good_employers_file_registers_and_verifies_all(people):
    upload = xlsx(imports.EMPLOYER_HEADERS, [employer_row("恒安物业", CODE_1, phone="13900000001"),
                                             employer_row("湖滨餐饮", CODE_2.lower())])
    n = imports.import_employers(actor=people.staff_a, org_id=people.tree.district_a.pk, upload=upload, verify=True)
    assert n == 2
    rows = list(Employer.objects.order_by("uscc"))
    assert [e.uscc for e in rows] == sorted([CODE_1, CODE_2])
    assert all(e.status == "verified" and e.verified_by == people.staff_a and e.org == people.tree.district_a
               for e in rows)
    assert AuditEvent.objects.filter(action="jobs.employer_import").count() == 1
    assert AuditEvent.objects.filter(action="jobs.employer_register").count() == 2


def test_a_bad_row_rejects_the_whole_employers_file_with_line_numbers(people):
    bad_check = CODE_1[:-1] + ("0" if CODE_1[-1] != "0" else "1")
    upload = xlsx(imports.EMPLOYER_HEADERS, [
        employer_row("恒安物业", CODE_2),           # line 2: fine
        employer_row("校验位错", bad_check),         # line 3: GB 32100 check character
        employer_row("重复单位", CODE_2),           # line 4: same code as line 2
        employer_row("区划错", CODE_1, region="12"),  # line 5: region code
        employer_row("", uscc("91330102MA2FFFFF3")),  # line 6: no name
    ])
    with pytest.raises(ImportRejected) as err:
        imports.import_employers(actor=people.staff_a, org_id=people.tree.district_a.pk, upload=upload)
    lines = {e.line: e.reason for e in err.value.errors}
    assert set(lines) == {3, 4, 5, 6}
    assert "第 2 行重复" in lines[4] and "单位名称" in lines[6]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in lines.values())
    assert not Employer.objects.exists() and not AuditEvent.objects.filter(action__startswith="jobs.").exists()


def test_an_already_registered_code_is_a_row_error(people, employer):
    upload = xlsx(imports.EMPLOYER_HEADERS, [employer_row("又一家", employer.uscc)])
    with pytest.raises(ImportRejected) as err:
        imports.import_employers(actor=people.staff_a, org_id=people.tree.district_a.pk, upload=upload)
    assert err.value.errors[0].line == 2 and "已经登记" in err.value.errors[0].reason
    assert Employer.objects.count() == 1


def test_good_posts_file_publishes_indexes_and_joins_the_fair(people, employer):
    import datetime as dt

    fair = services.create_fair(actor=people.staff_a, org_id=people.tree.district_a.pk, title="春风行动",
                                kind="spring_breeze", starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 3, 31))
    upload = xlsx(imports.POST_HEADERS, [post_row(employer.uscc),
                                         post_row(employer.uscc, "仓库管理员", hours="倒班（含夜班）",
                                                  demands="搬运重物、夜班", welfare="是")])
    assert imports.import_positions(actor=people.staff_a, upload=upload, fair_id=fair.pk) == 2
    p = Position.objects.get(title="仓库管理员")
    assert (p.hours, sorted(p.demands), p.public_welfare, p.headcount) == (
        "shifts", ["heavy_lifting", "night_shift"], True, 2)
    assert str(p.salary_min) == "3000.00" and p.fair == fair
    assert employer in JobFair.objects.get(pk=fair.pk).employers.all()
    assert [r["title"] for r in selectors.search_posts(q="仓库管理")][:1] == ["仓库管理员"]
    assert AuditEvent.objects.filter(action="jobs.position_import").count() == 1


def test_a_bad_row_rejects_the_whole_posts_file(people, employer, make_user):
    other = services.register_employer(actor=people.staff_b, name="西湖单位", uscc=CODE_1, region_code="330106",
                                       org_id=people.tree.district_b.pk)
    services.verify_employer(actor=people.staff_b, employer_id=other.pk, approve=True)
    upload = xlsx(imports.POST_HEADERS, [
        post_row(employer.uscc),                       # 2 fine
        post_row(CODE_2),                               # 3 not registered
        post_row(employer.uscc, hours="三班倒"),         # 4 not a listed value
        post_row(employer.uscc, low="5000", high="4000"),  # 5 min above max
        post_row(CODE_1),                               # 6 another district's employer
        post_row(employer.uscc, demands="潜水"),          # 7 unknown demand
        post_row(employer.uscc[:-1] + ("0" if employer.uscc[-1] != "0" else "1")),  # 8 bad check character
    ])
    with pytest.raises(ImportRejected) as err:
        imports.import_positions(actor=people.staff_a, upload=upload)
    lines = {e.line: e.reason for e in err.value.errors}
    assert set(lines) == {3, 4, 5, 6, 7, 8}
    assert "没有统一社会信用代码" in lines[3] and "三班倒" in lines[4] and "最高月薪" in lines[5]
    assert "不在您的管理范围" in lines[6] and "潜水" in lines[7]
    assert not Position.objects.exists()


def test_size_and_row_limits(people):
    with override_settings(NIANGJIA_IMPORT_MAX_ROWS=2):
        upload = xlsx(imports.EMPLOYER_HEADERS, [employer_row(f"单位{i}", CODE_1) for i in range(3)])
        with pytest.raises(Invalid) as err:
            imports.import_employers(actor=people.staff_a, org_id=people.tree.district_a.pk, upload=upload)
        assert err.value.code == "import.too_many"
    with override_settings(NIANGJIA_IMPORT_MAX_BYTES=1000):
        upload = xlsx(imports.EMPLOYER_HEADERS, [employer_row("单位", CODE_1)])
        with pytest.raises(Invalid) as err:
            imports.import_employers(actor=people.staff_a, org_id=people.tree.district_a.pk, upload=upload)
        assert err.value.code == "import.too_big"
    assert not Employer.objects.exists()


def test_the_import_page(client, people, employer):
    client.force_login(people.staff_a)
    page = client.get("/jobs/workbench/import/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "批量导入用人单位和岗位" in page and "下载模板" in page
    r = client.get("/jobs/workbench/import/?template=posts")
    assert r.status_code == 200 and "xlsx" in r["Content-Disposition"]
    bad = xlsx(imports.POST_HEADERS, [post_row(employer.uscc), post_row(employer.uscc, hours="随便")])
    r = client.post("/jobs/workbench/import/", {"kind": "posts", "file": bad}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = r.content.decode()
    assert r.status_code == 200 and 'data-testid="import-errors"' in page and "随便" in page
    assert not Position.objects.exists()
    good = xlsx(imports.POST_HEADERS, [post_row(employer.uscc)])
    r = client.post("/jobs/workbench/import/", {"kind": "posts", "file": good}, HTTP_ACCEPT_LANGUAGE="zh-hans",
                    follow=True)
    assert "已发布 1 个岗位" in r.content.decode() and Position.objects.count() == 1
    client.force_login(people.worker)
    assert client.get("/jobs/workbench/import/").status_code in (302, 403, 404)
