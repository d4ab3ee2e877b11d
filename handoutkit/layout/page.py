"""The page around the content: header band, logo, title, footer; and the text frames."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from ..content.model import Handout
from .tagging import Node, Paragraph, tagged  # the title, subtitle and "Prepared for" are tagged
from .theme import Theme

BAND = 1.05 * inch  # height of the colour band from the top edge of the paper
LOGO = 0.62 * inch
TAGLINE = 8.8  # pt: the practice's tagline in the header, as designed


@dataclass
class PageInfo:
    """What the page decoration shows besides the brand."""

    title: str
    subtitle: str | None
    reviewed: _dt.date
    prepared_for: str | None = None  # "Prepared for Paul Rivera · 25 November 2026"


class HandoutPage:
    """Header, footer and frames for one handout at one type scale."""

    def __init__(self, theme: Theme, info: PageInfo, *, continued: bool = False) -> None:
        self.theme = theme
        self.info = info
        self.continued = continued  # the back of a large-print sheet: no title again
        x, y, w, h = theme.content_box
        self.x, self.y, self.w, self.h = x, y, w, h
        self.title_paras = self._title_paras()
        self.prepared_para = self._prepared_para()  # made here, so a missing glyph is
        # reported before layout starts rather than from inside ReportLab's page callback
        self.footer_paras = self._footer_paras()
        self.header_bottom = self._header_bottom()
        self.footer_w = w - 0.45 * inch  # room for the booklet's page number, used or not
        self.footer_top = y + sum(p.wrap(self._footer_width(i), 1000)[1]
                                  for i, p in enumerate(self.footer_paras)) + 10

    # -- pieces ----------------------------------------------------------------------------
    def _style(self, name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=self.theme.styles["body"], **kw)

    def _title_paras(self) -> list[Paragraph]:
        t = self.theme
        if self.continued:
            return []
        paras = [tagged(Paragraph(self.theme.markup(self.info.title), self._style(
            "title", fontName=t.font("bold"), fontSize=21 * t.trim(21),
            leading=25 * t.trim(21), textColor=t.colour("primary"))), Node("H1"))]
        if self.info.subtitle:
            paras.append(tagged(Paragraph(self.theme.markup(self.info.subtitle), self._style(
                "subtitle", fontName=t.font("italic"), fontSize=12.5 * t.trim(12.5),
                leading=16 * t.trim(12.5),
                textColor=t.colour("muted"))), Node("P")))
        return paras

    def _footer_paras(self) -> list[Paragraph]:
        t, b = self.theme, self.theme.brand
        parts = [x for x in (
            b.practice.name, f"{b.therapist.name}, {b.therapist.credentials}"
            if b.therapist.credentials else b.therapist.name,
            b.practice.city, b.practice.phone, b.practice.website) if x]
        contact = self.theme.markup(" \u00b7 ".join(parts), widow=False)
        face = "bold"
        if t.layout.large_print and len(parts) > 1:  # bold for the name: one line at 12 pt
            face = "regular"
            contact = (f"<b>{self.theme.markup(parts[0], widow=False)}</b> \u00b7 "
                       + self.theme.markup(" \u00b7 ".join(parts[1:]), widow=False))
        small = self._style("footer", fontSize=7.8 * t.trim(7.8), leading=9.6 * t.trim(7.8),
                            textColor=t.colour("muted"), spaceAfter=0)
        if self.continued:  # the back of a large-print sheet: its front has the footer
            return []
        return [
            Paragraph(contact, self._style(
                "contact", fontName=t.font(face), fontSize=8.2 * t.trim(8.2),
                leading=10.4 * t.trim(8.2),
                textColor=t.colour("primary"))),
            Paragraph(self.theme.markup(f"{b.disclaimer} " + t.words["reviewed"].format(
                date=t.words.date(self.info.reviewed))), small),
        ]

    def _footer_width(self, index: int) -> float:
        """The width of the footer's paragraph *index*: in large print, only the last leaves
        the booklet's page number its room."""
        last = index == len(self.footer_paras) - 1
        return self.w if self.theme.layout.large_print and not last else self.footer_w

    def _header_bottom(self) -> float:
        return self._title_top() - sum(p.wrap(self.w, 1000)[1] for p in self.title_paras) \
            - 0.12 * inch

    # -- frames ----------------------------------------------------------------------------
    def frames(self) -> list[Frame]:
        """The text frames: one or two columns between the title and the footer."""
        t = self.theme
        height = self.header_bottom - self.footer_top
        col_w = t.column_width()
        frames = []
        for i in range(t.columns):
            fx = self.x + i * (col_w + t.layout.gutter * inch)
            frames.append(Frame(fx, self.footer_top, col_w, height, id=f"col{i}",
                                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0))
        return frames

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, canv: Canvas, _doc: object = None) -> None:
        """Draw everything on the page except the content frames."""
        t = self.theme
        page_w, page_h = t.page_size
        canv.saveState()
        logo_y = logo_bottom(t)
        if t.layout.band:
            if t.grayscale:  # toner-light: a rule under the header instead of a filled band
                name_colour = t.colour("primary")
                canv.setStrokeColor(t.colour("primary"))
                canv.setLineWidth(1.2)
                canv.line(self.x, page_h - BAND, self.x + self.w, page_h - BAND)
            else:
                name_colour = white
                canv.setFillColor(t.colour("primary"))
                canv.rect(0, page_h - BAND, page_w, BAND, stroke=0, fill=1)
        else:
            if not t.grayscale:
                canv.setFillColor(t.colour("primary"))
                canv.rect(0, 0, 0.22 * inch, page_h, stroke=0, fill=1)  # edge stripe
            name_colour = t.colour("primary")
            canv.setStrokeColor(t.colour("accent"))
            canv.setLineWidth(1.2)
            canv.line(self.x, logo_y - 0.12 * inch, self.x + self.w, logo_y - 0.12 * inch)
        self._logo(canv, self.x, logo_y)
        tx = self.x + LOGO + 0.16 * inch
        canv.setFillColor(name_colour)
        canv.setFont(t.font("bold"), 15)
        canv.drawString(tx, logo_y + LOGO * 0.55, t.brand.practice.name)
        canv.setFont(t.font("regular"), TAGLINE * t.trim(TAGLINE))
        if t.brand.practice.tagline:
            canv.drawString(tx, logo_y + LOGO * 0.18, t.brand.practice.tagline)
        if self.prepared_para is not None:
            draw_prepared(t, canv, self.prepared_para)
        y = self._title_top()
        for p in self.title_paras:
            _, h = p.wrap(self.w, 1000)
            p.drawOn(canv, self.x, y - h)
            y -= h
        self._footer(canv)
        canv.restoreState()

    def _title_top(self) -> float:
        page_h = self.theme.page_size[1]
        if self.theme.layout.band:
            return page_h - BAND - 0.2 * inch
        return page_h - self.theme.layout.margins.top * inch - LOGO - 0.22 * inch

    def _prepared_para(self) -> Paragraph | None:
        return prepared_para(self.theme, self.info.prepared_for) if self.info.prepared_for else None

    def _logo(self, canv: Canvas, x: float, y: float) -> None:
        if self.theme.layout.band and not self.theme.grayscale:
            canv.setFillColor(white)
            canv.roundRect(x - 3, y - 3, LOGO + 6, LOGO + 6, 8, stroke=0, fill=1)
        self.draw_logo(self.theme, canv, x, y, LOGO)

    @staticmethod
    def draw_logo(theme: Theme, canv: Canvas, x: float, y: float, size: float) -> None:
        """The brand's logo in a *size* square at x, y, aspect kept."""
        from ..content.imagefiles import resolve
        from .pictures import Picture, load_raster, load_svg

        path = resolve(theme.root, theme.brand.logo, "layouts/brand.yaml", None)
        if not isinstance(path, Path):
            return  # reported by the project check before anything is drawn
        source = load_svg(path, "layouts/brand.yaml") if path.suffix.lower() == ".svg" \
            else load_raster(path)
        pic = Picture(source, size, size, grey=theme.grayscale)
        pic.wrapOn(canv, size, size)
        pic.drawOn(canv, x + (size - pic.draw_w) / 2, y + (size - pic.draw_h) / 2)

    def _footer(self, canv: Canvas) -> None:
        t = self.theme
        if not self.footer_paras:
            return
        canv.setStrokeColor(t.colour("primary"))
        canv.setLineWidth(0.6)
        top = self.footer_top - 4
        canv.line(self.x, top, self.x + self.w, top)
        y = top - 4
        for i, p in enumerate(self.footer_paras):
            _, h = p.wrap(self._footer_width(i), 1000)
            p.drawOn(canv, self.x, y - h)
            y -= h

    @staticmethod
    def draw_number(theme: Theme, canv: Canvas, number: int) -> None:
        """The booklet's page number, at the footer's right (where footer_w leaves room).

        The booklet stamps it over the standalone handout page, which stays as it is.
        """
        x, y, w, _ = theme.content_box
        canv.saveState()
        canv.setFont(theme.font("bold"), 10 * theme.trim(10))
        canv.setFillColor(theme.colour("primary"))
        canv.drawRightString(x + w, y + 2, str(number))
        canv.restoreState()


