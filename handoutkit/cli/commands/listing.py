"""list: one line per handout."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "list"
ORDER = 40
HELP = "list the handouts"
DESCRIPTION = "One line per handout: slug, title, category."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)


def run(args: argparse.Namespace) -> int:
    """Print slug, title and category of each handout, in booklet order."""
    from ...app.authoring import list_handouts

    handouts = list_handouts(_shared.root(args), _shared.language(args))
    width = max((len(h.slug) for h in handouts), default=4)
    for h in handouts:
        print(f"{h.slug:<{width}}  {h.title}  [{h.category}]")
    return 0
