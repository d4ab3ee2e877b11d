"""The printed size of picture labels: what `check` reports for each handout.

A label's printed size is its font size times every scale above it: the drawing's own
transforms (pictures.smallest_label) and the picture's scale on the page. The blocks give
each picture at least the width that keeps its labels at LEAST_LABEL (7 pt) or refuse the
handout (blocks.BuildContext.picture); this module measures the result.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reportlab.platypus import Flowable

from .page import HandoutPage
from .pictures import LEAST_LABEL, Picture
from .render import Fitted, canvas_maker, story_for

__all__ = ["LEAST_LABEL", "PlacedLabel", "placed_labels", "smallest_label"]


@dataclass(frozen=True)
class PlacedLabel:
    """One labelled picture as placed on a handout's page."""

    name: str  # the picture's file in images/
    width: float  # points, as drawn
    size: float  # its smallest label, in points as printed


def pictures_in(flowables: Iterable[object]) -> Iterator[Picture]:
    """Every Picture inside *flowables*, however deeply kept together, boxed or tabled."""
    stack = list(flowables)[::-1]
    while stack:
        item = stack.pop()
        if isinstance(item, Picture):
            yield item
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, Flowable):
            cells = getattr(item, "_cellvalues", None)  # a Table: rows of cells
            content = getattr(item, "_content", None)  # KeepTogether, list flowables
            for inner in (content, cells):
                if isinstance(inner, (list, tuple)):
                    stack.extend(reversed(inner))


def placed_labels(fitted: Fitted) -> list[PlacedLabel]:
    """The labelled pictures of a fitted handout at the size they are drawn, in order."""
    theme, source = fitted.theme, fitted.source
    page = HandoutPage(theme, source.info())
    width = page.frames()[0]._width
    story = story_for(source, theme, page)
    canv = canvas_maker(source.handout.reviewed, save=False)(io.BytesIO())
    placed = []
    for flowable in story:
        pictures = [p for p in pictures_in([flowable]) if p.label is not None]
        if pictures:  # wrapped as a frame does: tables size their cells, pictures shrink to fit
            flowable.wrapOn(canv, width, 1e6)
            placed += [PlacedLabel(p.file_name, p.draw_w, p.label * p.scale_) for p in pictures]
    return placed


def smallest_label(fitted: Fitted) -> float | None:
    """The smallest picture label of a fitted handout, in points as printed (None when its
    pictures have no labels). At least LEAST_LABEL for every handout that builds."""
    sizes = [p.size for p in placed_labels(fitted)]
    return min(sizes) if sizes else None
