"""Watching the project: rebuild what changed whenever a file under handouts/, layouts/ or
images/ is saved.

Polls modification times (no extra package, works on every system). A saved handout
rebuilds only that handout; a change in layouts/ or images/ rebuilds them all. The booklet
is put together again from the handout files (cheap: nothing is laid out twice) whenever
every handout builds. Problems are reported and watching goes on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..press.request import Outputs, Request

FOLDERS = ("handouts", "layouts", "images")
HANDOUT_SUFFIXES = (".yaml", ".yml")
Snapshot = dict[Path, tuple[int, int]]
Say = Callable[[str], None]


@dataclass(frozen=True)
class Pace:
    """How often to look for saved files, and how long to wait for an editor's second write."""

    interval: float = 0.5
    settle: float = 0.15


def _ignored(path: Path) -> bool:
    """Editor droppings: hidden, backup, swap and temporary files."""
    name = path.name
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def snapshot(root: Path) -> Snapshot:
    """Modification time and size of every watched file."""
    found: Snapshot = {}
    for folder in FOLDERS:
        for path in (root / folder).rglob("*"):
            if _ignored(path):
                continue
            try:
                st = path.stat()
            except OSError:
                continue  # removed while we looked
            if path.is_file():
                found[path] = (st.st_mtime_ns, st.st_size)
    return found


def changed(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or saved between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def plan(root: Path, paths: set[Path]) -> list[str] | None:
    """Slugs of the handouts to rebuild for *paths*; None means every handout."""
    slugs: set[str] = set()
    for path in paths:
        folder = path.relative_to(root).parts[0]
        if folder in ("layouts", "images"):
            return None
        if path.suffix in HANDOUT_SUFFIXES and path.parent == root / "handouts" and path.is_file():
            slugs.add(path.stem)  # a removed handout has nothing to rebuild
    return sorted(slugs)


def rebuild(root: Path, out: Path, slugs: list[str] | None) -> tuple[list[str], list[str], bool]:
    """Rebuild *slugs* (None: all) and then the booklet; returns (slugs built, problem lines,
    whether the booklet was rebuilt). Never raises for content problems: one broken
    handout does not stop the others being built."""
    from ..press import pipeline
    from ..content.project import load
    from ..errors import ContentError, HandoutError

    problems: list[str] = []
    try:
        if slugs is None:
            project = load(root)
            problems += [str(p) for p in project.problems]
            slugs = [e.slug for e in project.entries]
    except ContentError as exc:
        return [], [str(p) for p in exc.problems], False
    except HandoutError as exc:
        return [], [str(exc)], False
    built: list[str] = []
    groups = [slugs] if slugs else []
    while groups:
        group = groups.pop(0)
        try:
            report = pipeline.build(Request(root=root, outputs=Outputs(folder=out),
                                                   handouts=tuple(group)))
            built += [h.slug for h in report.handouts if h.path is not None]
        except ContentError as exc:
            if len(group) > 1:  # find out which one: build the others regardless
                groups = [[s] for s in group] + groups
            else:
                problems += [str(p) for p in exc.problems]
        except HandoutError as exc:
            problems.append(str(exc))
    booklet = False
    if not problems:  # every handout is fresh now: the booklet only reassembles them
        try:
            whole = Request(root=root, outputs=Outputs(folder=out, booklet=out / "booklet.pdf"))
            booklet = not pipeline.build(whole).booklet_unchanged
        except ContentError as exc:
            problems += [str(p) for p in exc.problems]
        except HandoutError as exc:
            problems.append(str(exc))
    return built, problems, booklet


def watch_loop(req: Request, say: Say, *, pace: Pace = Pace(), stop: threading.Event | None = None,
               max_iterations: int | None = None, build_first: bool = True) -> None:
    """Build everything (unless not *build_first*), then poll every *pace.interval* seconds
    and rebuild what changed in *req*'s project, telling *say* each time, until *stop* is
    set or after *max_iterations* polls (both for tests; the command runs until Ctrl-C)."""
    stop = stop or threading.Event()
    root, out = req.root, req.outputs.folder
    interval, settle = pace.interval, pace.settle
    before = snapshot(root)
    if build_first:
        _report(root, out, None, "every handout", say)
    polls = 0
    while not stop.is_set() and (max_iterations is None or polls < max_iterations):
        polls += 1
        if stop.wait(interval):
            break
        now = snapshot(root)
        paths = changed(before, now)
        if not paths:
            continue
        stop.wait(settle)  # editors often save in two steps; take both
        now = snapshot(root)
        paths |= changed(before, now)
        before = now
        slugs = plan(root, paths)
        if slugs == []:
            continue  # e.g. a removed handout, or a file in handouts/ that is not one
        why = "every handout" if slugs is None else ", ".join(slugs)
        _report(root, out, slugs, why, say)


def _report(root: Path, out: Path, slugs: list[str] | None, what: str, say: Say) -> None:
    start = time.monotonic()
    try:
        built, problems, booklet = rebuild(root, out, slugs)
    except Exception as exc:  # a bug must not end the session; show it and keep watching
        built, problems, booklet = [], [f"unexpected error ({type(exc).__name__}: {exc}); "
                                        "please report it"], False
    took = time.monotonic() - start
    clock = time.strftime("%H:%M:%S")
    count = f"{len(built)} handout{'s' if len(built) != 1 else ''}" if slugs is None else \
        ", ".join(built) or "nothing"
    count += " and the booklet" if booklet else ""
    note = f"; {len(problems)} problem(s):" if problems else ""
    secs = f"{took:.2f} s" if took < 1 else f"{took:.1f} s"
    say(f"{clock} rebuilt {count} in {secs}{note}" if built or not problems
        else f"{clock} could not rebuild {what} ({secs}); {len(problems)} problem(s):")
    for line in problems:
        say(f"  {line}")
