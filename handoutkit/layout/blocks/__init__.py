"""One builder per block type. Each module registers its builders with @register.

Adding a block type means one new module here plus its model in handoutkit/model.py.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from ...content.imagefiles import inspect, resolve
from ...errors import ContentError
from ..pictures import Picture, load_raster, load_svg
from ..theme import Theme

Builder = Callable[[Any, "BuildContext"], list[Flowable]]
BUILDERS: dict[str, Builder] = {}


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

    def narrower(self, width: float) -> BuildContext:
        """The same context for a narrower area (a column, a box)."""
        return replace(self, width=width)

    def picture(self, name: str, width: float, *, align: str = "CENTER",
                max_height: float | None = None) -> Picture:
        """A picture from images/, checked as untrusted input."""
        path = resolve(self.theme.root, name, self.file, None)
        if not isinstance(path, Path):
            raise ContentError([path])
        problem = inspect(path, self.file, None)
        if problem:
            raise ContentError([problem])
        source = load_svg(path, self.file) if path.suffix.lower() == ".svg" else load_raster(path)
        return Picture(source, width, max_height or self.max_picture_height, align=align,
                       grey=self.theme.grayscale)


def build_blocks(blocks: list[Any], ctx: BuildContext) -> list[Flowable]:
    """Flowables for a list of blocks, in order."""
    out: list[Flowable] = []
    for block in blocks:
        out.extend(BUILDERS[block.type](block, ctx))
    return out


for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")
