"""exercises: one line per exercise of the library (every steps block of every handout)."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "exercises"
ORDER = 42
HELP = "list the exercises a home program can use"
DESCRIPTION = ("One line per exercise: its id (for a program's file), its name, and its dose. "
               "Every 'steps' block of every handout is an exercise.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)


def run(args: argparse.Namespace) -> int:
    """Print id, name and dose of each exercise, in booklet order."""
    from ...app.programs import exercises

    found = exercises(_shared.root(args), _shared.language(args))
    width = max((len(e.id) for e in found), default=4)
    for e in found:
        b = e.block
        dose = " \u00b7 ".join(v for v in (b.hold, b.repeat, b.how_often) if v)
        print(f"{e.id:<{width}}  {b.name}" + (f"  ({dose})" if dose else ""))
    return 0
