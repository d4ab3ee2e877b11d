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

from .. import options as _shared

NAME = "watch"
KEEPS_RUNNING = True  # runs until stopped: collects its cycles as usual (main.run)
ORDER = 28
HELP = "rebuild handouts whenever you save a file"
DESCRIPTION = ("Build every handout and the booklet, then watch handouts/, layouts/ and images/: "
               "saving a handout rebuilds it; saving a layout, the brand or a picture rebuilds "
               "them all. The booklet follows whenever every handout builds. Stop with Ctrl-C.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder (default: out/ in the root)")
    p.add_argument("--interval", type=float, default=0.5, metavar="SECONDS",
                   help="how often to look for saved files (default: 0.5)")


def run(args: argparse.Namespace) -> int:
    """Watch until Ctrl-C, then exit quietly with status 0."""
    root = _shared.root(args)
    problem = _shared.no_project_here(root)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from ...app.watching import FOLDERS, Pace, watch_loop

    print(f"watching {', '.join(f + '/' for f in FOLDERS)} in {_shared.show(root)}; "
          "press Ctrl-C to stop", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how you stop: no fuss
        watch_loop(_shared.request(args), lambda line: print(line, flush=True),
                   pace=Pace(interval=max(0.05, args.interval)))
    return 0
