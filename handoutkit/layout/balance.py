"""Pages that look designed: two columns that end level, and leftover space spread between
sections instead of pooling at the foot of the page.

The story is first laid out in one tall column as wide as the page's columns, with an
invisible mark at every place it may break (between blocks, and between the paragraphs of
a text block, never after a heading), so every height comes from ReportLab itself. The
break that makes the two columns most even is then a FrameBreak, and what is left of each
column is shared out as a little more space before its sections, up to a limit. The
render checks the result still fits its page and otherwise uses the story as it was.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.doctemplate import ActionFlowable

_NONE = object()
SAFETY = 3.0  # pt kept free at the foot of a column: the estimate is not to the point
GAP_LIMIT = 1.6  # body lines: the most extra space before one section


@dataclass(frozen=True)
class Columns:
    """How the content sits in the page's columns (points)."""

    heights: tuple[float, ...]  # each column's content, top to last line
    capacity: float  # one column's height

    @property
    def fullness(self) -> float:
        """The share of the text area the content fills."""
        return sum(self.heights) / (self.capacity * len(self.heights)) if self.capacity else 0.0

    @property
    def unevenness(self) -> float:
        """How much longer the longest column is than the shortest, as a share of a column."""
        return (max(self.heights) - min(self.heights)) / self.capacity if self.capacity else 0.0


class _Measured(Flowable):
    """A flowable as the tall column measures it: its own size and spacing, never drawn
    (only where each mark falls matters, and drawing is most of a layout's work)."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner
        # ReportLab groups and then clears keepWithNext on what it lays out: on this proxy
        self.keepWithNext = inner.getKeepWithNext()

    def _lend(self) -> Flowable:
        """The inner flowable, given what the frame gave this one (its canvas, its frame)."""
        for name in ("canv", "_frame"):
            if name in self.__dict__:
                setattr(self.inner, name, self.__dict__[name])
        return self.inner

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self._lend().wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [_Measured(part) for part in self._lend().split(availWidth, availHeight)]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.inner.getSpaceAfter()

    def drawOn(self, canvas: object, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        return None


def _measured(flowable: Flowable) -> Flowable:
    """*flowable* as the tall column lays it out: measured, never drawn. A KeepTogether
    stays one (of measured parts): ReportLab never groups one with a heading kept with
    it, and a stand-in that hid what it is would be grouped, and break the column."""
    if isinstance(flowable, ActionFlowable):
        return flowable
    if type(flowable) is KeepTogether:
        group = KeepTogether([_measured(f) for f in flowable._content], flowable._maxHeight)
        if "keepWithNext" in flowable.__dict__:
            group.keepWithNext = flowable.__dict__["keepWithNext"]
        return group
    return _Measured(flowable)


class _Mark(Flowable):
    """A place the story may break; records how far down the column it was reached."""

    def __init__(self, index: int, seen: dict[int, float]) -> None:
        super().__init__()
        self.index, self.seen = index, seen

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def drawOn(self, canvas: object, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        self.seen[self.index] = y

    def draw(self) -> None:
        return None


def breaks(story: list[Flowable], starts: list[int]) -> list[int]:
    """Where *story* may go on in the next column: at the start of a block (*starts*) or
    between paragraphs, never right after a flowable that keeps with the next one."""
    return [i for i in range(1, len(story)) if not story[i - 1].getKeepWithNext()
            and (i in starts or type(story[i]).__name__ == "Paragraph")]


def positions(story: list[Flowable], places: list[int], width: float,
              canvasmaker: type) -> tuple[dict[int, float], float]:
    """How far from the top each of *places* (and the end) is, laid out in one tall column
    *width* wide; and that end."""
    tall = 20000.0
    seen: dict[int, float] = {}
    marked: list[Flowable] = []
    for i, flowable in enumerate(story):
        if i in places:
            marked.append(_Mark(i, seen))
        marked.append(_measured(flowable))
    marked.append(_Mark(len(story), seen))
    frame = Frame(0, 0, width, tall, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="tall")
    doc = BaseDocTemplate(io.BytesIO(), pagesize=(width, tall), invariant=1)
    doc.addPageTemplates([PageTemplate(id="tall", frames=[frame], pagesize=(width, tall))])
    # ReportLab's build clears keepWithNext on the flowables it groups: put it back, so
    # the story lays out on the page exactly as it would have without this measurement
    kept = [(f, f.__dict__.get("keepWithNext", _NONE)) for f in story]
    try:
        doc.build(marked, canvasmaker=canvasmaker)
    finally:
        for f, value in kept:
            if value is _NONE:
                f.__dict__.pop("keepWithNext", None)
            else:
                f.__dict__["keepWithNext"] = value
    depth = {i: tall - y for i, y in seen.items()}
    return depth, depth.get(len(story), 0.0)


def arrange(story: list[Flowable], starts: list[int], frames: list[Frame],
            canvasmaker: type, line: float) -> tuple[list[Flowable], Columns]:
    """*story* with a break that makes the columns of *frames* most even (two columns) and
    each column's leftover spread before its sections (at most GAP_LIMIT body *line*s each);
    and how the content then sits. The story is returned as it was when it cannot fill
    the columns (too long, or nowhere to break)."""
    capacity = min(f._height for f in frames)
    places = breaks(story, starts)
    depth, end = positions(story, places, frames[0]._width, canvasmaker)
    if len(frames) == 1:
        if end > capacity - SAFETY:
            return story, Columns((end,), capacity)
        return _spread(story, [(0, len(story), end)], starts, capacity, line), Columns((end,), capacity)
    best: tuple[float, int, float, float] | None = None
    for k in places:
        left = depth[k]
        right = end - depth[k] - story[k].getSpaceBefore()
        if max(left, right) <= capacity - SAFETY and (best is None or abs(left - right) < best[0]):
            best = (abs(left - right), k, left, right)
    if best is None:
        return story, Columns((min(end, capacity), max(0.0, end - capacity)), capacity)
    _, k, left, right = best
    spread = _spread(story, [(0, k, left), (k, len(story), right)], starts, capacity, line)
    return spread, Columns((left, right), capacity)


def _spread(story: list[Flowable], columns: list[tuple[int, int, float]], starts: list[int],
            capacity: float, line: float) -> list[Flowable]:
    """The story with each column's leftover shared out before the sections it holds (not
    before its first), and a FrameBreak between columns."""
    out: list[Flowable] = []
    for n, (first, stop, used) in enumerate(columns):
        gaps = [i for i in starts if first < i < stop and not story[i - 1].getKeepWithNext()]
        extra = min((capacity - SAFETY - used) / len(gaps), GAP_LIMIT * line) if gaps else 0.0
        for i in range(first, stop):
            if i in gaps and extra > 0.5:
                out.append(Spacer(1, extra))
            out.append(story[i])
        if n < len(columns) - 1:
            out.append(FrameBreak())
    return out
