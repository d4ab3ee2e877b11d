"""What was given to whom: an append-only delivery log, one JSON object a line.

The log lives in the output folder (out/delivery-log.jsonl), readable by its owner only,
because it is the one place that keeps clients' names beside what they were given. Each
record is written with a single write to a file opened for appending, under an exclusive
lock, so two deliveries at once never interleave their lines.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: O_APPEND alone keeps each single write whole
    fcntl = None  # type: ignore[assignment]

from ..errors import OutputError

LOG_NAME = "delivery-log.jsonl"
VERSION = 1


@dataclass(frozen=True)
class Given:
    """One handout that was delivered, with its version (the reviewed date)."""

    slug: str
    title: str
    reviewed: str | None = None  # ISO date


@dataclass(frozen=True)
class Delivery:
    """One print or email: when, for whom, what, and how."""

    when: _dt.datetime
    client: str | None
    how: str  # "print", "email" or "email-draft"
    to: str  # printer name, email address or draft file
    handouts: list[Given] = field(default_factory=list)
    booklet: bool = False
    copies: int = 1
    program: dict[str, Any] | None = None  # a home program: {"title", "exercises": [...]}

    def describe(self) -> str:
        """How it was delivered, in words: 'printed on Office (2 copies)'."""
        form = " as a booklet" if self.booklet else ""
        if self.how == "print":
            copies = f" ({self.copies} copies)" if self.copies > 1 else ""
            return f"printed{form} on {self.to}{copies}"
        if self.how == "email-draft":
            return f"email draft written{form}, for {self.to}"
        return f"emailed{form} to {self.to}"


def log_path(out_dir: Path) -> Path:
    """Where the delivery log of an output folder is."""
    return out_dir / LOG_NAME


def record(out_dir: Path, delivery: Delivery) -> Path:
    """Append *delivery* to the log in *out_dir*; returns the log's path."""
    path = log_path(out_dir)
    row: dict[str, Any] = {
        "v": VERSION,
        "when": delivery.when.isoformat(timespec="seconds"),
        "client": delivery.client,
        "how": delivery.how,
        "to": delivery.to,
        "booklet": delivery.booklet,
        "copies": delivery.copies,
        "handouts": [{"slug": g.slug, "title": g.title, "reviewed": g.reviewed}
                     for g in delivery.handouts],
    }
    if delivery.program is not None:
        row["program"] = delivery.program
    line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise OutputError(f"{path}: cannot record the delivery ({exc.strerror})") from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        view = memoryview(line)
        while view:  # one write in practice; the lock keeps a rare short write whole
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError as exc:
        raise OutputError(f"{path}: cannot record the delivery ({exc.strerror})") from None
    finally:
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    return path


def same_client(a: str | None, b: str) -> bool:
    """True when two spellings name the same client (case and spacing ignored)."""
    return a is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def read(out_dir: Path, client: str | None = None) -> tuple[list[Delivery], int]:
    """Deliveries in the log, newest first (only *client*'s when given), and how many
    lines could not be read (a damaged line is skipped, never fatal)."""
    path = log_path(out_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    except OSError as exc:
        raise OutputError(f"{path}: cannot be read ({exc.strerror})") from None
    found: list[Delivery] = []
    damaged = 0
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            d = _parse(json.loads(line))
        except (ValueError, TypeError, KeyError, AttributeError):
            damaged += 1
            continue
        if client is None or same_client(d.client, client):
            found.append(d)
    found.reverse()  # appended in time order, so the last line is the newest
    return found, damaged


def _parse(row: dict[str, Any]) -> Delivery:
    return Delivery(
        when=_dt.datetime.fromisoformat(row["when"]),
        client=None if row.get("client") is None else str(row["client"]),
        how=str(row["how"]),
        to=str(row.get("to", "")),
        handouts=[Given(str(h["slug"]), str(h.get("title") or h["slug"]),
                        None if h.get("reviewed") is None else str(h["reviewed"]))
                  for h in row.get("handouts", [])],
        booklet=bool(row.get("booklet", False)),
        copies=int(row.get("copies", 1)),
        program=row["program"] if isinstance(row.get("program"), dict) else None,
    )


def printable(text: str) -> str:
    """*text* safe for a terminal: control characters (escape sequences) shown as '?'."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "?", text)