def logo_bottom(theme: Theme) -> float:
    """The y of the logo's lower edge: the header's middle line."""
    page_h = theme.page_size[1]
    if theme.layout.band:
        return min(page_h - BAND + (BAND - LOGO) / 2 - 0.04 * inch,
                   page_h - theme.layout.margins.top * inch - LOGO)
    return page_h - theme.layout.margins.top * inch - LOGO


def prepared_para(theme: Theme, text: str) -> Paragraph:
    """The "Prepared for ..." line (*text* already protected from markup)."""
    colour = white if theme.layout.band and not theme.grayscale else theme.colour("primary")
    style = ParagraphStyle("prepared", parent=theme.styles["body"], fontName=theme.font("bold"),
                           fontSize=10 * theme.trim(10), leading=12.5 * theme.trim(10), textColor=colour,
                           alignment=2, spaceAfter=0)
    if theme.layout.large_print:  # the name on one line, the date under it
        return tagged(Paragraph("<br/>".join(theme.markup(part, widow=False)
                                             for part in text.split(" \u00b7 ")), style), Node("P"))
    return tagged(Paragraph(theme.markup(text, widow=False), style), Node("P"))


def draw_prepared(theme: Theme, canv: Canvas, para: Paragraph) -> None:
    """Who the page was prepared for, at the right of the header, beside the logo.

    A batch draws only this over a page laid out once for many clients, so it depends on
    nothing else on the page.
    """
    x, _, w, _ = theme.content_box
    width = w * 0.42
    if theme.layout.large_print and theme.brand.practice.tagline:  # clear of the tagline
        tagline = stringWidth(theme.brand.practice.tagline, theme.font("regular"),
                              TAGLINE * theme.trim(TAGLINE))
        width = min(width, w - LOGO - 0.16 * inch - tagline - 0.2 * inch)
    _, h = para.wrap(width, LOGO)
    para.drawOn(canv, x + w - width, logo_bottom(theme) + (LOGO - h) / 2)


def page_info(handout: Handout, *, prepared_for: str | None = None) -> PageInfo:
    """The decoration details of a handout."""
    return PageInfo(handout.title, handout.subtitle, handout.reviewed, prepared_for)
