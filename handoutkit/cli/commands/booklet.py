"""booklet: the handouts merged into one PDF with cover, contents and bookmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import options as _shared

NAME = "booklet"
ORDER = 20
WARNS_PLACEHOLDERS = True  # one line on stderr while the practice has placeholders
HELP = "build the booklet PDF"
DESCRIPTION = ("Merge handouts (all, or the ones named) into a booklet with a cover, contents, "
               "bookmarks and a back page.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to include (default: all)")
    p.add_argument("--out", metavar="FILE", default=argparse.SUPPRESS,
                   help="booklet file (default: out/booklet.pdf; for a client, in their folder)")
    p.add_argument("--imposed", action="store_true",
                   help="also write a fold-and-staple version (booklet-imposed.pdf): print it "
                        "double-sided, flip on the short edge, fold and staple")
    p.add_argument("--sheet", choices=("tabloid", "a3", "letter", "a4"), default=argparse.SUPPRESS,
                   help="paper for the fold-and-staple version (default: the sheet that holds "
                        "two pages at full size: tabloid for letter pages, A3 for A4)")
    _shared.personal_options(p)
    _shared.force_option(p)


def run(args: argparse.Namespace) -> int:
    """Build the booklet."""
    from ...app import making

    out = getattr(args, "out", None)
    target = Path(out).expanduser() if out else None
    from dataclasses import replace

    from ...errors import UsageError

    sheet = getattr(args, "sheet", None)
    if sheet and not args.imposed:
        raise UsageError("--sheet goes with --imposed (it is the paper of the fold-and-staple booklet)")
    req = _shared.request(args, out_is_folder=False)  # here --out names the booklet's file
    req = req.but(outputs=replace(req.outputs, sheet=sheet))
    report = making.booklet(req, target, imposed=args.imposed)
    _shared.print_build(report)
    note = making.imposed_print_size(req, report)
    if note:
        print(f"note: {note}")
    missing = [] if req.handouts else making.untranslated(req.root, req.language)
    if missing:
        print(f"note: the '{req.language}' booklet leaves out {', '.join(missing)} "
              "(not translated yet)")
    return 0
