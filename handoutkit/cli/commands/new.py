"""new: start a handout from a commented file that already builds to one page."""

from __future__ import annotations

import argparse
import sys

from .. import options as _shared

NAME = "new"
ORDER = 35
HELP = "start a new handout file in handouts/"
DESCRIPTION = ("Write handouts/SLUG.yaml: a commented starting file with example blocks that "
               "already builds to one page. Edit it, then run check and preview.")
CATEGORIES = ("anatomy", "condition", "muscle", "self-care", "story", "referral")  # as in model.py


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("slug", metavar="SLUG",
                   help="short name of the file: small letters, digits and hyphens, like 'hip-stretches'")
    p.add_argument("--title", required=True, help='the title printed on the page, like "Hip stretches"')
    p.add_argument("--category", default="anatomy", choices=CATEGORIES,
                   help="what kind of handout it is (default: anatomy)")


def run(args: argparse.Namespace) -> int:
    """Write the starting file; refuse a bad or existing name with one line."""
    from ...app.authoring import new
    from ...errors import OutputError, UsageError

    try:
        target = new(_shared.root(args), args.slug, args.title, args.category,
                     _shared.language(args))
    except UsageError as exc:
        print(f"make_handouts.py new: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return 1
    lang = "" if _shared.language(args) == "en" else f" --lang {_shared.language(args)}"
    print(f"wrote {_shared.show(target)}; edit it, then run 'python make_handouts.py check{lang}' "
          f"and 'python make_handouts.py preview {args.slug}{lang}'")
    return 0
