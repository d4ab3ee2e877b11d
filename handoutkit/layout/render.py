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
    NextPageTemplate,
    PageTemplate,
)

from ..content.charset import beyond_ascii
from ..content.markup import plain, protect
from ..content.model import Callout, Handout
from ..content.settings import Brand, Layout
from ..content.textstats import word_count
from ..errors import ContentError, Problem
from .balance import Columns, arrange
from .blocks import BuildContext, build_blocks
from .fonts import prime
from .page import HandoutPage, PageInfo, page_info
from .tagtree import TaggedCanvas, Tagger, with_outline
from .theme import LEAST_SPACE, Theme, body_floor, label_scales

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


def max_pages(layout: Layout) -> int:
    """How many pages a handout may use: one, or both sides of a sheet in large print."""
    return 2 if layout.large_print else 1


def scales(layout: Layout) -> list[float]:
    """Type scales to try, largest first, ending at the readable floor."""
    floor = body_floor(layout) / layout.body_size
    # large print keeps its body text at 14 pt or more; below that scale only the
    # spacing and the pictures (grown with the type) go on shrinking, down to LEAST_SPACE;
    # then only the pictures' labels, from 12 pt towards 7 (label_scales)
    least = min(floor, LEAST_SPACE) if layout.large_print else floor
    out, s = [], 1.0
    while s > least + 1e-9:
        out.append(round(s, 4))
        s -= STEP
    out.append(least)
    return out + label_scales() if layout.large_print else out


def story_for(source: Source, theme: Theme, page: HandoutPage) -> list[Flowable]:
    """The content flowables of one handout at one scale."""
    return blocks_story(source, theme, page)[0]


def blocks_story(source: Source, theme: Theme, page: HandoutPage) -> tuple[list[Flowable], list[int]]:
    """The content flowables of one handout at one scale, and where each block starts."""
    frame = page.frames()[0]
    ctx = BuildContext(theme=theme, width=theme.column_width(), file=source.file,
                       max_picture_height=frame._height * 0.42)
    blocks: list = list(source.handout.blocks)
    if source.note:  # the client's note is data: protect() keeps even '*' literal
        blocks.insert(0, Callout(type="callout", style="tip", title=theme.words["from_your_session"],
                                 text=protect(source.note)))
    story: list[Flowable] = []
    starts: list[int] = []
    for block in blocks:
        starts.append(len(story))
        story += build_blocks([block], ctx)
    return story, starts


def warm(brand: Brand, layout: Layout, root: Path) -> None:
    """Load what every page uses (the fonts, the logo, the booking address's QR code) now,
    once: processes forked after this share it instead of each making its own."""
    from .blocks.qr import squares

    theme = Theme(brand, layout, root)
    canv = canvas_maker(_dt.date(2000, 1, 1), save=False)(io.BytesIO())
    HandoutPage.draw_logo(theme, canv, 0, 0, 10)
    if brand.practice.booking_url:  # the back page's code, and any handout's that books
        squares(brand.practice.booking_url, theme.colour("text"))


