"""Pages that are not a handout: the booklet's cover, contents and back page, the page
numbers stamped over a booklet's handout pages, and a client's line stamped over a page
laid out once for many clients."""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from ..content.charset import beyond_ascii
from .page import HandoutPage, draw_prepared, prepared_para
from .render import canvas_maker, metadata
from .tagtree import with_outline
from .theme import Theme


@dataclass(frozen=True)
class Described:
    """What a document says about itself, and the client's words it prints (if any)."""

    title: str
    subject: str
    keywords: str
    personal: str = ""  # a client's name: its characters are numbered first, as on their pages


def render_pages(parts: list[tuple[PageTemplate, list[Flowable]]], theme: Theme,
                 day: _dt.date, described: Described) -> tuple[bytes, int]:
    """One PDF on *theme*'s paper from several (page template, flowables) parts, each
    starting a new page (the booklet's cover, contents, back page and page-number stamps)."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=theme.page_size, title=described.title,
                          subject=described.subject, keywords=described.keywords,
                          **metadata(theme.brand, theme))
    doc.addPageTemplates([t for t, _ in parts])
    story: list[Flowable] = []
    for i, (template, flowables) in enumerate(parts):
        if i:
            story += [NextPageTemplate(template.id), PageBreak()]
        story += flowables
    chars = theme.shared_characters + beyond_ascii(described.personal)
    doc.build(story, canvasmaker=canvas_maker(day, chars=chars))
    return with_outline(buf.getvalue(), doc.canv), doc.page


def stamp_pages(theme: Theme, lines: list[str], day: _dt.date) -> bytes:
    """A PDF with one page per entry of *lines*, each holding only that "Prepared for"
    line where the header shows it: stamped over a handout laid out once for many clients."""
    buf = io.BytesIO()
    # initialFontName: else each page starts by naming Helvetica, a font the handout lacks
    canv = canvas_maker(day, chars=theme.shared_characters)(
        buf, pagesize=theme.page_size, initialFontName=theme.font("bold"), initialFontSize=10)
    for line in lines:
        draw_prepared(theme, canv, prepared_para(theme, line))
        canv.showPage()
    canv.save()
    return buf.getvalue()


def number_part(theme: Theme, template_id: str, page_number: int) -> tuple[PageTemplate, list[Flowable]]:
    """A page holding only a handout's booklet page number, to stamp over its page (drawn
    in *theme*, the handout's layout)."""

    def draw(canv: Canvas, _doc: object) -> None:
        HandoutPage.draw_number(theme, canv, page_number)

    x, y, w, h = theme.content_box
    frame = Frame(x, y, w, h, id="blank")
    return PageTemplate(id=template_id, frames=[frame], onPage=draw,
                        pagesize=theme.page_size), [Spacer(1, 1)]
