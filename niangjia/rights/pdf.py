"""PDF rendering of supervision letters and mediation agreements (core.pdf: CJK font, styles, tables, the
parties' signature boxes and the union's seal block)."""

from niangjia.core import pdf


def render(title: str, sections: list[tuple[str, str]], table: list[list[str]] | None = None,
           footer: str = "", *, parties: list[tuple[str, str]] | None = None,
           seal: tuple[str, object] | None = None, seal_label: str = "") -> bytes:
    """`parties`: signature/seal boxes, e.g. [("申请人（职工）", "签字"), ("被申请人（用人单位）", "盖章")];
    `seal`: (issuing union, date) for the 落款 with the seal area."""
    s = pdf.styles()
    story = [pdf.para(title, s["title"])]
    for heading, text in sections:
        if heading:
            story.append(pdf.para(heading, s["h"]))
        story.append(pdf.para(text, s["body"]))
    if table:
        story += [pdf.spacer(2), pdf.table(table, [60, 50, 50])]
    if footer:
        story += [pdf.spacer(6), pdf.para(footer, s["body"])]
    closing = []
    if parties:
        closing += [pdf.spacer(6), pdf.party_blocks(parties)]
    if seal:
        closing += [pdf.spacer(8), pdf.seal_block(seal[0], seal[1], label=seal_label)]
    if closing:
        story.append(pdf.keep_together(closing))
    return pdf.build(title, story)