def canvas_maker(day: _dt.date, *, save: bool = True, chars: str = "") -> type[Canvas]:
    """A Canvas class whose PDF dates are *day* (reproducible), optionally never saved, and
    whose fonts number *chars* first (fonts.prime), as every page of a booklet does."""
    stamp = TimeStamp(invariant=1)
    moment = _dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=_dt.timezone.utc)
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]

    class _Canvas(TaggedCanvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._doc._timeStamp = stamp
            prime(self._doc, chars)
            self.tagger = Tagger() if save else None  # what each thing drawn is

    class _MeasuringCanvas(_Canvas):
        measuring = True  # pictures need not be drawn

        def save(self) -> None:  # measuring only: skip writing the PDF
            return None

    return _Canvas if save else _MeasuringCanvas


def _template(template_id: str, page: HandoutPage) -> PageTemplate:
    return PageTemplate(id=template_id, frames=page.frames(), onPage=page.draw,
                        pagesize=page.theme.page_size)


def _layout(source: Source, theme: Theme, *, write: bool) -> tuple[int, float, bytes | None]:
    """Lay the handout out at this theme's scale: pages used, the height that did not fit,
    and (when *write*) the finished PDF, so a handout that fits at once is laid out once.
    Columns are balanced and leftover space spread when that still fits the page."""
    page = HandoutPage(theme, source.info())
    story, starts = blocks_story(source, theme, page)
    most = max_pages(source.layout)
    if most == 1:
        arranged, _ = arrange(story, starts, page.frames(), canvas_maker(source.handout.reviewed,
                              save=False), theme.styles["body"].leading)
        if arranged is not story:
            pages, overflow, pdf = _build(source, theme, page, arranged, write=write)
            if pages <= most:
                return pages, overflow, pdf
            story = story_for(source, theme, page)  # fresh: the failed try may have split some
    return _build(source, theme, page, story, write=write)


def columns(fitted: Fitted) -> Columns:
    """How the content of a fitted handout sits in its page's columns."""
    page = HandoutPage(fitted.theme, fitted.source.info())
    story, starts = blocks_story(fitted.source, fitted.theme, page)
    return arrange(story, starts, page.frames(), canvas_maker(fitted.source.handout.reviewed,
                   save=False), fitted.theme.styles["body"].leading)[1]


def _build(source: Source, theme: Theme, page: HandoutPage, story: list[Flowable], *,
           write: bool) -> tuple[int, float, bytes | None]:
    handout = source.handout
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=theme.page_size, title=plain(handout.title),
                          subject=handout.subtitle or handout.title,
                          keywords=f"{handout.category}, low back, massage",
                          **metadata(theme.brand, theme))
    most = max_pages(source.layout)
    templates = [_template("p", page)]
    if most > 1:  # the back of the sheet carries the header band, not the title again
        templates.append(_template("back", HandoutPage(theme, source.info(), continued=True)))
        story = [NextPageTemplate("back"), *story]
    doc.addPageTemplates(templates)
    overflow = {"h": 0.0}

    def after(flowable: Flowable) -> None:
        if doc.page > most:
            overflow["h"] = max(overflow["h"], (doc.page - most - 1) * sum(f._height for f in page.frames())
                                + _used_on_page(doc, page))

    doc.afterFlowable = after  # type: ignore[method-assign]
    chars = theme.shared_characters + beyond_ascii(source.prepared_for, source.note)
    doc.build(story, canvasmaker=canvas_maker(handout.reviewed, save=write, chars=chars))
    done = write and doc.page <= most
    return doc.page, overflow["h"], (with_outline(buf.getvalue(), doc.canv) if done else None)


def _used_on_page(doc: BaseDocTemplate, page: HandoutPage) -> float:
    if doc.frame is None:  # between pages
        return 0.0
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
        if pages <= max_pages(source.layout):
            return Fitted(source, theme, pdf)
    page = HandoutPage(theme, source.info())
    capacity = sum(f._height for f in page.frames())
    words = word_count(source.handout.blocks)
    over = max(10, math.ceil(words * overflow / (capacity + overflow) * 1.1 / 10) * 10)
    room = "both sides of one sheet" if max_pages(source.layout) == 2 else "one page"
    raise ContentError([Problem(source.file, None,
                                f"does not fit on {room}, even with the type at its smallest "
                                f"({body_floor(source.layout):g} pt); cut about {over} words, or a "
                                "picture, and build again")])


def metadata(brand: Brand, theme: Theme) -> dict[str, object]:
    """The document settings every page of ours has: author, fonts, language, dates."""
    # initialFontName: otherwise every page names Helvetica, a font that is not embedded
    return {"author": f"{brand.therapist.name}, {brand.practice.name}",
            "initialFontName": theme.font(), "initialFontSize": theme.body_size,
            "creator": "handoutkit", "producer": "handoutkit (ReportLab)",
            "lang": brand.language, "displayDocTitle": 1, "invariant": 1}


def render_one(fitted: Fitted) -> bytes:
    """The PDF of one fitted handout (exactly one page; in large print at most two)."""
    if fitted.pdf is not None:
        return fitted.pdf
    pages, _, pdf = _layout(fitted.source, fitted.theme, write=True)
    # fitting measured this exact story: a mismatch is a bug
    if pages > max_pages(fitted.source.layout) or pdf is None:
        raise RuntimeError(f"{fitted.source.file}: laid out on {pages} pages after fitting")
    return pdf
