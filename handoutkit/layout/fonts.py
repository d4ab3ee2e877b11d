"""TrueType fonts: found, registered once per run, embedded as subsets by ReportLab."""

from __future__ import annotations

from . import rlsettings  # noqa: F401  (first: settings read as ReportLab loads)

# isort: split
from pathlib import Path
from typing import TYPE_CHECKING

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase.ttfonts import TTFError

from ..errors import ContentError

if TYPE_CHECKING:
    from ..content.settings import Fonts

RL_FONTS = Path(reportlab.__file__).parent / "fonts"
FAMILY = "Brand"
_registered: dict[tuple[str, ...], str] = {}
# The family the illustrations' labels are drawn in (the brand's, registered last), and
# the one svglib maps their label font to: svglib keeps one mapping for the process, made
# only when drawings are about to be converted (a process that converts none, such as a
# desk that has them all, never loads svglib), so a run that changes brands (tests,
# `watch`) maps it again.
_svg_family: list[str | None] = [None]
_svg_mapped: list[str | None] = [None]
_paths: dict[str, dict[str, Path]] = {}  # family -> face -> its file
_looked_up: dict[tuple[object, ...], str] = {}  # (font names, root, fonts/ changed) -> family
FACES = ("regular", "bold", "italic", "bold_italic")
# Besides ASCII, which ReportLab always puts in a font's first subset, these characters
# take its first other places, in this order, in every document (see prime): the
# typography the markup makes (quotes, dashes), bullets and signs the handouts use. The
# project's own characters follow them (content/charset.py).
SHARED_CHARS = "\u2019\u2018\u201c\u201d\u2013\u2014\u2022\u2026\u00b7\u00b0\u00d7\u00bd\u00e9"
_SVG_FACES = (("normal", "normal"), ("bold", "normal"), ("normal", "italic"), ("bold", "italic"))


def _atkinson() -> Path:
    """Where the Atkinson Hyperlegible package keeps its four faces (OFL)."""
    import importlib.util

    spec = importlib.util.find_spec("fontpkg_atkinson_hyperlegible")
    if spec is None or not spec.submodule_search_locations:
        return RL_FONTS  # not installed: the brand check names the missing file
    return Path(next(iter(spec.submodule_search_locations))) / "files"


def find_font(name: str, root: Path) -> Path | None:
    """A font file from the project's fonts/ folder, one ReportLab ships, or Atkinson
    Hyperlegible's (for large print)."""
    folders = [root / "fonts", RL_FONTS]
    if name.startswith("AtkinsonHyperlegible"):
        folders.append(_atkinson())
    for folder in folders:
        candidate = (folder / name).resolve()
        if candidate.parent == folder.resolve() and candidate.is_file():
            return candidate
    return None


def register(fonts: Fonts, root: Path) -> str:
    """Register the brand's four faces and return the family name for styles."""
    try:
        seen = (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic, str(root),
                (root / "fonts").stat().st_mtime_ns)
    except OSError:
        seen = (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic, str(root), None)
    family = _looked_up.get(seen)  # every Theme asks; finding the files takes longer
    if family is not None and family == _svg_family[0]:
        return family
    family = _register_faces(fonts, root)
    _looked_up[seen] = family
    return family


def _register_faces(fonts: Fonts, root: Path) -> str:
    faces = {"regular": fonts.regular, "bold": fonts.bold, "italic": fonts.italic,
             "bold_italic": fonts.bold_italic}
    paths: dict[str, Path] = {}
    for face, name in faces.items():
        path = find_font(name, root)
        if path is None:
            raise ContentError.single("layouts/brand.yaml", None,
                                      f"font file '{name}' ({face}) was not found in fonts/; "
                                      "put the .ttf file there or use Vera.ttf")
        paths[face] = path
    key = tuple(str(paths[f]) for f in faces)
    family = _registered.get(key) or f"{FAMILY}{len(_registered)}"
    if family != _svg_family[0]:  # new, or another brand's fonts were registered since
        _register(family, paths)
    _registered[key] = family
    return family


