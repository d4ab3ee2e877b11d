"""How full a handout's page is at the designed type size.

The content is laid out at scale 1.0 in one tall column as wide as a real column, so the
height it takes can be compared with what the page's text frames hold. Two columns count
as twice the height of one; breaks between columns are not simulated, so the figure is a
close estimate rather than an exact one. Uses only render.py's public pieces.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..content.settings import Brand
from .page import HandoutPage, page_info
from .render import Source, canvas_maker, story_for
from .theme import Theme


@dataclass(frozen=True)
class Fullness:
    """Content height at the designed size against the height the page's frames hold."""

    used: float  # points
    capacity: float  # points, all text frames together

    @property
    def fraction(self) -> float:
        """Share of the page's text area the content needs (above 1.0: it had to shrink)."""
        return self.used / self.capacity if self.capacity > 0 else 0.0


def fullness(source: Source, brand: Brand, root: Path) -> Fullness:
    """Measure how much of the page *source* fills at the designed type size (scale 1.0)."""
    theme = Theme(brand, source.layout, root, 1.0)
    page = HandoutPage(theme, page_info(source.handout))
    frames = page.frames()
    capacity = sum(f._height for f in frames)
    width = frames[0]._width
    tall = max(capacity * 6, 2000.0)  # room for far more than one page of content
    frame = Frame(0, 0, width, tall, id="measure", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(io.BytesIO(), pagesize=(width, tall), invariant=1,
                          initialFontName=theme.font())
    doc.addPageTemplates([PageTemplate(id="measure", frames=[frame], pagesize=(width, tall))])
    used = {"h": 0.0}

    def after(flowable: Flowable) -> None:
        below = tall - doc.frame._y - flowable.getSpaceAfter()  # the last space needs no room
        used["h"] = (doc.page - 1) * tall + max(0.0, below)

    doc.afterFlowable = after  # type: ignore[method-assign]
    doc.build(story_for(source, theme, page),
              canvasmaker=canvas_maker(source.handout.reviewed, save=False))
    return Fullness(used["h"], capacity)
