"""Lay out handouts with ReportLab: the story of flowables, one-page fitting, the PDF.

Fitting tries the designed type size first, then smaller steps down to the readable floor,
and keeps the first that fits on one page. If none does, it says about how much to cut.
"""

from __future__ import annotations

from . import rlsettings  # noqa: F401  (first: settings read as ReportLab loads)

# isort: split
import datetime as _dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.utils import TimeStamp
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

from ..content.markup import plain, protect
from ..content.model import Callout, Handout
from ..content.settings import Brand, Layout
from ..content.textstats import word_count
from ..errors import ContentError, Problem
from .blocks import BuildContext, build_blocks
from .fonts import prime
from .page import HandoutPage, PageInfo, draw_prepared, page_info, prepared_para
from .theme import BODY_FLOOR, Theme

STEP = 0.035


@dataclass
class Source:
    """A validated handout with everything needed to lay it out."""

    slug: str
    file: str
    handout: Handout
    layout: Layout
    prepared_for: str | None = None  # the header line of a personalized handout
    note: str | None = None  # "From your session", printed as written
    grayscale: bool = False

    def info(self) -> PageInfo:
        """What the page decoration shows for this handout."""
        return page_info(self.handout, prepared_for=protect(self.prepared_for) if self.prepared_for else None)


@dataclass
class Fitted:
    """The scale at which a handout fits on one page."""

    source: Source
    theme: Theme
    pdf: bytes | None = None  # the finished page, when fitting already wrote it

    @property
    def shrunk(self) -> bool:
        """Whether the type had to be made smaller than designed."""
        return self.theme.scale < 1.0


def scales(layout: Layout) -> list[float]:
    """Type scales to try, largest first, ending at the readable floor."""
    floor = BODY_FLOOR / layout.body_size
    out, s = [], 1.0
    while s > floor + 1e-9:
        out.append(round(s, 4))
        s -= STEP
    out.append(floor)
    return out


def story_for(source: Source, theme: Theme, page: HandoutPage) -> list[Flowable]:
    """The content flowables of one handout at one scale."""
    frame = page.frames()[0]
    ctx = BuildContext(theme=theme, width=theme.column_width(), file=source.file,
                       max_picture_height=frame._height * 0.42)
    blocks: list = list(source.handout.blocks)
    if source.note:  # the client's note is data: protect() keeps even '*' literal
        blocks.insert(0, Callout(type="callout", style="tip", title="From your session",
                                 text=protect(source.note)))
    return build_blocks(blocks, ctx)


def warm(brand: Brand, layout: Layout, root: Path) -> None:
    """Load what every page uses (the fonts, the logo) now, once: processes forked after
    this share it instead of each loading its own."""
    theme = Theme(brand, layout, root)
    canv = canvas_maker(_dt.date(2000, 1, 1), save=False)(io.BytesIO())
    HandoutPage.draw_logo(theme, canv, 0, 0, 10)


def canvas_maker(day: _dt.date, *, save: bool = True) -> type[Canvas]:
    """A Canvas class whose PDF dates are *day* (reproducible), optionally never saved."""
    stamp = TimeStamp(invariant=1)
    moment = _dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=_dt.timezone.utc)
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]

    class _Canvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._doc._timeStamp = stamp
            prime(self._doc)

    class _MeasuringCanvas(_Canvas):
        def save(self) -> None:  # measuring only: skip writing the PDF
            return None

    return _Canvas if save else _MeasuringCanvas


def _template(template_id: str, page: HandoutPage) -> PageTemplate:
    return PageTemplate(id=template_id, frames=page.frames(), onPage=page.draw,
                        pagesize=page.theme.page_size)


def _layout(source: Source, theme: Theme, *, write: bool) -> tuple[int, float, bytes | None]:
    """Lay the handout out at this theme's scale: pages used, the height that did not fit,
    and (when *write*) the finished PDF, so a handout that fits at once is laid out once."""
    handout = source.handout
    page = HandoutPage(theme, source.info())
    story = story_for(source, theme, page)
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=theme.page_size, title=plain(handout.title),
                          subject=handout.subtitle or handout.title,
                          keywords=f"{handout.category}, low back, massage",
                          **_metadata(theme.brand, theme))
    doc.addPageTemplates([_template("p", page)])
    overflow = {"h": 0.0}

    def after(flowable: Flowable) -> None:
        if doc.page > 1:
            overflow["h"] = max(overflow["h"], (doc.page - 2) * sum(f._height for f in page.frames())
                                + _used_on_page(doc, page))

    doc.afterFlowable = after  # type: ignore[method-assign]
    doc.build(story, canvasmaker=canvas_maker(handout.reviewed, save=write))
    return doc.page, overflow["h"], (buf.getvalue() if write and doc.page == 1 else None)


