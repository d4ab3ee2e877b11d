"""build: handout PDFs into out/handouts/."""

from __future__ import annotations

import argparse

from . import _shared

NAME = "build"
ORDER = 10
HELP = "build handout PDFs into out/handouts/"
DESCRIPTION = "Build handout PDFs (all, or the ones named) into out/handouts/."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to build (default: all)")
    _shared.out_option(p)
    _shared.personal_options(p)
    _shared.force_option(p)
    p.add_argument("--clients", metavar="FILE.csv", default=argparse.SUPPRESS,
                   help="make them for every client in a CSV file with the header row "
                        "name,note,date (note and date may be left out)")
    p.add_argument("--jobs", metavar="N", type=int, default=argparse.SUPPRESS,
                   help="with --clients: how many processes to use (default: every core)")


def run(args: argparse.Namespace) -> int:
    """Build the handouts asked for."""
    from .. import pipeline
    from ..progress import ProgressBar

    if getattr(args, "clients", None):
        return _run_batch(args)

    with ProgressBar() as bar:
        report = pipeline.build(_shared.root(args), _shared.out_dir(args), args.slugs or None,
                                **_shared.personal(args), progress=bar,
                                force=getattr(args, "force", False))
    _shared.print_build(report)
    return 0


def run_all(args: argparse.Namespace) -> int:
    """Build every handout and the booklet (what running with no command does)."""
    from .. import pipeline
    from ..progress import ProgressBar

    out = _shared.out_dir(args)
    with ProgressBar() as bar:
        report = pipeline.build(_shared.root(args), out, booklet_path=out / "booklet.pdf",
                                progress=bar, force=getattr(args, "force", False))
    _shared.print_build(report)
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    """--clients: every client's handouts, spread over the cores."""
    import sys
    from pathlib import Path

    from ..batch import build_batch, read_clients
    from ..errors import UsageError
    from ..progress import ProgressBar

    if getattr(args, "client", None) or getattr(args, "note", None):
        raise UsageError("use either --for NAME or --clients FILE.csv, not both")
    path = Path(args.clients).expanduser()
    rows = read_clients(path, args.clients)
    with ProgressBar() as bar:
        report = build_batch(_shared.root(args), _shared.out_dir(args), args.slugs or None, rows,
                             args.clients, jobs=getattr(args, "jobs", None),
                             grayscale=bool(getattr(args, "grayscale", False)), progress=bar)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    made = report.clients - len({p.line for p in report.problems})
    print(f"built {len(report.files)} file(s) for {made} client(s) in "
          f"{_shared.show(_shared.out_dir(args) / 'clients')}")
    return 1 if report.problems else 0
