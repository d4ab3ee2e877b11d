"""booklet: the handouts merged into one PDF with cover, contents and bookmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import _shared

NAME = "booklet"
ORDER = 20
HELP = "build the booklet PDF"
DESCRIPTION = ("Merge handouts (all, or the ones named) into a booklet with a cover, contents, "
               "bookmarks and a back page.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to include (default: all)")
    p.add_argument("--out", metavar="FILE", default=argparse.SUPPRESS,
                   help="booklet file (default: out/booklet.pdf)")


def run(args: argparse.Namespace) -> int:
    """Build the booklet."""
    from .. import pipeline

    root = _shared.root(args)
    out = getattr(args, "out", None)
    target = Path(out).expanduser() if out else root / "out" / "booklet.pdf"
    _shared.print_build(pipeline.build(root, target.parent, args.slugs or None, handouts=False,
                                       booklet_path=target))
    return 0
