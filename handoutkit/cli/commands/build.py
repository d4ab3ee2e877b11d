"""build: handout PDFs into out/handouts/."""

from __future__ import annotations

import argparse
import sys

from .. import options as _shared

NAME = "build"
ORDER = 10
WARNS_PLACEHOLDERS = True  # one line on stderr while the practice has placeholders
HELP = "build handout PDFs into out/handouts/"
DESCRIPTION = "Build handout PDFs (all, or the ones named) into out/handouts/."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
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
    from ...app import making
    from ..progress import ProgressBar

    if getattr(args, "clients", None):
        return _run_batch(args)
    with ProgressBar() as bar:
        report = making.build(_shared.request(args), bar)
    _shared.print_build(report)
    return 0


def run_all(args: argparse.Namespace) -> int:
    """Build every handout and the booklet (what running with no command does)."""
    from ...app import making
    from ..progress import ProgressBar

    with ProgressBar() as bar:
        made = making.everything(_shared.request(args), bar)
    for one in made:
        _shared.print_build(one.report)
        if one.untranslated:
            print(f"note: the '{one.language}' booklet leaves out {', '.join(one.untranslated)} "
                  "(not translated yet)")
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    """--clients: every client's handouts, spread over the cores."""
    from ...app import making
    from ...errors import UsageError
    from ..progress import ProgressBar

    if getattr(args, "client", None) or getattr(args, "note", None):
        raise UsageError("use either --for NAME or --clients FILE.csv, not both")
    req = _shared.request(args, jobs=getattr(args, "jobs", None))
    with ProgressBar() as bar:
        report = making.batch(req, args.clients, bar)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    made = report.clients - len({p.line for p in report.problems})
    print(f"built {len(report.files)} file(s) for {made} client(s) in "
          f"{_shared.show(req.outputs.folder / 'clients')}")
    return 1 if report.problems else 0
