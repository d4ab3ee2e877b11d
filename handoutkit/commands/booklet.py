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
                   help="booklet file (default: out/booklet.pdf; for a client, in their folder)")
    p.add_argument("--imposed", action="store_true",
                   help="also write a fold-and-staple version (booklet-imposed.pdf): print it "
                        "double-sided, flip on the short edge, fold and staple")
    _shared.personal_options(p)
    _shared.force_option(p)


def run(args: argparse.Namespace) -> int:
    """Build the booklet."""
    from .. import pipeline

    root = _shared.root(args)
    options = _shared.personal(args)
    out = getattr(args, "out", None)
    if out:
        target = Path(out).expanduser()
    else:
        from ..naming import booklet_path
        from ..pipeline import load

        target = booklet_path(root / "out", load(root).brand, options["client"],
                              grayscale=options["grayscale"])
    imposed = target.with_name(f"{target.stem}-imposed.pdf") if args.imposed else None
    out_dir = target.parent if out else root / "out"  # the lock lives in the output folder
    report = pipeline.build(root, out_dir, args.slugs or None, handouts=False,
                            booklet_path=target, imposed_path=imposed, **options,
                            force=getattr(args, "force", False))
    _shared.print_build(report)
    return 0
