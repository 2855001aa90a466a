"""PDF rendering of supervision letters and mediation agreements (core.pdf: CJK font, styles, tables)."""

from niangjia.core import pdf


def render(title: str, sections: list[tuple[str, str]], table: list[list[str]] | None = None,
           footer: str = "") -> bytes:
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
    return pdf.build(title, story)
