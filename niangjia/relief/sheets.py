"""审批表: the printable approval sheet of one relief application (PDF via core.pdf), which union finance
signs, seals and files on paper: the case facts, the calculation, each level's decision, decider and date,
and blank signature and seal blocks."""

from django.utils import timezone

from niangjia.core import pdf
from niangjia.relief.review import ReviewFacts


def _yuan(value) -> str:
    """Finance writes every amount with two decimals."""
    return "—" if value is None else f"{value:,.2f} 元"


def application_sheet(facts: ReviewFacts) -> bytes:
    app, s = facts.app, pdf.styles()
    now = timezone.localtime()
    story = [pdf.para("困难职工帮扶申请审批表", s["title"]),
             pdf.para(f"申请编号：{app.pk} ｜ 申请日期：{app.created_at:%Y-%m-%d} ｜ 打印日期：{now:%Y-%m-%d}", s["right"]),
             pdf.spacer(2)]
    invoices = "；".join(f"{i.number}（{_yuan(i.amount)}）" for i in facts.invoices) or "—"
    facts_rows = [
        ["户主", app.household.head_name, "所属工会", app.org.name],
        ["申请类别", app.get_kind_display(), "申请年度", str(app.year)],
        ["总费用", _yuan(app.total_cost), "个人自付", _yuan(app.self_paid)],
        ["家庭人口", f"{len(facts.members)} 人", "人均月收入", _yuan(facts.per_capita)],
        ["家庭年收入", _yuan(app.household_annual_income), "佐证材料", f"照片/文件 {len(facts.photos)} 份"],
    ]
    story += [pdf.para("一、申请情况", s["h"]), pdf.table(facts_rows, [26, 58, 26, 64], style=s["cell"]),
              pdf.table([["发票", invoices], ["情况说明", app.description or "—"]], [26, 148], style=s["cell"])]
    members = [["姓名", "关系", "年龄", "就业状况", "月收入（元）"]] + [
        [m.name, m.get_relation_display(), str(m.age), m.get_work_status_display(), f"{m.monthly_income:,.2f}"]
        for m in facts.members]
    story += [pdf.spacer(2), pdf.table(members, [36, 26, 20, 50, 42], header=True, style=s["cell"])]
    calc = [[str(n), line] for n, line in enumerate(facts.calculation, start=1)] or [["—", facts.calculation_error or "—"]]
    story += [pdf.para("二、核算", s["h"]), pdf.table(calc, [10, 164], style=s["small"]),
              pdf.table([["核定金额", _yuan(app.granted_amount if app.granted_amount is not None else facts.amount),
                          "本年度此前已获帮扶", _yuan(facts.earlier_total)]], [26, 58, 38, 52], style=s["cell"])]
    steps = [["环节", "意见", "审批人", "日期", "意见说明"]] + [
        [s_.get_level_display(), "提交" if s_.level == "submit" else ("同意" if s_.approve else "不同意"),
         s_.actor.name if s_.actor else "—", f"{timezone.localtime(s_.at):%Y-%m-%d}", s_.reason or ""]
        for s_ in facts.steps]
    story += [pdf.para("三、审批记录", s["h"]), pdf.table(steps, [30, 18, 34, 26, 66], header=True, style=s["cell"])]
    story.append(pdf.keep_together([
        pdf.para("四、签字盖章", s["h"]), pdf.signature_blocks(["经办人", "审核人", "审批人"]), pdf.spacer(2),
        pdf.para("本表由系统根据审批记录生成，签字盖章后由工会财务留存备查。", s["small"])]))
    return pdf.build(f"帮扶审批表-{app.pk}", story)
