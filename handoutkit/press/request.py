"""What the therapist asked for: one request that every front door makes and the build takes."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content.client import Client

Progress = Callable[[int, int, str], None]  # (done, total, what) after each laid-out file


@dataclass(frozen=True, kw_only=True)
class Options:
    """How to build: toner-light or not, and the build's own switches."""

    grayscale: bool = False  # no colour bands or tints, for a home laser printer
    large_print: bool = False  # body text 14 pt or more; a handout may take both sides
    force: bool = False  # rebuild even what is up to date
    remember: bool = True  # keep the build record (False: a batch of one-off copies)
    jobs: int | None = None  # processes to lay out on (default: one per core)


@dataclass(frozen=True, kw_only=True)
class Outputs:
    """What to produce, and where."""

    folder: Path  # the output folder: the lock, the build record, handouts/ and clients/
    handouts: bool = True  # each handout's own PDF
    booklet: Path | None = None  # one booklet of them all, with cover and contents
    imposed: Path | None = None  # the booklet's fold-and-staple version
    sheet: str | None = None  # its paper (pdf.impose.SHEETS); None: two pages at full size


@dataclass(frozen=True, kw_only=True)
class Request:
    """Which handouts (None: all), for which client, in which language, how, and what to make."""

    root: Path  # the project folder: handouts/, layouts/, images/
    outputs: Outputs
    handouts: tuple[str, ...] | None = None
    client: Client | None = None
    language: str = "en"
    options: Options = field(default_factory=Options)

    @property
    def slugs(self) -> list[str] | None:
        """The handouts asked for, as a list, or None for all."""
        return list(self.handouts) if self.handouts else None

    @property
    def day(self) -> _dt.date | None:
        """The date printed with the client's name (None without a client)."""
        return self.client.day if self.client else None

    def but(self, **changes: object) -> Request:
        """A copy with *changes* (request fields, or `grayscale`, `force`, ... of its options)."""
        option_names = Options.__dataclass_fields__.keys()
        opts = {k: changes.pop(k) for k in list(changes) if k in option_names}
        if opts:
            changes["options"] = replace(self.options, **opts)
        return replace(self, **changes)  # type: ignore[arg-type]
