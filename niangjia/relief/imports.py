"""The Excel templates of relief's imports (core.spreadsheets.TemplateColumn): drop-downs for the coded columns
with exactly the words the import reads, text format for account numbers, and a notes sheet."""

from django.utils import timezone

from niangjia.core import selectors as core_selectors
from niangjia.core import spreadsheets
from niangjia.core.spreadsheets import TemplateColumn
from niangjia.relief.services.files import CATEGORY_BY_LABEL, CAUSE_BY_LABEL, IMPORT_HEADERS
from niangjia.relief.services.income import INCOME_HEADERS


def files_template(actor):
    unions = core_selectors.org_names_for_choice(actor=actor, levels=["grassroots"])
    causes = "、".join(dict.fromkeys(k for k in CAUSE_BY_LABEL if k != "就学"))
    columns = [
        TemplateColumn("户主姓名", "与身份证一致", required=True, example="张三"),
        TemplateColumn("基层工会", "户主所在基层工会的全称（下拉选择，只列出您管理范围内的工会）", required=True,
                       choices=unions, example=unions[0] if unions else "某某公司工会"),
        TemplateColumn("地区代码", "6 位行政区划代码，用于查找当年低保标准", required=True, text=True, example="330102"),
        TemplateColumn("类别", "困难类别，须与收入核算结果一致", required=True, choices=tuple(CATEGORY_BY_LABEL),
                       example="深度困难"),
        TemplateColumn("致困原因", f"一项或多项，用顿号分隔：{causes}", required=True, example="疾病、残疾"),
        TemplateColumn("家庭年可支配收入", "元，最多两位小数，不写千分位逗号", required=True, example="7200"),
        TemplateColumn("刚性支出", "元（全年），没有填 0", required=True, example="0"),
        TemplateColumn("共同生活人数", "1 到 30 的整数", required=True, example="2"),
        TemplateColumn("家庭月收入合计", "元（每月），可留空", example="600"),
        TemplateColumn("银行账号", "12 到 30 位数字，可留空", text=True, example="6222020200112233445"),
    ]
    assert [c.header for c in columns] == IMPORT_HEADERS
    return spreadsheets.template_response("困难职工档案", columns, notes=[
        "每行建立一户家庭和一份困难职工档案；系统按低保标准核算类别，与所填类别不一致的行会被退回。"])


def income_template():
    columns = [
        TemplateColumn("家庭编号", "工作台“家庭”列表中的编号", required=True, example="1"),
        TemplateColumn("月份", "如 2026-11（年-月）", required=True, text=True,
                       example=f"{timezone.localdate():%Y-%m}"),
        TemplateColumn("家庭月收入", "元，最多两位小数", required=True, example="3600"),
        TemplateColumn("当月刚性支出", "元，没有填 0 或留空", example="0"),
        TemplateColumn("共同生活人数", "1 到 30 的整数", required=True, example="3"),
    ]
    assert [c.header for c in columns] == INCOME_HEADERS
    return spreadsheets.template_response("月收入记录", columns, notes=[
        "同一家庭同一月份只能有一行；收入连续高于标准的家庭会出现在“建议退出”名单中。"])
