"""watch: rebuild handouts whenever a file under handouts/, layouts/ or images/ is saved.

Polls modification times (no extra package, works on every system). A saved handout
rebuilds only that handout; a change in layouts/ or images/ rebuilds them all. The booklet
is put together again from the handout files (cheap: nothing is laid out twice) whenever
every handout builds. One line per
rebuild with the time it took; problems are shown and watching goes on. Ctrl-C stops.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from . import _shared

NAME = "watch"
ORDER = 28
HELP = "rebuild handouts whenever you save a file"
DESCRIPTION = ("Build every handout and the booklet, then watch handouts/, layouts/ and images/: "
               "saving a handout rebuilds it; saving a layout, the brand or a picture rebuilds "
               "them all. The booklet follows whenever every handout builds. Stop with Ctrl-C.")
FOLDERS = ("handouts", "layouts", "images")
HANDOUT_SUFFIXES = (".yaml", ".yml")
Snapshot = dict[Path, tuple[int, int]]
Say = Callable[[str], None]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder (default: out/ in the root)")
    p.add_argument("--interval", type=float, default=0.5, metavar="SECONDS",
                   help="how often to look for saved files (default: 0.5)")


def run(args: argparse.Namespace) -> int:
    """Watch until Ctrl-C, then exit quietly with status 0."""
    root, out = _shared.root(args), _shared.out_dir(args)
    missing = [f for f in ("handouts", "layouts") if not (root / f).is_dir()]
    if missing:
        print(f"{_shared.show(root)}: there is no {missing[0]}/ folder here; run the command in "
              "the handouts project or use --root", file=sys.stderr)
        return 1
    print(f"watching {', '.join(f + '/' for f in FOLDERS)} in {_shared.show(root)}; "
          "press Ctrl-C to stop", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how you stop: no fuss
        watch_loop(root, out, interval=max(0.05, args.interval))
    return 0


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
    from .. import pipeline
    from ..errors import ContentError, HandoutError

    problems: list[str] = []
    try:
        if slugs is None:
            project = pipeline.load(root)
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
            report = pipeline.build(root, out, group)
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
            booklet = not pipeline.build(root, out, booklet_path=out / "booklet.pdf").booklet_unchanged
        except ContentError as exc:
            problems += [str(p) for p in exc.problems]
        except HandoutError as exc:
            problems.append(str(exc))
    return built, problems, booklet


def watch_loop(root: Path, out: Path, *, interval: float = 0.5, settle: float = 0.15,
               stop: threading.Event | None = None, max_iterations: int | None = None,
               say: Say = lambda line: print(line, flush=True), build_first: bool = True) -> None:
    """Poll every *interval* seconds and rebuild what changed, until *stop* is set or after
    *max_iterations* polls (both for tests; the command runs until Ctrl-C)."""
    stop = stop or threading.Event()
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
