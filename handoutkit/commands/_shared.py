"""Options and output helpers shared by the commands."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

DEFAULT_ROOT = Path(__file__).resolve().parent.parent.parent


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name."""
    # SUPPRESS keeps a subcommand's unset option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="folder holding handouts/, layouts/ and images/ (default: this project)")
    return common


def root(args: argparse.Namespace) -> Path:
    """The project folder the command works on."""
    return Path(getattr(args, "root", DEFAULT_ROOT)).expanduser()



def out_dir(args: argparse.Namespace) -> Path:
    """The output folder: --out, or out/ in the root."""
    out = getattr(args, "out", None)
    return Path(out).expanduser() if out else root(args) / "out"


def show(path: Path) -> str:
    """A path as short as it can be shown."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def print_build(report: Any) -> None:
    """One line per file a build wrote, and one for all it could leave as they were."""
    same = 0
    for h in report.handouts:
        if h.path is None:
            continue
        if h.unchanged:
            same += 1
            continue
        note = f" (type made smaller, {h.scale:.0%}, to fit one page)" if h.shrunk else ""
        print(f"built {show(h.path)}{note}")
    if report.booklet and report.booklet_unchanged:
        same += 1
    elif report.booklet:
        print(f"built {show(report.booklet)} ({report.booklet_pages} pages)")
    if getattr(report, "imposed", None):
        print(f"built {show(report.imposed)} (print double-sided, flip on the short edge, "
              "fold and staple)")
    if same:
        print(f"{same} file(s) already up to date (nothing they depend on changed; "
              "--force rebuilds them)")


def force_option(p: argparse.ArgumentParser) -> None:
    """--force: rebuild even what is up to date."""
    p.add_argument("--force", action="store_true", default=argparse.SUPPRESS,
                   help="rebuild everything, even files whose inputs have not changed")


def personal_options(p: argparse.ArgumentParser) -> None:
    """--for, --note, --date and --grayscale, shared by build, booklet, print and email."""
    p.add_argument("--for", dest="client", metavar="NAME", default=argparse.SUPPRESS,
                   help='make it for this client: "Prepared for NAME" on every page')
    p.add_argument("--note", metavar="TEXT", default=argparse.SUPPRESS,
                   help='a note from the session, shown in a "From your session" box')
    p.add_argument("--date", metavar="YYYY-MM-DD", type=_date, default=argparse.SUPPRESS,
                   help="the date printed with the client's name (default: today)")
    p.add_argument("--grayscale", action="store_true", default=argparse.SUPPRESS,
                   help="toner-light version for a home laser printer (no colour bands or tints)")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-25") from None


def personal(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for pipeline.build from the personal options."""
    from ..client import Client
    from ..errors import UsageError

    name, note = getattr(args, "client", None), getattr(args, "note", None)
    if note is not None and name is None:
        raise UsageError("--note goes with --for NAME (the note is for a client)")
    client = Client.checked(name, note or "") if name is not None else None
    return {"client": client, "day": getattr(args, "date", None) if client else None,
            "grayscale": bool(getattr(args, "grayscale", False))}


def out_option(p: argparse.ArgumentParser) -> None:
    """--out DIR, the output folder."""
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder (default: out/ in the root)")


def build_to_deliver(args: argparse.Namespace, options: dict[str, Any], brand: Any) -> Any:
    """Build what print and email hand over: the handouts, or one booklet of them (for a
    client in their folder, otherwise booklet-selection.pdf: never over the full booklet)."""
    from .. import pipeline

    project, out = root(args), out_dir(args)
    if not args.booklet:
        return pipeline.build(project, out, args.slugs, **options)
    client = options["client"]
    grey = "-grayscale" if options["grayscale"] else ""
    target = (pipeline.personal_booklet_path(out, client, brand, grayscale=options["grayscale"])
              if client else out / f"booklet-selection{grey}.pdf")
    return pipeline.build(project, out, args.slugs, handouts=False, booklet_path=target,
                          **options)
