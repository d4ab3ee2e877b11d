"""Converted drawings sent to another process without svglib.

svglib marks two kinds of path with classes of its own (a path drawn without its stroke,
and a clipping path). A drawing pickled as it is names them, so the process that reads it
must import svglib, with lxml and its CSS parsers: a tenth of a build's start-up, in the
process every worker waits for. Pickled with `dumps`, those paths become the stand-ins
below, which draw exactly alike and need only ReportLab.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

from reportlab.graphics.shapes import Path


class FillOnlyPath(Path):
    """A path drawn without a stroke (svglib's NoStrokePath: an unclosed path's fill)."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:  # noqa: N802
        props: dict[str, Any] = super().getProperties(*args, **kwargs)
        if "strokeWidth" in props:
            props["strokeWidth"] = 0
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props


class ClipPath(Path):
    """A path that only clips (svglib's ClippingPath): neither filled nor stroked."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:  # noqa: N802
        props: dict[str, Any] = super().getProperties(*args, **kwargs)
        if "fillColor" in props:
            props["fillColor"] = None
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props


STAND_INS: dict[str, type[Path]] = {"NoStrokePath": FillOnlyPath, "ClippingPath": ClipPath}


def _stand_in(kind: str, state: dict[str, Any]) -> Path:
    """The stand-in of a *kind* of svglib path, with that path's attributes."""
    path = STAND_INS[kind].__new__(STAND_INS[kind])
    path.__dict__.update(state)
    return path


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind.__module__ == "svglib.svglib" and kind.__name__ in STAND_INS:
            return _stand_in, (kind.__name__, obj.__dict__)
        return NotImplemented


def dumps(value: object) -> bytes:
    """*value* pickled with svglib's paths as their stand-ins (anything else of svglib's is
    pickled as it is, and its reader imports svglib)."""
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buf.getvalue()
