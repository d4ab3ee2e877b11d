"""Nothing saved is ever lost: every change to a project file keeps what it replaces.

Each file of the project (a handout, layouts/brand.yaml, a picture) has its own folder of
kept versions under the project's `versions/` folder, at the file's own relative path:
`versions/handouts/psoas.yaml/20261208T005300123456Z-save.yaml` is psoas.yaml as it was
before a save at that moment (UTC). The name says when and why (save, restore, delete,
replace); the content is the file's bytes exactly. Nothing is ever pruned.

`keep_then_write` and `keep_then_delete` are the one way any front door changes a project
file: the old bytes are written atomically into versions/ first (a file name found there
is always complete), and only then is the new file put in place atomically (or the old one
removed). Killed at any moment, the project holds the old file or the new one, and once
the new one is there the old one is kept. versions/ is outside handouts/, layouts/ and
images/, so nothing there is ever read as a handout or put in a booklet.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from .outputs import write_atomic

FOLDER = "versions"
REASONS = ("save", "restore", "delete", "replace")
_NAME = re.compile(r"^(\d{8}T\d{12}Z)-([a-z]+)(\.[A-Za-z0-9]+)?$")


@dataclass(frozen=True)
class Kept:
    """One kept version of a file: its id, when it was replaced, why, and where it is."""

    version: str  # like 20261208T005300123456Z-save
    when: _dt.datetime
    reason: str
    path: Path

    @property
    def size(self) -> int:
        """Its length in bytes."""
        return self.path.stat().st_size


def store(root: Path, path: Path) -> Path:
    """The folder of *path*'s kept versions (*path* is a file inside *root*)."""
    rel = path.resolve().relative_to(root.resolve())
    return root.resolve() / FOLDER / rel


def _stamp(moment: _dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def keep(root: Path, path: Path, reason: str = "save") -> Kept | None:
    """Copy *path*'s bytes into its versions folder (atomically); None when there is no
    file to keep."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{path.name}: cannot be read to keep it ({exc.strerror})") from None
    folder = store(root, path)
    moment = _dt.datetime.now(_dt.UTC)
    name = f"{_stamp(moment)}-{reason}{path.suffix}"
    while (folder / name).exists():  # two changes in one microsecond
        moment += _dt.timedelta(microseconds=1)
        name = f"{_stamp(moment)}-{reason}{path.suffix}"
    write_atomic(folder / name, data)
    return Kept(name.removesuffix(path.suffix), moment, reason, folder / name)


def keep_then_write(root: Path, path: Path, data: bytes, reason: str = "save") -> Kept | None:
    """Replace *path* with *data*, keeping what it held first (nothing is kept for a new
    file, and nothing is written when the bytes are the same). Returns what was kept."""
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return None
    kept = keep(root, path, reason)
    write_atomic(path, data)
    return kept


def keep_then_delete(root: Path, path: Path, reason: str = "delete") -> Kept | None:
    """Remove *path*, keeping it first. Returns what was kept (None: there was no file)."""
    kept = keep(root, path, reason)
    if kept is not None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"{path.name}: cannot be removed ({exc.strerror})") from None
    return kept


def history(root: Path, path: Path) -> list[Kept]:
    """Every kept version of *path*, newest first (an empty list when there is none)."""
    folder = store(root, path)
    found = []
    try:
        names = [e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    for name in names:
        match = _NAME.match(name)
        if match is None or match.group(2) not in REASONS:
            continue  # a temporary file left by a killed save, or something else
        when = _dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=_dt.UTC)
        found.append(Kept(name.removesuffix(match.group(3) or ""), when, match.group(2),
                          folder / name))
    return sorted(found, key=lambda k: k.version, reverse=True)


def find(root: Path, path: Path, version: str) -> Kept | None:
    """The kept version of *path* called *version* (looked up, never used as a path)."""
    return next((k for k in history(root, path) if k.version == version), None)


def gone(root: Path, folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files of *folder* (one level) that have kept versions but are no longer there:
    what was deleted, as the paths they had."""
    kept = store(root, folder)
    try:
        names = sorted(e.name for e in os.scandir(kept) if e.is_dir(follow_symlinks=False))
    except OSError:
        return []
    return [folder / n for n in names
            if n.endswith(suffixes) and not (folder / n).exists() and history(root, folder / n)]


def changed_lines(old: bytes, new: bytes | None) -> int:
    """How many lines differ between two texts: the larger of those added and those
    removed (a line edited in place counts once)."""
    a = old.decode("utf-8", "replace").splitlines()
    b = (new or b"").decode("utf-8", "replace").splitlines()
    diff = [line for line in difflib.unified_diff(a, b, lineterm="", n=0)
            if not line.startswith(("+++", "---"))]
    return max(sum(1 for d in diff if d[:1] == "+"), sum(1 for d in diff if d[:1] == "-"))


def summaries(root: Path, path: Path, text: bool = True) -> list[tuple[Kept, str]]:
    """Every kept version of *path*, newest first, with a few words on it: what changed
    against the version before it, and what replaced it."""
    kept = history(root, path)
    out = []
    for i, k in enumerate(kept):
        then = {"save": "replaced by a save", "restore": "replaced by a restore",
                "delete": "then deleted", "replace": "replaced by a new file"}[k.reason]
        if i + 1 == len(kept):
            what = "the oldest version kept"
        elif not text:
            what = "a picture"
        else:
            n = changed_lines(kept[i + 1].path.read_bytes(), k.path.read_bytes())
            what = f"{n} line{'s' if n != 1 else ''} changed"
        out.append((k, f"{what}; {then}"))
    return out
