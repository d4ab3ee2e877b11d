"""list: one line per handout."""

from __future__ import annotations

import argparse

from . import _shared

NAME = "list"
ORDER = 40
HELP = "list the handouts"
DESCRIPTION = "One line per handout: slug, title, category."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command (none beyond --root)."""


def run(args: argparse.Namespace) -> int:
    """Print slug, title and category of each handout, in booklet order."""
    from .. import pipeline

    project = pipeline.load(_shared.root(args))
    project.select(None)  # a broken file is reported, not silently left out of the list
    width = max((len(e.slug) for e in project.entries), default=4)
    for e in project.entries:
        print(f"{e.slug:<{width}}  {e.handout.title}  [{e.handout.category}]")
    return 0
