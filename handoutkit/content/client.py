"""Who a personalized handout is for (kept light: no template or PDF libraries)."""

from __future__ import annotations

import datetime as _dt
import unicodedata
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
        if any(c in name for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
            raise UsageError("the name must be one line: take out the line break")
        for what, text in (("name", name), ("note", note)):
            odd = next((c for c in text if unicodedata.category(c) == "Cc" and not c.isspace()), None)
            if odd is not None:
                raise UsageError(f"the {what} holds a control character (U+{ord(odd):04X}); "
                                 "type it as plain text")
        name = " ".join(name.split())
        note = " ".join(note.split())  # a note typed over several lines prints as one paragraph
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
