"""The agreement as a PDF (core.pdf: CJK font, ruled tables, signature blocks): the text, the wage terms, the
parties and chiefs, the congress vote and the filing dates."""

from niangjia.bargaining import rules
from niangjia.core import formats, pdf


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def agreement_pdf(negotiation, agreement, representatives) -> bytes:
    s = pdf.styles()
    chiefs = {r.side: r.name for r in representatives if r.is_chief}
    story = [
        pdf.para(agreement.title, s["title"]),
        pdf.para(f"甲方：{negotiation.org.name}（代表全体职工）　　乙方：{negotiation.employer_name}", s["body"]),
        pdf.para(f"合同期限：{formats.day(agreement.term_start)} 至 {formats.day(agreement.term_end)}；"
                 f"覆盖职工 {agreement.workers_covered} 人。", s["body"]),
        pdf.spacer(3),
        pdf.para("工资条款", s["h"]),
        pdf.table([["条款", "约定"],
                   ["工资增幅", _pct(agreement.increase_pct)],
                   ["最低工资标准（元/月）", "—" if agreement.minimum_wage is None else f"{agreement.minimum_wage:,.2f}"],
                   ["计件单价调整", _pct(agreement.piece_rate_pct)],
                   *[[f"计件单价：{r['item']}（元）", r["yuan"]] for r in agreement.piece_rates],
                   ["特别条款", agreement.special_terms or "—"]], [60, 114], header=True),
        pdf.para("合同正文", s["h"]),
        pdf.para(agreement.text, s["body"]),
    ]
    if agreement.vote_explanation:
        story += [pdf.para("职工代表大会审议", s["h"]), pdf.para("；".join(agreement.vote_explanation), s["body"])]
    dates = [("签字日期", agreement.signed_on), ("报送审查期限", agreement.filing_due),
             ("劳动保障行政部门收到日期", agreement.filed_received_on), ("审查期届满", agreement.objection_end),
             ("生效日期", agreement.effective_on if negotiation.stage in ("effective", "expired") else None)]
    story += [pdf.para("签订与审查", s["h"]),
              pdf.table([[k, "—" if v is None else f"{v:%Y-%m-%d}"] for k, v in dates], [60, 114], style=s["cell"]),
              pdf.para(f"阶段：{rules.STAGE_LABELS.get(negotiation.stage, negotiation.stage)}", s["small"]),
              pdf.spacer(6),
              pdf.keep_together([pdf.para("双方首席代表签字", s["h"]), pdf.signature_blocks(
                  [f"甲方首席代表 {chiefs.get('union', '')}", f"乙方首席代表 {chiefs.get('employer', '')}"])])]
    return pdf.build(agreement.title, story)
