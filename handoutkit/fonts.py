"""TrueType fonts: found, registered once per run, embedded as subsets by ReportLab."""

from __future__ import annotations

from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import ContentError
from .model import Fonts

RL_FONTS = Path(reportlab.__file__).parent / "fonts"
FAMILY = "Brand"
_registered: dict[tuple[str, ...], str] = {}


def find_font(name: str, root: Path) -> Path | None:
    """A font file from the project's fonts/ folder, or one ReportLab ships."""
    for folder in (root / "fonts", RL_FONTS):
        candidate = (folder / name).resolve()
        if candidate.parent == folder.resolve() and candidate.is_file():
            return candidate
    return None


def register(fonts: Fonts, root: Path) -> str:
    """Register the brand's four faces and return the family name for styles."""
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
    if key in _registered:
        return _registered[key]
    family = f"{FAMILY}{len(_registered)}"
    for face, path in paths.items():
        try:
            pdfmetrics.registerFont(TTFont(f"{family}-{face}", str(path)))
        except (TTFError, OSError) as exc:
            raise ContentError.single("layouts/brand.yaml", None,
                                      f"font file '{path.name}' cannot be used ({exc})") from None
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"),
                               (1, 1, "bold_italic")):
        addMapping(family, bold, italic, f"{family}-{face}")
    _register_for_svg(family)
    _registered[key] = family
    return family


def _register_for_svg(family: str) -> None:
    # Illustrations name their label font "Vera"; pointing svglib at the registered faces
    # means it never searches the system for a font (and the labels match the page).
    from svglib.fonts import register_font

    for svg_name in ("Vera", "Bitstream Vera Sans", "sans-serif"):
        register_font(svg_name, rlgFontName=f"{family}-regular")
        register_font(svg_name, weight="bold", rlgFontName=f"{family}-bold")
        register_font(svg_name, style="italic", rlgFontName=f"{family}-italic")
        register_font(svg_name, weight="bold", style="italic", rlgFontName=f"{family}-bold_italic")
