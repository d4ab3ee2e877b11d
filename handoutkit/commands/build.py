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
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder (default: out/ in the root)")


def run(args: argparse.Namespace) -> int:
    """Build the handouts asked for."""
    from .. import pipeline

    _shared.print_build(pipeline.build(_shared.root(args), _shared.out_dir(args), args.slugs or None))
    return 0


def run_all(args: argparse.Namespace) -> int:
    """Build every handout and the booklet (what running with no command does)."""
    from .. import pipeline

    out = _shared.out_dir(args)
    _shared.print_build(pipeline.build(_shared.root(args), out, booklet_path=out / "booklet.pdf"))
    return 0
