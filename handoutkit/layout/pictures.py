"""Pictures as flowables: SVG drawings (svglib) and PNG/JPEG, scaled with aspect kept."""

from __future__ import annotations

from . import rlsettings  # noqa: F401  (first: settings read as ReportLab loads)

# isort: split
import copy
import hashlib
import io
import logging
import math
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String, mmult
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ..content.imagefiles import SvgError, parsed_svg, vouch
from ..errors import ContentError
from .fonts import map_for_svg, svg_family
from .tagging import Marked

logging.getLogger("svglib").setLevel(logging.CRITICAL)  # odd drawings are refused, not logged

_svg_cache: dict[tuple[str, int, int, str | None], Drawing] = {}
# drawings adopted from another process, still pickled: key -> (form name, pickle)
_pickled: dict[tuple[str, int, int, str | None], tuple[str, bytes]] = {}
_raster_cache: dict[tuple[str, int, int, str | None], ImageReader] = {}
# id(cached Drawing) -> PDF form name (a Drawing refuses new attributes)
_form_names: dict[int, str] = {}
_grey_cache: dict[int, Drawing | ImageReader] = {}
# id(cached Drawing) -> its smallest label at the drawing's own size (None: no labels)
_label_sizes: dict[int, float | None] = {}

LEAST_LABEL = 7.0  # pt: no character on a printed page is smaller, picture labels included


def cache_key(path: Path) -> tuple[str, int, int, str | None]:
    """What identifies a converted picture: the file as it is now and the label font."""
    st = path.stat()
    # the labels' font is fixed at conversion: a drawing made for another brand is not reused
    return (str(path), st.st_mtime_ns, st.st_size, svg_family())


def load_converter() -> None:
    """Load svglib, and map the label font to the brand's, before a drawing is converted
    (a build does so before it forks the processes that convert)."""
    import svglib.svglib  # noqa: F401

    map_for_svg()


def load_svg(path: Path, display: str) -> Drawing:
    """Parse an SVG safely (no entities, no network, no DTD) and convert it to a Drawing."""
    key = cache_key(path)
    if key in _svg_cache:
        return _svg_cache[key]
    adopted = _unpickled(key)
    if adopted is not None:
        return adopted
    from svglib.svglib import SvgRenderer

    try:
        root = parsed_svg(path)  # no entities, DTD, network, outside references or <use> bombs
    except SvgError as exc:
        raise ContentError.single(display, None, str(exc)) from None
    map_for_svg()
    try:
        drawing = SvgRenderer(str(path), external_reference_root=str(path.parent)).render(root)
    except Exception as exc:  # svglib raises many kinds on odd drawings
        raise ContentError.single(display, None, f"image '{path.name}' could not be drawn "
                                  f"({type(exc).__name__}); simplify or export it again") from None
    if not all(math.isfinite(float(v)) and float(v) > 0 for v in (drawing.width, drawing.height)):
        raise ContentError.single(display, None, f"image '{path.name}' has no size; give the "
                                  "<svg> a width, height or viewBox")
    _form_names[id(drawing)] = "svg" + hashlib.sha1(path.read_bytes(),
                                                    usedforsecurity=False).hexdigest()[:16]
    _svg_cache[key] = drawing
    return drawing


def adopt(key: tuple[str, int, int, str | None], name: str, pickled: bytes) -> None:
    """Take a drawing converted by another process (prefetch.py), pickled, into this one's
    cache, with its form name (see form_name); it is unpickled when first drawn, so each
    forked worker unpickles only the drawings of its own handouts. That process inspected
    the file first, as the blocks do before they convert one: its check stands here too."""
    vouch(key[0], key[1], key[2])
    if key not in _svg_cache:
        _pickled[key] = (name, pickled)


def _unpickled(key: tuple[str, int, int, str | None]) -> Drawing | None:
    """The adopted drawing under *key*, unpickled now, if there is one."""
    if key not in _pickled:
        return None
    import pickle

    name, pickled = _pickled.pop(key)
    drawing = pickle.loads(pickled)
    _svg_cache[key] = drawing
    _form_names[id(drawing)] = name
    return drawing


def converted(path: Path) -> bool:
    """Whether this process already holds the drawing of *path* as it is now."""
    try:
        key = cache_key(path)
    except OSError:
        return False
    return key in _svg_cache or key in _pickled


def form_name(drawing: Drawing) -> str:
    """The name a converted drawing is stored under in a PDF (from its file's content)."""
    return _form_names.get(id(drawing)) or f"drw{id(drawing)}"


def smallest_label(drawing: Drawing) -> float | None:
    """The size of the smallest label in *drawing* (its text's font size times every
    transform above it), in points at the drawing's own size; None when it has no text.

    Printed, a label is this times the picture's scale (Picture.label_size)."""
    key = id(drawing)
    if key not in _label_sizes:
        least: float | None = None
        stack: list[tuple[object, tuple[float, ...]]] = [(drawing, (1, 0, 0, 1, 0, 0))]
        while stack:
            node, matrix = stack.pop()
            if isinstance(node, Group):  # a Drawing is a Group too
                matrix = mmult(matrix, tuple(getattr(node, "transform", (1, 0, 0, 1, 0, 0))))
                stack.extend((child, matrix) for child in node.contents)
            elif isinstance(node, String) and str(node.text).strip():
                size = float(node.fontSize) * math.hypot(matrix[2], matrix[3])  # the em's height
                least = size if least is None else min(least, size)
        _label_sizes[key] = least
    return _label_sizes[key]


