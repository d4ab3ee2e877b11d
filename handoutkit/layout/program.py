"""A home program's page: the brand's page with the "Prepared for" line, and each chosen
exercise drawn as its handout draws it (layout/blocks/steps.py) with this client's doses.

Fitted like every handout (one page, two in large print, type never under the readable
floor); when the exercises cannot fit, it says how many to leave out.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.markup import protect
from ..content.model import Handout
from ..content.settings import Brand, Layout
from ..errors import ContentError, Problem
from .render import Fitted, Source, _layout, canvas_maker, max_pages, scales
from .theme import Theme

SLUG = "home-program"


@dataclass(frozen=True)
class ProgramPage:
    """What a program's page holds: the title, the client's line and note, the exercises
    (steps blocks with the doses in place), and how it is set."""

    title: str
    prepared_for: str  # "Prepared for Paul Rivera · 8 December 2026", not yet protected
    note: str | None
    blocks: tuple[Any, ...]  # content.model.Steps (with a program's note)
    day: _dt.date
    layout: Layout
    grayscale: bool = False


def source(page: ProgramPage) -> Source:
    """The page as a handout to lay out (never validated again: its parts already were)."""
    handout = Handout.model_construct(title=protect(page.title), subtitle=None,
                                      category="self-care", order=1, reviewed=page.day,
                                      layout=None, blocks=list(page.blocks))
    return Source(SLUG, "program", handout, page.layout, prepared_for=page.prepared_for,
                  note=page.note, grayscale=page.grayscale)


def fit_or_none(src: Source, brand: Brand, root: Path) -> Fitted | None:
    """The largest scale at which *src* fits its pages, with its PDF; None when even the
    smallest readable type does not fit."""
    for i, scale in enumerate(scales(src.layout)):
        theme = Theme(brand, src.layout, root, scale, grayscale=src.grayscale)
        pages, _, pdf = _layout(src, theme, write=i == 0)
        if pages <= max_pages(src.layout):
            return Fitted(src, theme, pdf)
    return None


def render_program(page: ProgramPage, brand: Brand, root: Path) -> bytes:
    """The program's PDF (one page; two in large print); ContentError saying how many
    exercises to remove when they cannot fit."""
    from .render import render_one

    src = source(page)
    fitted = _fitted(src, brand, root)
    if fitted is None:
        keep = _most_that_fit(page, brand, root)
        remove = len(page.blocks) - keep
        room = "both sides of one sheet" if max_pages(page.layout) == 2 else "one page"
        raise ContentError([Problem("program", None, f"the program does not fit on {room}: "
                                    f"remove {remove} exercise{'s' if remove != 1 else ''}"
                                    f" (or shorten the notes)")])
    return render_one(fitted)


def _fitted(src: Source, brand: Brand, root: Path) -> Fitted | None:
    """fit_or_none, with an unprintable character in the client's words said as theirs."""
    from ..errors import UsageError
    from .glyphs import MissingGlyphError

    try:
        return fit_or_none(src, brand, root)
    except MissingGlyphError as exc:
        raise UsageError(f"the client's name, note or doses: {exc}") from None


def _most_that_fit(page: ProgramPage, brand: Brand, root: Path) -> int:
    """How many of the first exercises fit (a binary search; none fitting is 0)."""
    low, high = 0, len(page.blocks) - 1  # the whole list does not fit
    while low < high:
        mid = (low + high + 1) // 2
        trial = ProgramPage(page.title, page.prepared_for, page.note, page.blocks[:mid],
                            page.day, page.layout, page.grayscale)
        if _fitted(source(trial), brand, root) is not None:
            low = mid
        else:
            high = mid - 1
    return low


def picture_pdf(root: Path, name: str, file: str, language: str, width: float = 160.0) -> bytes:
    """A one-page PDF holding only picture *name* (as the handout *file* names it), *width*
    points wide: an exercise's picture for a library card."""
    import io

    from ..content.imagefiles import inspect, resolve
    from .pictures import Picture, load_raster, load_svg

    path = resolve(root, name, file, None, language)
    if not isinstance(path, Path):
        raise ContentError([path])
    problem = inspect(path, file, None)
    if problem:
        raise ContentError([problem])
    source_ = load_svg(path, file) if path.suffix.lower() == ".svg" else load_raster(path)
    picture = Picture(source_, width, width)
    buf = io.BytesIO()
    canv = canvas_maker(_dt.date(2000, 1, 1))(buf, pagesize=(picture.draw_w, picture.draw_h))
    picture.drawOn(canv, 0, 0)
    canv.showPage()
    canv.save()
    return buf.getvalue()
