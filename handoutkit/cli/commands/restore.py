"""restore: put a kept version of a handout back, or bring a deleted one back."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "restore"
ORDER = 38
HELP = "restore a kept version of a handout, or a deleted handout"
DESCRIPTION = ("Put a version listed by 'versions SLUG' back. What the file holds now is kept "
               "first, so a restore can be undone the same way. With --deleted, bring a "
               "deleted handout back as it was.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("slug", metavar="SLUG", help="the handout, like psoas")
    p.add_argument("version", metavar="VERSION", nargs="?",
                   help="a version 'versions SLUG' lists")
    p.add_argument("--deleted", action="store_true", help="bring a deleted handout back")


def run(args: argparse.Namespace) -> int:
    """Restore and say what was done."""
    from ...app import versions
    from ...errors import UsageError

    root, lang = _shared.root(args), _shared.language(args)
    if args.deleted == bool(args.version):
        raise UsageError("give either a VERSION (see 'make_handouts.py versions "
                         f"{args.slug}') or --deleted")
    if args.deleted:
        versions.restore_deleted(root, args.slug, lang)
        print(f"brought {args.slug} back")
        return 0
    path = versions.handout_path(root, args.slug, lang)
    now = versions.version_of(path.read_bytes()) if path.is_file() else None
    versions.restore(root, path, args.version, now)
    print(f"restored {args.slug} to {args.version}; what it held is kept (see "
          f"'make_handouts.py versions {args.slug}')")
    return 0
