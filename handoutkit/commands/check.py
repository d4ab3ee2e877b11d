"""check: validate everything and report every problem."""

from __future__ import annotations

import argparse
import sys

from . import _shared

NAME = "check"
ORDER = 30
HELP = "check every file and report all problems"
DESCRIPTION = ("Check every handout, layout and image; report every problem, the reading grade "
               "and whether each handout fits one page.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command (none beyond --root)."""


def run(args: argparse.Namespace) -> int:
    """Print per-handout facts, warnings and errors; exit 1 when there are errors."""
    from ..checking import check

    report = check(_shared.root(args))
    for item in report.items:
        fit = "does not fit" if item.scale is None else \
            "fits" if item.scale >= 0.999 else f"fits with type at {item.scale:.0%}"
        print(f"{item.slug}: {item.words} words, reading grade {item.grade:.1f}, {fit}")
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in report.errors:
        print(e, file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"All {len(report.items)} handouts are fine.")
    return 0
