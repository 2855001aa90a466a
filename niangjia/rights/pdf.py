"""PDF rendering of supervision letters and mediation agreements (reportlab, CJK CID font STSong-Light)."""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

FONT = "STSong-Light"
_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _styles():
    f = _font()
    return (ParagraphStyle("title", fontName=f, fontSize=18, leading=26, alignment=1, spaceAfter=8),
            ParagraphStyle("h", fontName=f, fontSize=12, leading=18, spaceBefore=8),
            ParagraphStyle("body", fontName=f, fontSize=11, leading=18, wordWrap="CJK"))


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def render(title: str, sections: list[tuple[str, str]], table: list[list[str]] | None = None,
           footer: str = "") -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=title)
    t, h, body = _styles()
    story = [_p(title, t)]
    for heading, text in sections:
        if heading:
            story.append(_p(heading, h))
        story.append(_p(text, body))
    if table:
        story.append(Spacer(1, 6))
        tbl = Table([[_p(c, body) for c in row] for row in table], colWidths=[60 * mm, 50 * mm, 50 * mm])
        tbl.setStyle([("GRID", (0, 0), (-1, -1), 0.5, "#888888")])
        story.append(tbl)
    if footer:
        story += [Spacer(1, 18), _p(footer, body)]
    doc.build(story)
    return buf.getvalue()
