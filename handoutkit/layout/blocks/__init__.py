"""One builder per block type. Each module registers its builders with @register.

Adding a block type means one new module here plus its model in handoutkit/model.py.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from ...content.imagefiles import inspect, resolve
from ...errors import ContentError, shown
from ..pictures import LEAST_LABEL, Picture, load_raster, load_svg
from ..tagging import Node
from ..theme import Theme

Builder = Callable[[Any, "BuildContext"], list[Flowable]]
BUILDERS: dict[str, Builder] = {}
EPSILON = 1e-6
ROUNDING = 0.005  # pt: a picture made larger for its labels stays at 7 pt (12) in the PDF's numbers


def register(block_type: str) -> Callable[[Builder], Builder]:
    """Decorator: make *func* the builder for blocks of *block_type*."""
    def deco(func: Builder) -> Builder:
        BUILDERS[block_type] = func
        return func
    return deco


@dataclass(frozen=True)
class BuildContext:
    """What a builder may use: the theme, the column width, where images live."""

    theme: Theme
    width: float
    file: str
    max_picture_height: float
    # how a picture here could get more room, for the message when its labels cannot be
    # read (None: as the page's layout allows)
    wider: str | None = None
    parent: Node | None = None  # the structure element the blocks here belong to

    def inside(self, node: Node | None) -> BuildContext:
        """The same context, for blocks inside structure element *node*."""
        return replace(self, parent=node)

    def node(self, role: str, **attrs: object) -> Node:
        """A new structure element in this context's one."""
        return Node(role, self.parent, **attrs)  # type: ignore[arg-type]

    def narrower(self, width: float, wider: str | None = None) -> BuildContext:
        """The same context for a narrower area (a column, a box); *wider* says how a
        picture there could get more room."""
        return replace(self, width=width, wider=wider or self.wider)

    def how_wider(self) -> str | None:
        """How a picture here could get more room, said for the person editing the handout
        (None: it is as wide as the page allows)."""
        if self.wider:
            return self.wider
        if self.theme.columns > 1:
            return "give it a wider place (layout: one-column)"
        return None

    def picture(self, name: str, width: float, *, align: str = "CENTER",
                max_height: float | None = None, widest: float | None = None,
                wider: str | None = None) -> Picture:
        """A picture from images/, checked as untrusted input, *width* wide; wider (up to
        *widest*, by default the whole area) when its labels would print under
        theme.least_label (7 pt; 12 pt in large print), and up to as much taller.
        If even that is too small, a ContentError says how to fix the handout (*wider*: how
        the picture could get more room, if not as the area's context says)."""
        path = resolve(self.theme.root, name, self.file, None, self.theme.language)
        if not isinstance(path, Path):
            raise ContentError([path])
        problem = inspect(path, self.file, None)
        if problem:
            raise ContentError([problem])
        source = load_svg(path, self.file) if path.suffix.lower() == ".svg" else load_raster(path)
        tallest = max_height or self.max_picture_height
        width *= self.theme.picture_share  # large print: grown like the type, no more
        picture = Picture(source, width, tallest, align=align, grey=self.theme.grayscale)
        picture.file_name = name
        where = replace(self, wider=wider) if wider else self
        return where._legible(picture, min(widest or self.width, self.width),
                              tallest * self.theme.least_label / LEAST_LABEL)

    def _legible(self, picture: Picture, widest: float, tallest: float) -> Picture:
        """*picture*, made as much larger as its labels need to print at theme.least_label,
        within *widest* and *tallest* (in large print, as large as they allow if that is
        short of 12 pt but not of 7); ContentError saying how to fix the handout when its
        labels cannot print at LEAST_LABEL."""
        size, least = picture.label_size, self.theme.least_label
        if size is None or size >= least - EPSILON:
            return picture
        need = picture.scale_ * least / size
        most = min(widest / picture.nat_w, tallest / picture.nat_h)
        if need <= most * (1 + EPSILON):
            picture.rescale(min(need * (least + ROUNDING) / least, most))
            return picture
        best = size * max(most, picture.scale_) / picture.scale_
        if best >= LEAST_LABEL - EPSILON:  # large print: the largest its place allows
            picture.rescale(max(most, picture.scale_))
            return picture
        tall = tallest / picture.nat_h < widest / picture.nat_w  # more width would not help
        fixes = [fix for fix in (None if tall else self.how_wider(), "use fewer, larger labels")
                 if fix]
        raise ContentError.single(
            self.file, picture_line(self.theme.root / self.file, picture.file_name),
            f"picture '{shown(picture.file_name)}' would print its smallest label at "
            f"{math.floor(best * 10) / 10:.1f} pt ({LEAST_LABEL:g} pt is the least); "
            + ", or ".join(fixes))


def picture_line(path: Path, name: str) -> int | None:
    """The line of the handout at *path* that names picture *name* (its first use), if any."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    named = re.compile(r"^\s*(?:-\s*)?(?:file|image)\s*:\s*(['\"]?)" + re.escape(name)
                       + r"\1\s*(?:#.*)?$")
    return next((n for n, line in enumerate(lines, 1) if named.match(line)), None)


def build_blocks(blocks: list[Any], ctx: BuildContext) -> list[Flowable]:
    """Flowables for a list of blocks, in order."""
    out: list[Flowable] = []
    for block in blocks:
        out.extend(BUILDERS[block.type](block, ctx))
    return out


for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")
