"""The brand (layouts/brand.yaml) and page layouts (layouts/*.yaml): who the practice is and
how its pages look. Part of the content model, like model.py; imports no ReportLab."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .model import Colour, FileName, Short, Strict, Text

LARGE_PRINT_BODY = 15.0  # pt: large print's designed body text (the fitting may go to 14)


class Practice(Strict):
    """The practice as it appears on every page."""

    name: Short
    tagline: Short | None = None
    city: Short | None = None
    phone: Short
    email: Short | None = None
    website: Short
    booking_url: Short


class Therapist(Strict):
    """The therapist's name and credentials."""

    name: Short
    credentials: Short | None = None


class Colours(Strict):
    """Brand colours as #RRGGBB."""

    primary: Colour = "#1F5F66"
    accent: Colour = "#A94236"
    text: Colour = "#26343A"
    muted: Colour = "#5B6B70"
    tint: Colour = "#E6F0F1"
    caution: Colour = "#FFF4DC"
    doctor: Colour = "#FBE3DD"


class Fonts(Strict):
    """TrueType files, looked up in fonts/ under the root, then among ReportLab's own."""

    regular: FileName = "Vera.ttf"
    bold: FileName = "VeraBd.ttf"
    italic: FileName = "VeraIt.ttf"
    bold_italic: FileName = "VeraBI.ttf"


# Large print's faces unless the brand names its own: Atkinson Hyperlegible, designed by
# the Braille Institute for low-vision readers (OFL; the fontpkg-atkinson-hyperlegible package).
ATKINSON = Fonts(regular="AtkinsonHyperlegible-Regular.ttf", bold="AtkinsonHyperlegible-Bold.ttf",
                 italic="AtkinsonHyperlegible-Italic.ttf",
                 bold_italic="AtkinsonHyperlegible-BoldItalic.ttf")


class BookletInfo(Strict):
    """Words for the booklet's cover."""

    title: Short = "Your Low Back"
    subtitle: Short | None = None
    keywords: list[Short] = Field(default=[])


class Smtp(Strict):
    """The outgoing mail server the email command sends through. The password is never
    stored here: it is read from the environment variable named in password_env."""

    host: Short
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: Short | None = None
    password_env: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,100}$")] = \
        "HANDOUTKIT_SMTP_PASSWORD"
    from_address: Short | None = None
    # the mail provider chosen on the Practice view (fills host, port and security)
    provider: Literal["gmail", "outlook", "icloud", "yahoo", "fastmail", "other"] | None = None


class Translation(Strict):
    """The brand's words in another language (layouts/brand.yaml, under languages:)."""

    language: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")]  # for the PDF, like es-US
    tagline: Short | None = None
    disclaimer: Text | None = None
    booklet: BookletInfo | None = None


class Brand(Strict):
    """layouts/brand.yaml: who the practice is and how its pages look."""

    practice: Practice
    therapist: Therapist
    colours: Colours = Colours()
    fonts: Fonts = Fonts()
    # the faces for large print; none given: Atkinson Hyperlegible (Braille Institute)
    large_print_fonts: Fonts | None = None
    logo: FileName
    disclaimer: Text
    default_layout: Short = "two-column"
    language: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en-US"
    placeholders: list[Literal["phone", "email", "website", "booking_url"]] = Field(default=[])
    booklet: BookletInfo = BookletInfo()
    smtp: Smtp | None = None
    languages: dict[Annotated[str, Field(pattern=r"^[a-z]{2}$")], Translation] = Field(default={})

    def in_language(self, code: str) -> Brand:
        """The brand with its words in the language *code* ("es"), as far as it gives them;
        the English stands in for what it does not give."""
        t = self.languages.get(code)
        if t is None:
            return self.model_copy(update={"language": code})
        practice = self.practice.model_copy(update={"tagline": t.tagline or self.practice.tagline})
        return self.model_copy(update={"language": t.language, "practice": practice,
                                       "disclaimer": t.disclaimer or self.disclaimer,
                                       "booklet": t.booklet or self.booklet})


class Margins(Strict):
    """Page margins in inches; text never comes closer than 0.4 in to the paper edge."""

    top: Annotated[float, Field(ge=0.4, le=3)] = 0.5
    bottom: Annotated[float, Field(ge=0.4, le=3)] = 0.5
    left: Annotated[float, Field(ge=0.4, le=3)] = 0.7
    right: Annotated[float, Field(ge=0.4, le=3)] = 0.7


class Layout(Strict):
    """A page layout in layouts/: paper, margins, header band, footer and columns."""

    name: Short
    paper: Literal["letter", "a4"] = "letter"
    margins: Margins = Margins()
    columns: Literal[1, 2] = 2
    gutter: Annotated[float, Field(ge=0.1, le=1.5)] = 0.3
    header_height: Annotated[float, Field(ge=0.8, le=3)] = 1.25
    footer_height: Annotated[float, Field(ge=0.4, le=1.5)] = 0.6
    band: bool = True
    body_size: Annotated[float, Field(ge=9.5, le=14)] = 11.0
    # Large print: body text 14 pt or more in one column, everything else scaled to match,
    # and a handout may use both sides of a sheet. Set by --large-print (for_large_print).
    large_print: bool = False

    def for_large_print(self) -> Layout:
        """This layout in large print: 15 pt body text (never under 14 pt), set in one
        column (the theme's columns; the layout keeps its own to size pictures by)."""
        if self.large_print:
            return self
        return self.model_copy(update={"large_print": True, "body_size": LARGE_PRINT_BODY})