def _register(family: str, paths: dict[str, Path]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for face, path in paths.items():
        try:
            pdfmetrics.registerFont(TTFont(f"{family}-{face}", str(path)))
        except (TTFError, OSError) as exc:
            raise ContentError.single("layouts/brand.yaml", None,
                                      f"font file '{path.name}' cannot be used ({exc}); use a "
                                      "TrueType (.ttf) font") from None
    for face in paths:
        _embed_once(pdfmetrics.getFont(f"{family}-{face}"))
    _map_family(family)
    _paths[family] = dict(paths)
    _svg_family[0] = family


def _map_family(family: str) -> None:
    """Let <b> and <i> in a paragraph find the family's bold and italic faces."""
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"),
                               (1, 1, "bold_italic")):
        addMapping(family, bold, italic, f"{family}-{face}")


def map_for_svg() -> None:
    """Before svglib converts a drawing: map the illustrations' label font ("Vera", see
    docs/illustration-style.md) to the brand's faces, so labels use the brand font and
    svglib never asks the system for one (the PDF is the same on any machine)."""
    family = _svg_family[0]
    if family is None or _svg_mapped[0] == family:
        return
    from svglib.fonts import register_font as register_for_svg

    for (face, path), (weight, style) in zip(_paths[family].items(), _SVG_FACES, strict=True):
        # the faces are registered with ReportLab already, which keeps the first it was
        # given under a name: svglib's call only records the mapping
        register_for_svg("Vera", str(path), weight, style, f"{family}-{face}")
    _map_family(family)  # ReportLab's registering maps each face as a family of its own
    _svg_mapped[0] = family


def svg_family() -> str | None:
    """The family the illustrations' labels are drawn in now (part of a drawing's identity)."""
    return _svg_family[0]


def prime(doc: object, chars: str = "") -> None:
    """Give each registered face the same first subset in *doc* as in every other document
    that is given the same *chars* (the project's characters beyond ASCII, and a client's).

    ReportLab numbers a font's characters in the order a document first uses them, so two
    PDFs of different text normally embed different subsets. Fixing the order makes the
    subsets byte-identical across handouts in any language, and the booklet can then store
    each face once. Characters beyond them still work: they are numbered as they come.
    """
    from reportlab.pdfbase import pdfmetrics

    for family in _registered.values():
        for face in FACES:
            pdfmetrics.getFont(f"{family}-{face}").splitString(SHARED_CHARS + chars, doc)


def _embed_once(font: object) -> None:
    """Make each distinct subset of *font* once per process, compressed once.

    Every handout gives a face the same first subset (see prime), so without this each of
    them cuts the same glyphs out of the font file and compresses them again, a fifth of
    writing a page. Falls back to ReportLab's own way if its internals ever differ.
    """
    from reportlab.pdfbase import pdfdoc

    face = getattr(font, "face", None)
    if face is None or getattr(face, "_handoutkit_once", False):
        return
    add, made = face.addSubsetObjects, {}

    def add_once(doc: pdfdoc.PDFDocument, name: str, subset: list[int]) -> object:
        ref = add(doc, name, subset)
        stream = getattr(doc, "idToObject", {}).get(f"fontFile:{face.filename}({name})")
        if doc.compression and isinstance(stream, pdfdoc.PDFStream) and stream.content:
            key = bytes(stream.content)
            if key not in made:
                made[key] = pdfdoc.PDFZCompress.encode(key)
            stream.content = made[key]  # what ReportLab would write, already compressed
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        return ref

    subset_of, cut = face.makeSubset, {}

    def make_once(subset: list[int]) -> bytes:
        key = tuple(subset)
        if key not in cut:
            cut[key] = subset_of(subset)
        return cut[key]

    face.addSubsetObjects, face.makeSubset, face._handoutkit_once = add_once, make_once, True
