"""Excel import of employers and of posts (staff, workbench), through core.spreadsheets: all rows or none, each
bad row named by its line with a Chinese reason; the downloadable templates have drop-downs for the coded
columns and a notes sheet. Every row goes through the same use case as the form (`register_employer`,
`verify_employer`, `create_position`), each in a savepoint, so a row is checked exactly like one typed in;
the whole file is one transaction, rolled back when any row is refused."""

from __future__ import annotations

from django.db import transaction

from niangjia.core import audit, spreadsheets
from niangjia.core.errors import DomainError, Invalid, NotFound
from niangjia.core.spreadsheets import ImportRejected, RowError, TemplateColumn, read_rows
from niangjia.core.validators import validate_uscc
from niangjia.jobs import rules, services
from niangjia.jobs.models import Employer, JobFair

EMPLOYER_HEADERS = ["单位名称", "统一社会信用代码", "行政区划代码", "地址", "行业", "联系人", "联系电话"]
EMPLOYER_REQUIRED = ["单位名称", "统一社会信用代码", "行政区划代码"]
POST_HEADERS = ["统一社会信用代码", "岗位名称", "工作地点", "行政区划代码", "最低月薪", "最高月薪", "工作时间",
                "技能", "岗位描述", "任职要求", "体力要求", "招聘人数", "公益性岗位"]
POST_REQUIRED = ["统一社会信用代码", "岗位名称", "工作地点", "行政区划代码", "最低月薪", "最高月薪", "工作时间"]
HOURS_BY_LABEL = {label: code for code, label in rules.HOURS_LABELS.items()}
DEMAND_BY_LABEL = {label: code for code, label in rules.DEMAND_LABELS.items()}
YES_NO = {"是": True, "否": False, "": False}


def employer_columns() -> list[TemplateColumn]:
    columns = [
        TemplateColumn("单位名称", "营业执照上的全称，不超过 120 字", required=True, example="上城恒安物业服务有限公司"),
        TemplateColumn("统一社会信用代码", "18 位（GB 32100），最后一位是校验码，系统会核对", required=True, text=True,
                       example="91330102MA2CCCCC1X"),
        TemplateColumn("行政区划代码", "单位所在区县的 6 位代码", required=True, text=True, example="330102"),
        TemplateColumn("地址", "可留空，不超过 200 字", example="上城区湖滨街道某路 1 号"),
        TemplateColumn("行业", "可留空，不超过 40 字", example="物业管理"),
        TemplateColumn("联系人", "可留空", example="王经理"),
        TemplateColumn("联系电话", "11 位手机号，可留空", text=True, example="13900000000"),
    ]
    assert [c.header for c in columns] == EMPLOYER_HEADERS
    return columns


def post_columns() -> list[TemplateColumn]:
    demands = "、".join(rules.DEMAND_LABELS.values())
    columns = [
        TemplateColumn("统一社会信用代码", "招聘单位的代码；单位须已登记并通过审核，且在您的管理范围内", required=True,
                       text=True, example="91330102MA2CCCCC1X"),
        TemplateColumn("岗位名称", "不超过 80 字", required=True, example="保洁员"),
        TemplateColumn("工作地点", "不超过 120 字", required=True, example="上城区湖滨街道"),
        TemplateColumn("行政区划代码", "工作地点所在区县的 6 位代码（用于就近匹配）", required=True, text=True,
                       example="330102"),
        TemplateColumn("最低月薪", "元，最多两位小数，不写千分位逗号", required=True, example="3000"),
        TemplateColumn("最高月薪", "元，不低于最低月薪", required=True, example="4200"),
        TemplateColumn("工作时间", "从下拉列表中选择", required=True, choices=tuple(HOURS_BY_LABEL), example="全职"),
        TemplateColumn("技能", "用顿号“、”分隔，可留空", example="清洁、垃圾分类"),
        TemplateColumn("岗位描述", "可留空，不超过 2000 字", example="公共区域日常清洁。"),
        TemplateColumn("任职要求", "可留空，不超过 1000 字", example="身体健康。"),
        TemplateColumn("体力要求", f"可留空；一项或多项，用顿号分隔：{demands}", example="长时间站立"),
        TemplateColumn("招聘人数", "1 到 999 的整数，留空为 1", example="2"),
        TemplateColumn("公益性岗位", "是或否，留空为否", choices=("是", "否"), example="否"),
    ]
    assert [c.header for c in columns] == POST_HEADERS
    return columns


def employers_template():
    return spreadsheets.template_response("用人单位", employer_columns(), notes=[
        "每行登记一家用人单位，挂在您在页面上选择的工会下；统一社会信用代码不能与已登记的单位或文件中的其他行重复。",
        "勾选“导入后直接审核通过”时，您即是审核人（逐家记入操作日志）；否则单位进入待审核名单。"])


def posts_template():
    return spreadsheets.template_response("招聘岗位", post_columns(), notes=[
        "每行发布一个岗位，按统一社会信用代码找到招聘单位；可在页面上选择一场招聘会，所有岗位一并加入。"])


