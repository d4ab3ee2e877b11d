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
    _shared.personal_options(p)
    _shared.force_option(p)


def run(args: argparse.Namespace) -> int:
    """Build the handouts asked for."""
    from .. import pipeline
    from ..progress import ProgressBar

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
