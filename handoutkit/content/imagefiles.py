"""Finding and checking image files. Images are untrusted input: they must stay inside
images/, be what their extension says, be of a sane size, and refer to nothing outside
themselves. No ReportLab here, so `check` can use it cheaply.
"""

from __future__ import annotations

import math
import re
import struct
import warnings
from pathlib import Path
from typing import Any

from ..errors import Problem, shown

RASTER_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",),
                ".jpeg": (b"\xff\xd8\xff",)}
SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
MAX_FILE_BYTES = 8_000_000
MAX_PIXELS = 40_000_000  # 40 MP: far more than print needs, far less than a bomb
MAX_SVG_ELEMENTS = 20_000  # after expanding every <use>; the shipped drawings have under 200
MAX_SVG_DEPTH = 100

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_OUTSIDE_URL = re.compile(r"url\((?!\s*['\"]?\s*#)([^)]*)|@import\s*([^;]*)", re.IGNORECASE)


# Files found sound, as they were then (path, modified, size): each is read once per run,
# and a helper process that converted a drawing vouches for the file it checked first.
_sound: set[tuple[str, int, int]] = set()
_parsed: dict[tuple[str, int, int], Any] = {}  # the SVG inspected last, parsed (one at most)


def vouch(path: str, modified_ns: int, size: int) -> None:
    """Record that the file at *path*, as of *modified_ns* and *size*, passed `inspect`."""
    _sound.add((path, modified_ns, size))


class SvgError(ValueError):
    """An SVG that must not be drawn; the message says why and what to do."""


def resolve(root: Path, name: str, file: str, line: int | None,
            language: str = "en") -> Path | Problem:
    """The path of image *name* in root/images (in another *language*, its own copy in
    images/<language>/ when there is one), or a Problem saying why it cannot be used."""
    images = (root / "images").resolve()
    found = _find(images, name, file, line)
    if language != "en" and isinstance(found, Path):
        own = (images / language / found.relative_to(images)).resolve()
        if own.is_relative_to(images / language) and own.is_file():
            return own
    return found


def _find(images: Path, name: str, file: str, line: int | None) -> Path | Problem:
    if "://" in name or name.startswith("data:"):
        return Problem(file, line, f"image '{shown(name)}' is a web address; save the picture in "
                       "images/ and give its file name")
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts:
        return Problem(file, line, f"image '{shown(name)}' must be a file inside images/; "
                       "give just its name, like 'psoas.svg'")
    if "\x00" in name or not name.strip():
        return Problem(file, line, f"image '{shown(name)}' is not a usable file name; "
                       "give the picture's name, like 'psoas.svg'")
    try:
        path = (images / candidate).resolve()
        if not path.is_relative_to(images):
            return Problem(file, line, f"image '{shown(name)}' points outside images/ (a link?); "
                           "copy the picture into images/")
        if path.suffix.lower() not in SUFFIXES:
            return Problem(file, line, f"image '{shown(name)}' is not an SVG, PNG or JPEG file; "
                           "export it as one of those")
        found = path.is_file()
        near = sorted(p.name for p in images.glob("*") if p.suffix.lower() in SUFFIXES) \
            if not found and images.is_dir() else []
    except (OSError, ValueError) as exc:  # a name too long for the file system, ...
        reason = getattr(exc, "strerror", None) or "not a possible file name"
        return Problem(file, line, f"image '{shown(name)}' cannot be used ({reason}); "
                       "give the picture's name, like 'psoas.svg'")
    if not found:
        from .validation import did_you_mean
        return Problem(file, line, f"image '{shown(name)}' was not found in images/"
                       f"{did_you_mean(name, near)}; check the name or copy the picture there")
    return path


def inspect(path: Path, file: str, line: int | None) -> Problem | None:
    """Check an image's content matches its extension and its size is sane (before any
    pixel is decoded), and that an SVG is safe to draw."""
    try:
        st = path.stat()
        if (str(path), st.st_mtime_ns, st.st_size) in _sound:
            return None
        size = st.st_size
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        return Problem(file, line, f"image '{path.name}' cannot be read ({exc.strerror}); "
                       "check the file")
    found = _inspect(path, head, size, file, line)
    if isinstance(found, Problem):
        return found
    vouch(str(path), st.st_mtime_ns, st.st_size)
    _parsed.clear()
    if found is not None:  # an SVG's parsed tree: whoever converts it next needs it
        _parsed[(str(path), st.st_mtime_ns, st.st_size)] = found
    return None


def parsed_svg(path: Path) -> Any:
    """The SVG at *path* parsed safely (read_svg), or the tree `inspect` just parsed when
    it was the last file inspected (handed over once: a converter may change it)."""
    try:
        st = path.stat()
        return _parsed.pop((str(path), st.st_mtime_ns, st.st_size))
    except (OSError, KeyError):
        return read_svg(path)


def _inspect(path: Path, head: bytes, size: int, file: str, line: int | None) -> Any:
    """A Problem; or for a sound SVG its parsed tree, for a sound picture None."""
    if size > MAX_FILE_BYTES:
        return Problem(file, line, f"image '{path.name}' is larger than "
                       f"{MAX_FILE_BYTES // 1_000_000} MB; save a smaller copy")
    suffix = path.suffix.lower()
    if suffix == ".svg":
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not (text.startswith(b"<") and (b"<svg" in head or b"<?xml" in head or b"<!--" in head)):
            return Problem(file, line, f"image '{path.name}' is not an SVG drawing inside; "
                           "export it again as SVG")
        try:
            return read_svg(path)
        except SvgError as exc:
            return Problem(file, line, str(exc))
    if not head.startswith(RASTER_MAGIC[suffix]):
        return Problem(file, line, f"image '{path.name}' is not really a {suffix[1:].upper()} "
                       "file; export it again in that format")
    return _inspect_raster(path, head, file, line)


