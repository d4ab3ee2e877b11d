"""versions: what every save of a handout replaced, newest first."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "versions"
ORDER = 37
HELP = "list the kept versions of a handout"
DESCRIPTION = ("Every save, restore and delete keeps what it replaced in versions/. One line "
               "per kept version, newest first: its name (give it to 'restore'), when, its "
               "size and what changed. 'versions --deleted' lists the deleted handouts.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("slug", metavar="SLUG", nargs="?", help="the handout, like psoas")
    p.add_argument("--deleted", action="store_true", help="list the deleted handouts instead")


def run(args: argparse.Namespace) -> int:
    """Print one line per kept version (or per deleted handout)."""
    from ...app import versions
    from ...errors import UsageError

    root, lang = _shared.root(args), _shared.language(args)
    if args.deleted:
        for d in versions.deleted_handouts(root, lang):
            print(f"{d.slug}  \"{d.title}\"  deleted {d.kept.when}; bring it back with "
                  f"'make_handouts.py restore {d.slug} --deleted'")
        return 0
    if not args.slug:
        raise UsageError("name the handout, like 'make_handouts.py versions psoas'")
    found = versions.listing(root, versions.handout_path(root, args.slug, lang))
    if not found:
        print(f"no versions of {args.slug} kept yet: one is kept each time it is saved")
    for v in found:
        print(f"{v.version}  {v.when}  {v.bytes:>6} bytes  {v.summary}")
    return 0
