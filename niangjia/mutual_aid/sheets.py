"""审批表 of one mutual-aid claim (PDF via core.pdf): the claim facts, the calculation, each decision with
decider and date, and blank signature and seal blocks for union finance's paper file."""

from django.utils import timezone

from niangjia.core import pdf
from niangjia.mutual_aid.review import ClaimFacts


def _yuan(value) -> str:
    return "—" if value is None else f"{value:,.2f} 元"


def claim_sheet(facts: ClaimFacts) -> bytes:
    c, s = facts.claim, pdf.styles()
    story = [pdf.para("职工医疗互助保障金申请审批表", s["title"]),
             pdf.para(f"申请编号：{c.pk} ｜ 申请日期：{c.created_at:%Y-%m-%d} ｜ 打印日期：{timezone.localdate():%Y-%m-%d}",
                      s["right"]), pdf.spacer(2)]
    rows = [["姓名", c.member.name, "所属工会", c.org.name],
            ["互助计划", f"{c.plan.name}（{c.plan.code}）", "互助类别", c.get_kind_display()],
            ["医院", c.hospital, "入院日期", f"{c.admitted_on:%Y-%m-%d}"],
            ["发票号", c.invoice_no, "发票照片", f"{len(facts.photos)} 张"],
            ["医疗费用总额", _yuan(c.total_cost), "医保统筹支付", _yuan(c.insurance_paid)],
            ["个人自付", _yuan(c.self_paid), "本年度此前已获互助", _yuan(facts.earlier_total)]]
    story += [pdf.para("一、申请情况", s["h"]), pdf.table(rows, [28, 60, 30, 56], style=s["cell"])]
    calc = [[str(n), line] for n, line in enumerate(c.explanation or [], start=1)] or [["—", "—"]]
    amount = c.approved_amount if c.approved_amount is not None else c.computed_amount
    story += [pdf.para("二、核算", s["h"]), pdf.table(calc, [10, 164], style=s["small"]),
              pdf.table([["核定金额", _yuan(amount), "年度上限 / 已用", f"{_yuan(facts.cap)} / {_yuan(facts.paid_this_year)}"]],
                        [28, 60, 30, 56], style=s["cell"])]
    steps = [["环节", "意见", "经办/审批人", "意见说明"]] + [
        [a, b, c.member.name if n == 0 else str(who), reason or ""] for n, (a, b, who, reason) in enumerate(facts.steps)]
    story += [pdf.para("三、审批记录", s["h"]), pdf.table(steps, [30, 20, 40, 84], header=True, style=s["cell"])]
    story.append(pdf.keep_together([
        pdf.para("四、签字盖章", s["h"]), pdf.signature_blocks(["经办人", "审核人", "审批人"]), pdf.spacer(2),
        pdf.para("本表由系统根据审批记录生成，签字盖章后由工会财务留存备查。", s["small"])]))
    return pdf.build(f"互助审批表-{c.pk}", story)
