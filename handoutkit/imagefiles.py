"""Finding and checking image files. Images are untrusted input: they must stay inside
images/, be what their extension says, and be of a sane size. No ReportLab here, so `check`
can use it cheaply.
"""

from __future__ import annotations

import struct
from pathlib import Path

from .errors import Problem

RASTER_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",),
                ".jpeg": (b"\xff\xd8\xff",)}
SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
MAX_FILE_BYTES = 8_000_000
MAX_PIXELS = 40_000_000  # 40 MP: far more than print needs, far less than a bomb


def resolve(root: Path, name: str, file: str, line: int | None) -> Path | Problem:
    """The path of image *name* in root/images, or a Problem saying why it cannot be used."""
    images = (root / "images").resolve()
    if "://" in name or name.startswith("data:"):
        return Problem(file, line, f"image '{name}' is a web address; save the picture in "
                       "images/ and give its file name")
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts:
        return Problem(file, line, f"image '{name}' must be a file inside images/; "
                       "give just its name, like 'psoas.svg'")
    path = (images / candidate).resolve()
    if not path.is_relative_to(images):
        return Problem(file, line, f"image '{name}' points outside images/ (a link?); "
                       "copy the picture into images/")
    if path.suffix.lower() not in SUFFIXES:
        return Problem(file, line, f"image '{name}' is not an SVG, PNG or JPEG file")
    if not path.is_file():
        near = sorted(p.name for p in images.glob("*") if p.suffix.lower() in SUFFIXES) \
            if images.is_dir() else []
        from .validation import did_you_mean
        return Problem(file, line, f"image '{name}' was not found in images/"
                       f"{did_you_mean(name, near)}")
    return path


def inspect(path: Path, file: str, line: int | None) -> Problem | None:
    """Check an image's content matches its extension and its size is sane (header only)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        return Problem(file, line, f"image '{path.name}' cannot be read ({exc.strerror})")
    if size > MAX_FILE_BYTES:
        return Problem(file, line, f"image '{path.name}' is larger than "
                       f"{MAX_FILE_BYTES // 1_000_000} MB; save a smaller copy")
    suffix = path.suffix.lower()
    if suffix == ".svg":
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not (text.startswith(b"<") and (b"<svg" in head or b"<?xml" in head or b"<!--" in head)):
            return Problem(file, line, f"image '{path.name}' is not an SVG drawing inside")
        return None
    if not head.startswith(RASTER_MAGIC[suffix]):
        return Problem(file, line, f"image '{path.name}' is not really a {suffix[1:].upper()} "
                       "file; export it again in that format")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:  # reads the header only
            w, h = img.size
    except Image.DecompressionBombError:  # Pillow will not even open it
        w, h = struct.unpack(">II", head[16:24]) if suffix == ".png" else (MAX_PIXELS, 2)
    except (UnidentifiedImageError, OSError, ValueError):
        return Problem(file, line, f"image '{path.name}' is damaged or not a picture")
    if w * h > MAX_PIXELS:
        return Problem(file, line, f"image '{path.name}' is {w}x{h} pixels, too large to print; "
                       "save a copy under 6000 pixels wide")
    return None
