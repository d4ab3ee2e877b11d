"""Who a personalized handout is for (kept light: no template or PDF libraries)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from ..errors import UsageError


@dataclass(frozen=True)
class Client:
    """Who a personalized handout is for, and the day printed with their name (None: today).
    Data only: never parsed as markup or template."""

    name: str = ""
    note: str = ""
    day: _dt.date | None = None

    MAX_NAME = 80
    MAX_NOTE = 500

    @classmethod
    def checked(cls, name: str, note: str = "", day: _dt.date | None = None) -> Client:
        """A client from what was typed, or UsageError saying what to change."""
        name = " ".join(name.split())
        note = " ".join(note.split())
        if not name:
            raise UsageError("--for needs the client's name, e.g. --for \"Paul Rivera\"")
        if len(name) > cls.MAX_NAME:
            raise UsageError(f"the name is longer than {cls.MAX_NAME} characters; shorten it")
        if len(note) > cls.MAX_NOTE:
            raise UsageError(f"the note is longer than {cls.MAX_NOTE} characters; shorten it "
                             "so it fits on the page")
        return cls(name, note, day)

    def on(self, day: _dt.date) -> Client:
        """The same client with *day* as the date printed with their name."""
        return replace(self, day=day)
