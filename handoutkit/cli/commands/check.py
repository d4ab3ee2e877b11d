"""check: validate everything and report every problem."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .. import options as _shared

NAME = "check"
ORDER = 30
HELP = "check every file and report all problems"
DESCRIPTION = ("Check every handout, layout and image; report every problem, the reading grade, "
               "word count, how full each page is, how level its columns are, its smallest "
               "picture label, pictures without captions or alt text, "
               "unused images, unfilled placeholders and hard-to-read brand colours. "
               "Warnings do not fail the check; errors do (exit status 1).")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("--json", action="store_true",
                   help="print the report as JSON on standard output (for scripts)")


def describe(item: Any) -> str:
    """One line about a handout: words, reading grade, fit and how full the page is."""
    full = "" if item.fullness is None else f"{item.fullness:.0%}"
    if item.scale is None:
        fit = f"does not fit ({full} of the page at the designed size)"
    elif item.shrunk:
        fit = f"fits with type at {item.scale:.0%} ({full} of the page at the designed size)"
    else:
        fit = f"fits, {full} of the page used"
    extra = ""
    if item.uneven is not None:
        extra += f", columns level within {item.uneven:.0%}"
    if item.pictures:
        extra += f", {item.described} of {item.pictures} pictures described (alt text)"
    if item.label is not None:
        extra += f", smallest picture label {item.label:.1f} pt"
    reading = f"reading grade {item.grade:.1f}" if item.grade is not None else \
        f"reading ease {item.ease:.0f} (Fernández-Huerta)"
    return f"{item.slug}: {item.words} words, {reading}, {fit}{extra}"


def run(args: argparse.Namespace) -> int:
    """Print per-handout facts, warnings and errors; exit 1 when there are errors."""
    from ...app.authoring import check

    report = check(_shared.root(args), _shared.language(args))
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return 0 if report.ok else 1
    for item in report.items:
        print(describe(item))
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in report.errors:
        print(e, file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"All {len(report.items)} handouts are fine.")
    return 0
