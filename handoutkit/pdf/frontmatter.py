"""The booklet's own pages: cover, contents and back page (ReportLab)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Spacer, Table, TableStyle

from ..content.markup import protect
from ..layout.blocks._util import font_cmd
from ..layout.blocks.qr import qr_drawing
from ..layout.page import HandoutPage
from ..layout.tagging import Node, Paragraph, TaggedDrawing, marked, tagged
from ..layout.theme import Theme


@dataclass
class TocEntry:
    """One line of the contents page."""

    title: str
    subtitle: str | None
    page: int


class FrontMatter:
    """Cover, contents and back page, drawn in the brand of *theme*."""

    def __init__(self, theme: Theme, *, prepared_for: str | None = None) -> None:
        self.theme = theme
        self.prepared_for = prepared_for
        self.brand = theme.brand
        self.w, self.h = theme.page_size
        self.margin = 0.75 * inch

    def _style(self, **kw: object) -> ParagraphStyle:
        return ParagraphStyle("fm", parent=self.theme.styles["body"], **kw)

    # -- cover -----------------------------------------------------------------------------
    def cover(self) -> tuple[PageTemplate, list[Flowable]]:
        """A full teal cover with logo, booklet title, practice and therapist."""
        return PageTemplate(id="cover", frames=[self._frame()], onPage=self._draw_cover,
                            pagesize=self.theme.page_size), [Spacer(1, 1)]

    def _draw_cover(self, canv: Canvas, _doc: object) -> None:
        t, b = self.theme, self.brand
        ink = t.colour("primary") if t.grayscale else white  # toner-light: no filled cover
        canv.saveState()
        if not t.grayscale:
            canv.setFillColor(t.colour("primary"))
            canv.rect(0, 0, self.w, self.h, stroke=0, fill=1)
        size = 1.6 * inch
        x, y = (self.w - size) / 2, self.h * 0.62
        canv.setFillColor(white)
        canv.roundRect(x - 10, y - 10, size + 20, size + 20, 18, stroke=0, fill=1)
        HandoutPage.draw_logo(t, canv, x, y, size)
        width = self.w - 2 * self.margin
        top = y - 0.55 * inch
        for text, kw, role in (
                (b.booklet.title, {"fontName": t.font("bold"), "fontSize": 34, "leading": 40}, "H1"),
                (b.booklet.subtitle, {"fontName": t.font("italic"), "fontSize": 14, "leading": 19}, "P")):
            if not text:
                continue
            p = tagged(Paragraph(t.markup(text), self._style(alignment=1, textColor=ink, **kw)),
                       Node(role))
            _, h = p.wrap(width, self.h)
            p.drawOn(canv, self.margin, top - h)
            top -= h + 0.25 * inch
        who = f"{b.therapist.name}, {b.therapist.credentials}" if b.therapist.credentials \
            else b.therapist.name
        canv.setFillColor(ink)
        for i, line in enumerate((b.practice.name, who, b.practice.city or "")):
            canv.setFont(t.font("bold" if i == 0 else "regular"), 16 if i == 0 else 12.5)
            with marked(canv, Node("P")):
                canv.drawCentredString(self.w / 2, 1.9 * inch - i * 0.3 * inch, line)
        if self.prepared_for:
            p = tagged(Paragraph(t.markup(protect(self.prepared_for), widow=False),
                                 self._style(alignment=1, textColor=ink, fontName=t.font("bold"),
                                             fontSize=13, leading=17)), Node("P"))
            _, h = p.wrap(self.w - 2 * self.margin, self.h)
            p.drawOn(canv, self.margin, top - h - 0.2 * inch)
        canv.restoreState()

    # -- contents --------------------------------------------------------------------------
    def contents(self, entries: list[TocEntry]) -> tuple[PageTemplate, list[Flowable]]:
        """A contents page listing every handout with its page number."""
        t = self.theme
        rows = []
        toc = Node("TOC")  # an entry (TOCI) is its title and its page number
        for e in entries:
            text = f"<b>{self.theme.markup(e.title, widow=False)}</b>"
            if e.subtitle:
                text += f"<br/><font size='{t.body_size * 0.9:.1f}' color='{t.brand.colours.muted}'>" \
                        f"{self.theme.markup(e.subtitle, widow=False)}</font>"
            item = toc.child("TOCI")
            rows.append([tagged(Paragraph(text, self._style(spaceAfter=0)), item.child("P")),
                         tagged(Paragraph(f"<b>{e.page}</b>", self._style(
                             alignment=2, spaceAfter=0, textColor=t.colour("primary"))),
                             item.child("Reference"))])
        width = self.w - 2 * self.margin
        table = Table(rows, colWidths=[width - 0.6 * inch, 0.6 * inch], hAlign="LEFT")
        table.setStyle(TableStyle([
            *font_cmd(t),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, t.colour("tint"))]))
        heading = tagged(Paragraph(t.markup(t.words["contents"], widow=False), self._style(
            fontName=t.font("bold"), fontSize=24, leading=30, textColor=t.colour("primary"),
            spaceAfter=14)), Node("H2"))
        return PageTemplate(id="contents", frames=[self._frame()], onPage=self._draw_plain,
                            pagesize=t.page_size), [heading, table]

    def contents_pages(self, contents: tuple[PageTemplate, list[Flowable]]) -> int:
        """How many pages *contents* (made by contents()) need, so page numbers can be
        worked out before they are drawn."""
        _, flowables = contents
        frame = self._frame()
        used, pages = 0.0, 1
        for f in flowables:
            _, h = f.wrap(frame._width, frame._height)
            used += h + f.getSpaceAfter()
        while used > frame._height:
            pages, used = pages + 1, used - frame._height
        return pages

    def _draw_plain(self, canv: Canvas, _doc: object) -> None:
        if self.theme.grayscale:
            return
        canv.saveState()
        canv.setFillColor(self.theme.colour("primary"))
        canv.rect(0, self.h - 0.3 * inch, self.w, 0.3 * inch, stroke=0, fill=1)
        canv.restoreState()

    # -- back page -------------------------------------------------------------------------
    def back(self) -> tuple[PageTemplate, list[Flowable]]:
        """Contact details, a booking QR code and the disclaimer."""
        t, b = self.theme, self.brand
        big = self._style(fontName=t.font("bold"), fontSize=22, leading=28,
                          textColor=t.colour("primary"), alignment=1, spaceAfter=10)
        centred = self._style(alignment=1, fontSize=12, leading=17)
        lines = [b.practice.name, f"{b.therapist.name}, {b.therapist.credentials}"
                 if b.therapist.credentials else b.therapist.name, b.practice.city,
                 b.practice.phone, b.practice.email, b.practice.website]
        flow: list[Flowable] = [Spacer(1, 1.2 * inch), tagged(
            Paragraph(t.markup(t.words["book_next"], widow=False), big), Node("H2"))]
        flow += [tagged(Paragraph(t.markup(x, widow=False), centred), Node("P")) for x in lines if x]
        url = b.practice.booking_url
        code = TaggedDrawing(qr_drawing(url, 1.8 * inch, t), Node("Link", url=url, alt=url))
        code.hAlign = "CENTER"
        scan = t.words["scan_to_book"].format(url=url)
        flow += [Spacer(1, 0.35 * inch), code, Spacer(1, 0.1 * inch),
                 tagged(Paragraph(t.markup(scan, widow=False), self._style(
                     alignment=1, fontSize=t.legible(10), textColor=t.colour("muted"))), Node("P")),
                 Spacer(1, 0.6 * inch),
                 tagged(Paragraph(t.markup(b.disclaimer), self._style(
                     alignment=1, fontSize=t.legible(9), leading=t.legible(9) * 12 / 9,
                     textColor=t.colour("muted"))), Node("P"))]
        return PageTemplate(id="back", frames=[self._frame()], onPage=self._draw_plain,
                            pagesize=t.page_size), flow

    def _frame(self) -> Frame:
        return Frame(self.margin, self.margin, self.w - 2 * self.margin, self.h - 2 * self.margin,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

