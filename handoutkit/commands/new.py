"""new: start a handout from a commented file that already builds to one page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import _shared

NAME = "new"
ORDER = 35
HELP = "start a new handout file in handouts/"
DESCRIPTION = ("Write handouts/SLUG.yaml: a commented starting file with example blocks that "
               "already builds to one page. Edit it, then run check and preview.")
CATEGORIES = ("anatomy", "condition", "muscle", "self-care", "story", "referral")  # as in model.py


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("slug", metavar="SLUG",
                   help="short name of the file: small letters, digits and hyphens, like 'hip-stretches'")
    p.add_argument("--title", required=True, help='the title printed on the page, like "Hip stretches"')
    p.add_argument("--category", default="anatomy", choices=CATEGORIES,
                   help="what kind of handout it is (default: anatomy)")


def _problem(args: argparse.Namespace) -> str | None:
    from ..project import SLUG

    if not SLUG.match(args.slug):
        return (f"'{args.slug}' cannot be a handout name; use only small letters, digits and "
                "hyphens, like 'hip-stretches'")
    title = args.title.strip()
    if not title or len(title) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in title):
        return "the --title must be one line of 1 to 200 characters"
    return None


def next_order(folder: Path) -> int:
    """One more than the highest 'order' in the handout files (the first free one if full)."""
    from ..errors import ContentError
    from ..yamlload import load_yaml_file

    used: set[int] = set()
    for path in sorted(folder.glob("*.y*ml")):
        try:
            data = load_yaml_file(path, path.name).data
        except ContentError:
            continue  # check will report that file; it cannot hold a usable order anyway
        order = data.get("order") if isinstance(data, dict) else None
        if isinstance(order, int) and not isinstance(order, bool):
            used.add(order)
    candidate = max(used, default=0) + 1
    if candidate <= 999:
        return candidate
    return next((n for n in range(1, 1000) if n not in used), 999)


def run(args: argparse.Namespace) -> int:
    """Write the starting file; refuse a bad or existing name with one line."""
    import datetime as _dt

    from ..pipeline import source_date
    from ._template import handout_text

    problem = _problem(args)
    if problem:
        print(f"make_handouts.py new: {problem}", file=sys.stderr)
        return 2
    folder = _shared.root(args) / "handouts"
    if not folder.is_dir():
        print(f"{_shared.show(folder)}: there is no handouts/ folder here; run the command in the "
              "handouts project or use --root", file=sys.stderr)
        return 1
    existing = [p for p in (folder / f"{args.slug}.yaml", folder / f"{args.slug}.yml") if p.exists()]
    if existing:
        print(f"{_shared.show(existing[0])} already exists; choose another name, or edit that file",
              file=sys.stderr)
        return 1
    target = folder / f"{args.slug}.yaml"
    reviewed = (source_date() or _dt.date.today()).isoformat()
    text = handout_text(args.slug, args.title.strip(), args.category, next_order(folder), reviewed)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as fh:  # never overwrites
            fh.write(text)
    except FileExistsError:
        print(f"{_shared.show(target)} already exists; choose another name, or edit that file",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{_shared.show(target)}: cannot be written ({exc.strerror})", file=sys.stderr)
        return 1
    print(f"wrote {_shared.show(target)}; edit it, then run 'python make_handouts.py check' and "
          f"'python make_handouts.py preview {args.slug}'")
    return 0