def _duplicate_uscc(line: int, code: str, seen: dict[str, int]) -> str:
    if code in seen:
        return f"统一社会信用代码与第 {seen[code]} 行重复"
    seen[code] = line
    return ""


@transaction.atomic
def import_employers(*, actor, org_id: int, upload, verify: bool = False) -> int:
    """Register every employer of the file under `org_id` (a union in the actor's scope), verified at once by the
    actor when `verify`; all or none."""
    rows = read_rows(upload, EMPLOYER_HEADERS, EMPLOYER_REQUIRED)
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    done = 0
    for line, row in rows:
        code = row.get("统一社会信用代码", "").strip().upper()
        dup = _duplicate_uscc(line, code, seen) if code else ""
        if dup:
            errors.append(RowError(line, dup))
            continue
        try:
            with transaction.atomic():
                employer = services.register_employer(
                    actor=actor, org_id=org_id, name=row.get("单位名称", ""), uscc=code,
                    region_code=row.get("行政区划代码", ""), address=row.get("地址", ""),
                    industry=row.get("行业", ""), contact_name=row.get("联系人", ""),
                    contact_phone=row.get("联系电话", ""))
                if verify:
                    services.verify_employer(actor=actor, employer_id=employer.pk, approve=True,
                                             reason="批量导入时审核通过")
        except DomainError as exc:
            if exc.code in ("jobs.org", "jobs.forbidden"):
                raise  # the page's choice, not a row's fault
            errors.append(RowError(line, exc.message))
            continue
        done += 1
    if errors:
        raise ImportRejected(errors)
    audit.record(actor, "jobs.employer_import", None, summary={"employers": done, "verified": verify,
                                                                "file": getattr(upload, "name", "")})
    return done


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace("，", "、").replace(",", "、").split("、") if p.strip()]


def _post_fields(row: dict) -> dict:
    """The row's coded columns as the use case takes them; a Chinese reason when one is not a listed value."""
    hours_label = row.get("工作时间", "")
    if hours_label not in HOURS_BY_LABEL:
        raise Invalid(f"工作时间“{hours_label}”不在可选范围内（{'、'.join(HOURS_BY_LABEL)}）")
    demands = []
    for label in _split(row.get("体力要求", "")):
        if label not in DEMAND_BY_LABEL:
            raise Invalid(f"体力要求“{label}”不在可选范围内（{'、'.join(DEMAND_BY_LABEL)}）")
        demands.append(DEMAND_BY_LABEL[label])
    welfare = row.get("公益性岗位", "")
    if welfare not in YES_NO:
        raise Invalid("公益性岗位只能填“是”或“否”")
    headcount = row.get("招聘人数", "") or "1"
    return {"hours": HOURS_BY_LABEL[hours_label], "demands": demands, "public_welfare": YES_NO[welfare],
            "headcount": headcount if headcount.isdigit() else 0}


@transaction.atomic
def import_positions(*, actor, upload, fair_id: int | None = None) -> int:
    """Publish every post of the file for employers found by credit code (verified, in the actor's scope); all
    or none."""
    if fair_id and not JobFair.objects.filter(pk=fair_id).exists():
        raise NotFound("未找到该招聘会。", code="jobs.not_found")
    rows = read_rows(upload, POST_HEADERS, POST_REQUIRED)
    codes = {row.get("统一社会信用代码", "").strip().upper() for _line, row in rows}
    employers = {e.uscc: e for e in Employer.objects.filter(uscc__in=codes)}
    errors: list[RowError] = []
    done = 0
    for line, row in rows:
        code = row.get("统一社会信用代码", "").strip().upper()
        try:
            validate_uscc(code)
        except Exception as exc:  # noqa: BLE001 - the validator's ValidationError, its message is Chinese
            errors.append(RowError(line, "；".join(getattr(exc, "messages", [str(exc)]))))
            continue
        employer = employers.get(code)
        if employer is None:
            errors.append(RowError(line, f"没有统一社会信用代码为 {code} 的已登记单位，请先导入或登记该单位"))
            continue
        try:
            fields = _post_fields(row)
            with transaction.atomic():
                services.create_position(
                    actor=actor, employer_id=employer.pk, title=row.get("岗位名称", ""),
                    location=row.get("工作地点", ""), region_code=row.get("行政区划代码", ""),
                    salary_min=row.get("最低月薪", ""), salary_max=row.get("最高月薪", ""),
                    description=row.get("岗位描述", ""), requirements=row.get("任职要求", ""),
                    skills=row.get("技能", ""), fair_id=fair_id, **fields)
        except DomainError as exc:
            reason = f"单位“{employer.name}”不在您的管理范围内" if exc.code == "jobs.not_found" else exc.message
            errors.append(RowError(line, reason.rstrip("。")))
            continue
        done += 1
    if errors:
        raise ImportRejected(errors)
    audit.record(actor, "jobs.position_import", None, summary={"posts": done, "fair": fair_id,
                                                                "file": getattr(upload, "name", "")})
    return done
