"""The JSON bodies the desk's API takes (pydantic; unknown fields are refused)."""

from __future__ import annotations

import datetime as _dt

from pydantic import BaseModel, ConfigDict, Field

MAX_SLUGS = 100


class Body(BaseModel):
    """Every body: no fields beyond those listed."""

    model_config = ConfigDict(extra="forbid")


class ClientIn(Body):
    """Who the handouts are for."""

    name: str = Field(max_length=1000)
    note: str | None = Field(default=None, max_length=10_000)
    date: _dt.date | None = None


class PdfIn(Body):
    """Which handouts, for whom, how."""

    slugs: list[str] = Field(min_length=1, max_length=MAX_SLUGS)
    client: ClientIn | None = None
    lang: str | None = Field(default=None, max_length=20)
    grayscale: bool = False
    large_print: bool = False
    booklet: bool = False


class PrintIn(PdfIn):
    """A print: the printer (None: the default one) and how many copies."""

    printer: str | None = Field(default=None, max_length=200)
    copies: int = 1


class EmailIn(PdfIn):
    """An email: to whom, a message, and whether to send it now or answer with the draft."""

    to: str = Field(max_length=1000)
    message: str | None = Field(default=None, max_length=20_000)
    send: bool = False


class SourceIn(Body):
    """A handout's new text and the version it was opened at."""

    yaml: str
    version: str = Field(max_length=64)
    lang: str | None = Field(default=None, max_length=20)


class PreviewIn(Body):
    """Unsaved text to draw as handout *slug*."""

    slug: str = Field(max_length=200)
    yaml: str
    lang: str | None = Field(default=None, max_length=20)


class NewIn(Body):
    """A new handout, as `new` starts it."""

    slug: str = Field(max_length=200)
    title: str = Field(max_length=1000)
    category: str = Field(default="anatomy", max_length=50)


# -- programs (a client's home program: api_program.py) ------------------------------------


class ExerciseIn(Body):
    """One exercise of a program and this client's doses (empty: the exercise's own)."""

    id: str = Field(max_length=200)
    hold: str | None = Field(default=None, max_length=1000)
    repeat: str | None = Field(default=None, max_length=1000)
    how_often: str | None = Field(default=None, max_length=1000)
    note: str | None = Field(default=None, max_length=1000)


class ProgramIn(Body):
    """A home program: for whom, in which language, its title and exercises in order."""

    client: ClientIn
    lang: str | None = Field(default=None, max_length=20)
    title: str | None = Field(default=None, max_length=1000)
    exercises: list[ExerciseIn] = Field(max_length=MAX_SLUGS)
    large_print: bool = False
    grayscale: bool = False
    save: bool = False


class ProgramPrintIn(PrintIn):
    """A print of handouts, a program, or both."""

    slugs: list[str] = Field(default_factory=list, max_length=MAX_SLUGS)
    program: ProgramIn | None = None


class ProgramEmailIn(EmailIn):
    """An email of handouts, a program, or both."""

    slugs: list[str] = Field(default_factory=list, max_length=MAX_SLUGS)
    program: ProgramIn | None = None
