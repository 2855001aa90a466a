"""PDF building blocks with a CJK font (reportlab's built-in CID font STSong-Light, so no font file has to be
shipped): styles, paragraphs, ruled tables, and the blank signature and seal blocks of Chinese paper forms.
Used by rights (letters, agreements) and the approval sheets (审批表) of relief and mutual aid."""

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

FONT = "STSong-Light"
GRID = "#888888"
PAGE_WIDTH = A4[0] - 36 * mm  # between the margins of `build`
_registered = False


def font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def styles() -> dict[str, ParagraphStyle]:
    f = font()
    return {
        "title": ParagraphStyle("title", fontName=f, fontSize=18, leading=26, alignment=1, spaceAfter=8),
        "h": ParagraphStyle("h", fontName=f, fontSize=12, leading=18, spaceBefore=8, spaceAfter=2),
        "body": ParagraphStyle("body", fontName=f, fontSize=11, leading=18, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=f, fontSize=10, leading=14, wordWrap="CJK"),
        "small": ParagraphStyle("small", fontName=f, fontSize=9, leading=13, wordWrap="CJK"),
        "right": ParagraphStyle("right", fontName=f, fontSize=10, leading=15, alignment=2),
    }


def para(text, style: ParagraphStyle) -> Paragraph:
    """Text (escaped: data never becomes markup) with line breaks kept."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def table(rows: Sequence[Sequence], widths_mm: Sequence[float], *, style: ParagraphStyle | None = None,
          header: bool = False) -> Table:
    style = style or styles()["body"]
    tbl = Table([[c if isinstance(c, Paragraph) else para(c, style) for c in row] for row in rows],
                colWidths=[w * mm for w in widths_mm], repeatRows=1 if header else 0)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE"))
    tbl.setStyle(commands)
    return tbl


def signature_blocks(labels: Sequence[str], *, seal: str = "（盖章）") -> Table:
    """One tall blank box per signer: "<label>（签字）", a date line and room for the union's seal."""
    s = styles()
    cells = [[para(f"{label}意见：\n\n\n签字：__________\n日期：______年____月____日\n{seal}", s["body"]) for label in labels]]
    width = PAGE_WIDTH / max(len(labels), 1)
    tbl = Table(cells, colWidths=[width] * len(labels), rowHeights=[40 * mm])
    tbl.setStyle([("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return tbl


def chinese_date(day) -> str:
    """The one date format of printed documents: 2026年12月1日 (no leading zeros, as on official documents)."""
    return f"{day.year}年{day.month}月{day.day}日"


SEAL_MM = 42  # an official round seal is 42 mm across (GA 241 / the common union seal size)


class SealArea(Flowable):
    """A dashed circle the size of an official seal, marked 盖章处: where the union stamps the printed page."""

    def __init__(self, diameter_mm: float = SEAL_MM, label: str = "盖章处"):
        super().__init__()
        self.size = diameter_mm * mm
        self.label = label
        self.width = self.height = self.size

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor("#B0B0B0")
        c.setDash(3, 3)
        r = self.size / 2
        c.circle(r, r, r - 1, stroke=1, fill=0)
        c.setFillColor("#B0B0B0")
        c.setFont(font(), 10)
        c.drawCentredString(r, r - 4, self.label)
        c.restoreState()


def seal_block(union_name: str, day, *, label: str = "") -> Table:
    """The 落款 of a letter or agreement, right-aligned: the issuing union's name, the date in Chinese and the
    seal area over them (the stamp covers the name and date, as on paper)."""
    s = styles()
    text = para(f"{label}\n{union_name}\n{chinese_date(day)}" if label else f"{union_name}\n{chinese_date(day)}",
                ParagraphStyle("seal", parent=s["body"], alignment=1))
    tbl = Table([[SealArea(), text]], colWidths=[SEAL_MM * mm + 4 * mm, 62 * mm], hAlign="RIGHT")
    tbl.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return tbl


def party_blocks(parties: Sequence[tuple[str, str]]) -> Table:
    """Signature (and seal) boxes for the parties of an agreement: (label, what they do), e.g.
    ("申请人（职工）", "签字") or ("被申请人（用人单位）", "盖章"); a box that takes a seal has the seal area."""
    s = styles()
    cells = []
    for label, how in parties:
        lines = [para(f"{label}（{how}）：", s["body"]), spacer(2)]
        if "盖章" in how:
            lines.append(SealArea(32, "盖章处"))
        else:
            lines.append(para("\n\n______________________", s["body"]))
        lines += [spacer(2), para("日期：______年____月____日", s["body"])]
        cells.append(lines)
    width = PAGE_WIDTH / max(len(parties), 1)
    tbl = Table([cells], colWidths=[width] * len(parties), rowHeights=[62 * mm])
    tbl.setStyle([("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return tbl


def build(title: str, story: list) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=title)
    doc.build(story)
    return buf.getvalue()


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def keep_together(flowables: list) -> KeepTogether:
    """A heading and its block on the same page (a signature block is never split from its heading)."""
    return KeepTogether(flowables)
