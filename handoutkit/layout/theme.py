"""Brand and layout turned into what ReportLab needs: colours, paragraph styles, page geometry.

A Theme is made for one type scale; the one-page fitting makes several and keeps the
first that fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..content import charset
from ..content.markup import to_markup
from ..content.settings import ATKINSON, Brand, Layout
from ..content.words import Words, words
from . import fonts
from .glyphs import with_fallbacks
from .pictures import LEAST_LABEL, to_grey

BODY_FLOOR = 9.5  # pt: the smallest body text we will print
LARGE_PRINT_FLOOR = 14.0  # pt: ... and in large print
LARGE_PRINT_LEAST = 12.0  # pt: no printed character in large print is smaller
LEAST_SPACE = 0.7  # large print: the smallest share of its designed spacing and pictures
REGULAR_BODY = 10.5  # pt: the body size the page's other sizes were designed around
MAX_MEASURE_CHARS = 75
_SAMPLE = ("The psoas connects the front of your low back to the top of your thigh bone. "
           "When it is tight, it can pull your pelvis forward.")


@dataclass
class Theme:
    """Everything a block builder needs to know about how the page looks."""

    brand: Brand
    layout: Layout
    root: Path
    scale: float = 1.0
    grayscale: bool = False  # toner-light printing: greys, no filled bands or tints
    family: str = field(init=False)
    styles: dict[str, ParagraphStyle] = field(init=False)

    def __post_init__(self) -> None:
        faces = self.brand.fonts
        if self.layout.large_print:
            faces = self.brand.large_print_fonts or ATKINSON
        self.family = fonts.register(faces, self.root)
        self.styles = self._styles()

    @property
    def language(self) -> str:
        """The page's language code ("en", "es"), from the brand as the project gives it."""
        return self.brand.language.split("-")[0]

    @property
    def shared_characters(self) -> str:
        """The characters beyond ASCII every page of this project numbers first in each
        font, in this order (fonts.prime): the project's own, and its language's months."""
        return charset.characters(self.root) + self.words.month_characters()

    @property
    def words(self) -> Words:
        """The page's own words (Prepared for, Reviewed, Hold, ...) in its language."""
        return words(self.root, self.language)

    # -- colours ---------------------------------------------------------------------------
    def colour(self, name: str) -> colors.Color:
        """A brand colour by name (primary, accent, text, muted, tint, caution, doctor)."""
        value = colors.HexColor(getattr(self.brand.colours, name))
        return to_grey(value) if self.grayscale else value  # type: ignore[return-value]

    def fill(self, name: str) -> colors.Color | None:
        """A background tint, or None when printing toner-light (tints become outlines)."""
        return None if self.grayscale else self.colour(name)

    # -- type ------------------------------------------------------------------------------
    @property
    def body_size(self) -> float:
        """Body text size in points at this scale (never under the floor)."""
        return max(body_floor(self.layout), self.layout.body_size * self.scale)

    @property
    def magnify(self) -> float:
        """How much larger than designed the page's fixed sizes are (titles, footer,
        spacing): 1 for standard pages, about 1.4 in large print."""
        return self.layout.body_size / REGULAR_BODY if self.layout.large_print else 1.0

    def font(self, face: str = "regular") -> str:
        """Registered font name for a face: regular, bold, italic, bold_italic."""
        return f"{self.family}-{face}"

    def markup(self, text: str, *, widow: bool = True) -> str:
        """Content text as safe paragraph markup, with fallback fonts for characters the
        brand font lacks (raises glyphs.MissingGlyphError when no font has one)."""
        return with_fallbacks(to_markup(text, widow=widow), self.font(), self.root)

    @property
    def trim_scale(self) -> float:
        """How much larger the page's own trim (title, footer, the client's line) is than
        designed: grown less than the body text in large print, so the words get the room."""
        return self.magnify ** 0.5

    @property
    def least(self) -> float:
        """The smallest size the page's own text (not its pictures' labels) may print at:
        7 pt, or 12 pt in large print."""
        return LARGE_PRINT_LEAST if self.layout.large_print else LEAST_LABEL

    @property
    def spacing(self) -> float:
        """How much of its designed spacing the page keeps: the scale, but never under
        LEAST_SPACE in large print, where a smaller scale makes room from the pictures'
        labels instead (least_label)."""
        return max(self.scale, LEAST_SPACE) if self.layout.large_print else self.scale

    @property
    def least_label(self) -> float:
        """The smallest size a picture's label may print at: 7 pt; 12 pt in large print,
        unless even the tightest spacing cannot fit the sheet: then pictures grow less,
        stepping their labels down with the scale under LEAST_SPACE (to 7 pt at the least)."""
        if not self.layout.large_print:
            return LEAST_LABEL
        return max(LEAST_LABEL, LARGE_PRINT_LEAST * min(1.0, self.scale / LEAST_SPACE))

    def trim(self, size: float) -> float:
        """How much a piece of the page's trim designed at *size* pt grows (multiply its size
        and leading by this): 1 on standard pages; trim_scale in large print, or more where
        that would leave it under 12 pt."""
        if not self.layout.large_print:
            return 1.0
        return max(self.trim_scale, LARGE_PRINT_LEAST / size)

    def legible(self, size: float) -> float:
        """A fixed size of the booklet's own pages as printed: *size* on standard pages, at
        least 12 pt in large print."""
        return max(size, self.least) if self.layout.large_print else size

    def space(self, points: float) -> float:
        """A vertical space, shrunk with the type (and grown with large print)."""
        return points * self.spacing * self.magnify

    def _styles(self) -> dict[str, ParagraphStyle]:
        size = self.body_size
        lead = size * 1.32
        text = self.colour("text")
        base = ParagraphStyle("body", fontName=self.font(), fontSize=size, leading=lead,
                              textColor=text, alignment=TA_LEFT, spaceAfter=self.space(5),
                              allowOrphans=0, allowWidows=0, hyphenationLang=None)
        def derive(name: str, **kw: object) -> ParagraphStyle:
            return ParagraphStyle(name, parent=base, **kw)
        return {
            "body": base,
            "h1": derive("h1", fontName=self.font("bold"), fontSize=size * 1.3,
                         leading=size * 1.6, textColor=self.colour("primary"),
                         spaceBefore=self.space(7), spaceAfter=self.space(3), keepWithNext=1),
            "h2": derive("h2", fontName=self.font("bold"), fontSize=size * 1.08,
                         leading=size * 1.4, textColor=self.colour("primary"),
                         spaceBefore=self.space(5), spaceAfter=self.space(2), keepWithNext=1),
            "item": derive("item", spaceAfter=self.space(2)),
            "caption": derive("caption", fontName=self.font("italic"), fontSize=size * 0.86,
                              leading=size * 1.1, textColor=self.colour("muted"),
                              spaceBefore=self.space(2)),
            "box_title": derive("box_title", fontName=self.font("bold"), fontSize=size * 1.05,
                                leading=size * 1.35, spaceAfter=self.space(2)),
            "small": derive("small", fontSize=size * 0.88, leading=size * 1.15, spaceAfter=0),
            "fact_label": derive("fact_label", fontName=self.font("bold"), spaceAfter=0),
            "fact_value": derive("fact_value", spaceAfter=0),
        }

    # -- page geometry ---------------------------------------------------------------------
    @property
    def page_size(self) -> tuple[float, float]:
        """Paper size in points."""
        return LETTER if self.layout.paper == "letter" else A4

    @property
    def content_box(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the area between margins (header and footer included)."""
        w, h = self.page_size
        m = self.layout.margins
        return (m.left * inch, m.bottom * inch, w - (m.left + m.right) * inch,
                h - (m.top + m.bottom) * inch)

    @property
    def columns(self) -> int:
        """How many text columns the page has: the layout's, or one in large print."""
        return 1 if self.layout.large_print else self.layout.columns

    @property
    def picture_share(self) -> float:
        """How much of a picture's designed width it gets: in large print, its standard
        column's width grown as much as the type (not the whole wider column), and shrunk
        with the spacing when the handout needs the room."""
        if not self.layout.large_print:
            return 1.0
        _, _, width, _ = self.content_box
        standard = (width - self.layout.gutter * inch) / self.layout.columns \
            if self.layout.columns > 1 else width * 0.75
        return min(1.0, standard * self.magnify * self.spacing / self.column_width())

    def column_width(self) -> float:
        """Width of one text column at this scale."""
        _, _, width, _ = self.content_box
        cols = self.columns
        if cols == 1:
            # measured at the designed type size: when the type shrinks to fit, the lines
            # keep their length (a few more letters each), so the room gained is not lost
            # to wider margins, and pictures in columns keep their width (and labels their size)
            designed = max(body_floor(self.layout), self.layout.body_size)
            measure = MAX_MEASURE_CHARS * stringWidth(_SAMPLE, self.font(), designed) / len(_SAMPLE)
            return min(width, measure)
        return (width - self.layout.gutter * inch) / cols


def body_floor(layout: Layout) -> float:
    """The smallest body text *layout* may print: 9.5 pt, or 14 pt in large print."""
    return LARGE_PRINT_FLOOR if layout.large_print else BODY_FLOOR


def label_scales() -> list[float]:
    """Large print, past its tightest spacing (LEAST_SPACE): the scales that step the
    pictures' labels down from 12 pt, half a point at a time, to 7 pt (Theme.least_label)."""
    steps = int((LARGE_PRINT_LEAST - LEAST_LABEL) * 2)
    return [LEAST_SPACE * (LARGE_PRINT_LEAST - k / 2) / LARGE_PRINT_LEAST for k in range(1, steps + 1)]