PRINT_PIXELS = 2400  # the long side: a full 8-inch column at 300 dpi, all print needs


def load_raster(path: Path) -> ImageReader:
    """A PNG or JPEG, read once per run, scaled down to what print needs."""
    key = cache_key(path)
    if key not in _raster_cache:
        from PIL import Image

        with Image.open(path) as img:
            if max(img.size) <= PRINT_PIXELS:
                _raster_cache[key] = ImageReader(str(path))
            else:
                img.thumbnail((PRINT_PIXELS, PRINT_PIXELS), Image.Resampling.LANCZOS)
                buf = io.BytesIO()  # ReportLab reads pictures from a file-like object
                photo = path.suffix.lower() in (".jpg", ".jpeg") and img.mode in ("RGB", "L")
                img.save(buf, "JPEG" if photo else "PNG", quality=90)
                buf.seek(0)
                _raster_cache[key] = ImageReader(buf)
    return _raster_cache[key]


def to_grey(c: object) -> object:
    """A colour as the grey of the same lightness (anything else unchanged)."""
    if isinstance(c, colors.Color):
        lum = 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue
        return colors.Color(lum, lum, lum, getattr(c, "alpha", 1))
    return c


def in_grey(source: Drawing | ImageReader) -> Drawing | ImageReader:
    """The same picture in shades of grey (for toner-light printing), made once per run."""
    key = id(source)
    if key in _grey_cache:
        return _grey_cache[key]
    if isinstance(source, Drawing):
        grey = copy.deepcopy(source)
        stack: list[object] = [grey]
        while stack:
            node = stack.pop()
            for attr in ("fillColor", "strokeColor"):
                if hasattr(node, attr):
                    setattr(node, attr, to_grey(getattr(node, attr)))
            stack.extend(getattr(node, "contents", []))
        _form_names[id(grey)] = _form_names.get(key, f"drw{key}") + "grey"
        result: Drawing | ImageReader = grey
    else:
        from PIL import Image  # ImageReader has no public way back to its picture

        with Image.open(source.fileName) as picture:
            result = ImageReader(picture.convert("LA"))
    _grey_cache[key] = result
    return result


class Picture(Marked, Flowable):
    """A picture scaled to *width* points wide, aspect kept, never taller than *max_height*;
    drawn as its `tag` (a Figure) when it has one, else as an artifact (the logo)."""

    def __init__(self, source: Drawing | ImageReader, width: float, max_height: float,
                 *, align: str = "CENTER", grey: bool = False) -> None:
        super().__init__()
        source = in_grey(source) if grey else source
        self.source = source
        if isinstance(source, Drawing):
            nat_w, nat_h = float(source.width), float(source.height)
        else:
            nat_w, nat_h = (float(v) for v in source.getSize())
        self.nat_w, self.nat_h = nat_w, nat_h
        self.file_name = ""  # the picture's name in images/, when the blocks know it
        self.label = smallest_label(source) if isinstance(source, Drawing) else None
        self.hAlign = align
        self.rescale(min(width / nat_w, max_height / nat_h))

    def rescale(self, scale: float) -> None:
        """Draw the picture at *scale* times its own size."""
        self.scale_ = scale
        self.draw_w, self.draw_h = self.nat_w * scale, self.nat_h * scale

    @property
    def label_size(self) -> float | None:
        """The smallest label's printed size in points at the current scale (None: no labels)."""
        return None if self.label is None else self.label * self.scale_

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.draw_w > availWidth:  # a narrower column than planned: shrink, keep aspect
            self.rescale(self.scale_ * availWidth / self.draw_w)
        return self.draw_w, self.draw_h

    def draw(self) -> None:
        if getattr(self.canv, "measuring", False):
            return  # a layout only measured, never saved: the picture's size is all it needs
        if isinstance(self.source, Drawing):
            canv, drawing = self.canv, self.source
            # Drawn once per PDF as a form and reused: an illustration used on several
            # booklet pages is stored once.
            name = form_name(drawing)
            if not canv.hasForm(name):
                canv.beginForm(name, 0, 0, float(drawing.width), float(drawing.height))
                # renderPDF otherwise opens with Helvetica, which would be named, not embedded
                drawing.initialFontName = canv._fontname
                drawing.initialFontSize = canv._fontsize
                renderPDF.draw(drawing, canv, 0, 0)
                canv.endForm()
            canv.saveState()
            canv.scale(self.scale_, self.scale_)
            canv.doForm(name)
            canv.restoreState()
        else:
            self.canv.drawImage(self.source, 0, 0, self.draw_w, self.draw_h, mask="auto")