def _inspect_raster(path: Path, head: bytes, file: str, line: int | None) -> Problem | None:
    from PIL import Image, UnidentifiedImageError

    damaged = Problem(file, line, f"image '{path.name}' is damaged or not a picture; "
                      "export it again")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check below
            with Image.open(path) as img:  # reads the header only
                w, h = img.size
                if w * h <= MAX_PIXELS:
                    img.load()  # now safe to decode: finds a broken or cut-off picture
    except Image.DecompressionBombError:  # so large that Pillow will not even open it
        w, h = struct.unpack(">II", head[16:24]) if path.suffix.lower() == ".png" else (0, 0)
        if not w * h:
            return Problem(file, line, f"image '{path.name}' has far too many pixels to print; "
                           "save a copy under 6000 pixels wide")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
        return damaged
    if not w or not h:
        return damaged
    if w * h > MAX_PIXELS:
        return Problem(file, line, f"image '{path.name}' is {w}x{h} pixels, too large to print; "
                       "save a copy under 6000 pixels wide")
    return None


def read_svg(path: Path) -> Any:
    """Parse an SVG safely and return its root element (lxml).

    No entities are expanded, no DTD is loaded, nothing is fetched from the network, and a
    drawing that refers to another file or address, nests too deeply or expands (through
    <use>) into too many shapes is refused. Raises SvgError with a message for the user.
    """
    from lxml import etree

    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SvgError(f"image '{name}' cannot be read ({exc.strerror}); check the file") from None
    if b"<!ENTITY" in raw:
        raise SvgError(f"image '{name}' uses XML entities, which are not allowed in pictures; "
                       "export it again as plain SVG")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(raw, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        if "depth" in str(exc).lower():
            raise SvgError(f"image '{name}' nests its shapes too deeply to draw; simplify it") from None
        raise SvgError(f"image '{name}' is not a valid SVG drawing ({shown(exc, 100)}); "
                       "export it again") from None
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise SvgError(f"image '{name}' is not an SVG drawing inside; export it again as SVG")
    if any(isinstance(el, etree._Entity) for el in root.iter()):
        raise SvgError(f"image '{name}' uses XML entities, which are not allowed in pictures; "
                       "export it again as plain SVG")
    for el in root.iter():
        texts = list(el.attrib.items())
        if isinstance(el.tag, str) and etree.QName(el).localname == "style" and el.text:
            texts.append(("style", el.text))
        for attr, value in texts:
            target = value.strip() if attr.endswith("href") else None
            if target is not None and not target.startswith("#"):
                raise SvgError(f"image '{name}' refers to another file or web address "
                               f"({shown(target)}); embed the picture's content or remove it")
            match = _OUTSIDE_URL.search(value) if target is None else None
            if match:
                raise SvgError(f"image '{name}' refers to another file or web address "
                               f"({shown(match.group(1) or match.group(2))}); remove it")
    _check_svg_box(root, name)
    _check_svg_size(root, name)
    return root


def _check_svg_box(root: Any, name: str) -> None:
    """Refuse a drawing without a size, or with a width, height or viewBox that is not a
    positive, finite size."""
    if not root.get("viewBox") and not (root.get("width") and root.get("height")):
        raise SvgError(f"image '{name}' has no size; give the <svg> a width and height, "
                       "or a viewBox")
    values = [(a, root.get(a)) for a in ("width", "height") if root.get(a)]
    values += [("viewBox", v) for v in (root.get("viewBox") or "").replace(",", " ").split()[2:]]
    for attr, value in values:
        text = value.strip()
        if text.endswith("%"):
            continue
        try:
            number = float(re.sub(r"[a-zA-Z]+$", "", text))
        except ValueError:
            number = math.nan
        if not (math.isfinite(number) and number > 0):
            raise SvgError(f"image '{name}' has no usable size ({attr} is '{shown(value)}'); give "
                           "the <svg> a positive width and height, or a viewBox")


def _check_svg_size(root: Any, name: str) -> None:
    """Refuse a drawing whose <use> elements refer to themselves or multiply into more
    than MAX_SVG_ELEMENTS shapes (the SVG form of a billion-laughs bomb)."""
    ids = {}
    for el in root.iter():
        key = el.get("id")
        if key is not None:
            ids.setdefault(key, el)
    sizes: dict[str, int] = {}
    open_ids: set[str] = set()
    too_big = SvgError(f"image '{name}' is too complex to draw (more than {MAX_SVG_ELEMENTS} "
                       "shapes, counting each <use>); simplify it")

    def count(el: Any, depth: int) -> int:
        if depth > MAX_SVG_DEPTH:
            raise too_big
        total = 1
        ref = (el.get("href") or el.get(_XLINK_HREF) or "").strip()
        target = ref[1:] if ref.startswith("#") else None
        if target in ids and isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "use":
            if target in open_ids:
                raise SvgError(f"image '{name}' has a <use> that refers to itself; export it again")
            if target not in sizes:
                open_ids.add(target)
                sizes[target] = count(ids[target], depth + 1)
                open_ids.discard(target)
            total += sizes[target]
        own = el.get("id")
        if own is not None:
            open_ids.add(own)
        for child in el:
            total += count(child, depth + 1)
            if total > MAX_SVG_ELEMENTS:
                raise too_big
        if own is not None:
            open_ids.discard(own)
        return total

    count(root, 0)