def _used_on_page(doc: BaseDocTemplate, page: HandoutPage) -> float:
    frames = page.frames()
    idx = next((i for i, f in enumerate(frames) if f.id == doc.frame.id), 0)
    full = sum(f._height for f in frames[:idx])
    return full + (doc.frame._y1 + doc.frame._height - doc.frame._y)


def fit(source: Source, brand: Brand, root: Path, *, keep_pdf: bool = False) -> Fitted:
    """The largest scale at which *source* fits on one page, or ContentError saying what to cut.

    With *keep_pdf*, the first try (at the designed size, which most handouts fit) also
    writes the PDF, so render_one need not lay the page out again.
    """
    pages, overflow = 1, 0.0
    for i, scale in enumerate(scales(source.layout)):
        theme = Theme(brand, source.layout, root, scale, grayscale=source.grayscale)
        pages, overflow, pdf = _layout(source, theme, write=keep_pdf and i == 0)
        if pages == 1:
            return Fitted(source, theme, pdf)
    page = HandoutPage(theme, source.info())
    capacity = sum(f._height for f in page.frames())
    words = word_count(source.handout.blocks)
    over = max(10, math.ceil(words * overflow / (capacity + overflow) * 1.1 / 10) * 10)
    raise ContentError([Problem(source.file, None,
                                f"does not fit on one page, even with the type at its smallest "
                                f"({BODY_FLOOR} pt); cut about {over} words, or a picture, and "
                                "build again")])


def _metadata(brand: Brand, theme: Theme) -> dict[str, object]:
    # initialFontName: otherwise every page names Helvetica, a font that is not embedded
    return {"author": f"{brand.therapist.name}, {brand.practice.name}",
            "initialFontName": theme.font(), "initialFontSize": theme.body_size,
            "creator": "handoutkit", "producer": "handoutkit (ReportLab)",
            "lang": brand.language, "displayDocTitle": 1, "invariant": 1}


def render_one(fitted: Fitted) -> bytes:
    """The PDF of one fitted handout (exactly one page)."""
    if fitted.pdf is not None:
        return fitted.pdf
    pages, _, pdf = _layout(fitted.source, fitted.theme, write=True)
    if pages != 1 or pdf is None:  # fitting measured this exact story: a mismatch is a bug
        raise RuntimeError(f"{fitted.source.file}: laid out on {pages} pages after fitting")
    return pdf


def render_pages(parts: list[tuple[PageTemplate, list[Flowable]]], theme: Theme,
                 day: _dt.date, *, title: str, subject: str, keywords: str) -> tuple[bytes, int]:
    """One PDF on *theme*'s paper from several (page template, flowables) parts, each
    starting a new page (the booklet's cover, contents, back page and page-number stamps)."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=theme.page_size, title=title, subject=subject,
                          keywords=keywords, **_metadata(theme.brand, theme))
    doc.addPageTemplates([t for t, _ in parts])
    story: list[Flowable] = []
    for i, (template, flowables) in enumerate(parts):
        if i:
            story += [NextPageTemplate(template.id), PageBreak()]
        story += flowables
    doc.build(story, canvasmaker=canvas_maker(day))
    return buf.getvalue(), doc.page


def stamp_pages(theme: Theme, lines: list[str], day: _dt.date) -> bytes:
    """A PDF with one page per entry of *lines*, each holding only that "Prepared for"
    line where the header shows it: stamped over a handout laid out once for many clients."""
    buf = io.BytesIO()
    # initialFontName: else each page starts by naming Helvetica, a font the handout lacks
    canv = canvas_maker(day)(buf, pagesize=theme.page_size, initialFontName=theme.font("bold"),
                             initialFontSize=10)
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
