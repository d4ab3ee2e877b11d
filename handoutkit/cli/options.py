"""Options and output helpers shared by the commands."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from ..errors import show_path

DEFAULT_ROOT = Path(__file__).resolve().parents[2]


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
    return show_path(path)


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
    p.add_argument("--large-print", action="store_true", default=argparse.SUPPRESS,
                   help="large print: body text 14 pt or more, in Atkinson Hyperlegible; a "
                        "handout may then use both sides of a sheet")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-25") from None


def client(args: argparse.Namespace) -> Any:
    """The client of --for, --note and --date (None without --for), checked."""
    from ..app.making import client as checked

    name = getattr(args, "client", None)
    return checked(name, getattr(args, "note", None), getattr(args, "date", None) if name else None)


def request(args: argparse.Namespace, *, who: Any = None, jobs: int | None = None,
            out_is_folder: bool = True) -> Any:
    """The Request the command line asks for: --root, --out (when it names the output
    folder), the handouts named, the client (*who*, or from --for), --grayscale, --force."""
    from ..app.making import request as make
    from ..press.request import Options

    out = getattr(args, "out", None) if out_is_folder else None
    options = Options(grayscale=bool(getattr(args, "grayscale", False)),
                      large_print=bool(getattr(args, "large_print", False)),
                      force=bool(getattr(args, "force", False)), jobs=jobs)
    req = make(root(args), Path(out).expanduser() if out else None,
               handouts=getattr(args, "slugs", None) or None,
               client=who if who is not None else client(args), options=options)
    return req.but(language=language(args))


def no_project_here(root: Path) -> str | None:
    """Why *root* is not a handouts project (no handouts/ or layouts/ folder), or None."""
    missing = [f for f in ("handouts", "layouts") if not (root / f).is_dir()]
    if not missing:
        return None
    return (f"{show(root)}: there is no {missing[0]}/ folder here; run the command in the "
            "handouts project or use --root")


def language_option(p: argparse.ArgumentParser) -> None:
    """--lang CODE: the handouts' language (en, or a folder handouts/CODE/)."""
    p.add_argument("--lang", metavar="CODE", default=argparse.SUPPRESS,
                   help="the handouts' language: en (the default), or es for the Spanish ones "
                        "in handouts/es/")


def language(args: argparse.Namespace) -> str:
    """The language asked for with --lang (English by default), checked."""
    from ..app.making import check_language

    return check_language(root(args), getattr(args, "lang", None))


def out_option(p: argparse.ArgumentParser) -> None:
    """--out DIR, the output folder."""
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder (default: out/ in the root)")


def warn_placeholders(args: argparse.Namespace) -> None:
    """One line on stderr naming the practice's details that are still placeholders (the
    fictional phone number and addresses print on the page); nothing when there are none."""
    import sys

    from ..app.placeholders import placeholder_warning

    line = placeholder_warning(root(args))
    if line:
        print(line, file=sys.stderr, flush=True)
