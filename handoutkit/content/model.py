"""The content model: what a handout, the brand and a page layout may contain.

This is the one source of truth for validation and for the JSON Schema editors use.
It imports no ReportLab: rendering reads these objects, never the other way round.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Annotated, Literal

# The tool uses no pydantic plugins; looking for them scans every installed package
# (a fifth of the start-up of a build). Documented switch; a user's own setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

# Text must hold something besides spaces (strip_whitespace before the length check).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
FileName = Annotated[str, Field(min_length=1, max_length=200)]
Items = Annotated[list[Text], Field(min_length=1, max_length=40)]
# An exercise's id in the library: 'stretches/knee-to-chest' (small letters, digits, hyphens)
ExerciseId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,60}(/[a-z0-9][a-z0-9-]{0,60})?$")]

CATEGORIES = ("anatomy", "condition", "muscle", "self-care", "story", "referral")


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- blocks ---------------------------------------------------------------------------------


class Heading(Strict):
    """A section heading."""

    type: Literal["heading"]
    text: Short
    level: Literal[1, 2] = 1


class TextBlock(Strict):
    """One or more paragraphs, separated by a blank line."""

    type: Literal["text"]
    text: Text


class Bullets(Strict):
    """A bulleted list."""

    type: Literal["bullets"]
    items: Items


class Numbered(Strict):
    """A numbered list."""

    type: Literal["numbered"]
    items: Items


class Image(Strict):
    """A picture from images/, scaled to a share of the column with its aspect kept."""

    type: Literal["image"]
    file: FileName
    alt: Text
    width: Annotated[float, Field(ge=0.2, le=1.0)] = 1.0
    align: Literal["left", "centre", "center", "right"] = "centre"
    caption: Text | None = None


class Callout(Strict):
    """A tinted box: a tip, a caution, or when to see a doctor."""

    type: Literal["callout"]
    style: Literal["tip", "caution", "see-your-doctor"]
    title: Short | None = None
    text: Text | None = None
    items: Items | None = None


class Steps(Strict):
    """A self-care exercise: how to do it, how long, how often, and when to stop."""

    type: Literal["steps"]
    id: ExerciseId | None = None  # its id in the exercise library (default: handout/name)
    name: Short
    steps: Items
    image: FileName | None = None
    alt: Text | None = None
    hold: Short | None = None
    repeat: Short | None = None
    how_often: Short | None = None
    stop_if: Text | None = None
    # editors say so too: a picture needs its alt text
    model_config = ConfigDict(extra="forbid", frozen=True,
                              json_schema_extra={"dependentRequired": {"image": ["alt"]}})

    @model_validator(mode="after")
    def _described(self) -> Steps:
        """A picture without alt text would reach a screen reader as nothing."""
        if self.image and not self.alt:
            raise PydanticCustomError("alt_missing", "a picture needs alt text")
        return self


class FactRow(Strict):
    """One row of a facts box."""

    label: Short
    value: Text


class Facts(Strict):
    """A two-column box of labels and values."""

    type: Literal["facts"]
    title: Short | None = None
    rows: Annotated[list[FactRow], Field(min_length=1, max_length=30)]


class Story(Strict):
    """A short case story about a (first-named) client."""

    type: Literal["story"]
    name: Short
    title: Short | None = None
    text: Text


class Qr(Strict):
    """A web address shown as a QR code with a label, e.g. online booking."""

    type: Literal["qr"]
    url: Annotated[str, Field(min_length=1, max_length=500)]
    label: Short
    size: Annotated[float, Field(ge=0.8, le=2.0)] = 1.1


SimpleBlock = Annotated[
    Heading | TextBlock | Bullets | Numbered | Image | Callout | Steps | Facts | Story | Qr,
    Field(discriminator="type"),
]


class Columns(Strict):
    """Two columns side by side, each holding other blocks."""

    type: Literal["columns"]
    left: Annotated[list[SimpleBlock], Field(min_length=1)]
    right: Annotated[list[SimpleBlock], Field(min_length=1)]


Block = Annotated[
    Heading | TextBlock | Bullets | Numbered | Image | Callout | Steps | Facts | Story | Qr | Columns,
    Field(discriminator="type"),
]
BLOCK_TYPES = ("heading", "text", "bullets", "numbered", "image", "callout", "steps", "facts",
               "story", "columns", "qr")


class Handout(Strict):
    """One handout file: exactly one printed page."""

    title: Short
    subtitle: Short | None = None
    category: Literal["anatomy", "condition", "muscle", "self-care", "story", "referral"]
    order: Annotated[int, Field(ge=1, le=999, strict=True)]  # strict: 'yes' is not 1
    reviewed: _dt.date
    layout: Short | None = None
    blocks: Annotated[list[Block], Field(min_length=1, max_length=80)]
