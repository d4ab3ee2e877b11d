"""The command line: the only place that prints and picks exit codes.

Exit status: 0 success, 1 content or build problems, 2 wrong usage.
Heavy modules (ReportLab, pypdf) are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ContentError, HandoutError, OutputError

DEFAULT_ROOT = Path(__file__).resolve().parent.parent


def _root(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "root", DEFAULT_ROOT)).expanduser()


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    root = _root(args)
    out = Path(args.out).expanduser() if getattr(args, "out", None) else root / "out"
    return root, out


def cmd_all(args: argparse.Namespace) -> int:
    """Build every handout and the booklet (what running with no command does)."""
    from . import pipeline

    root, out = _paths(args)
    report = pipeline.build(root, out, handouts=True, booklet_path=out / "booklet.pdf")
    _print_build(report)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build handout PDFs."""
    from . import pipeline

    root, out = _paths(args)
    _print_build(pipeline.build(root, out, args.slugs or None))
    return 0


def cmd_booklet(args: argparse.Namespace) -> int:
    """Build the booklet."""
    from . import pipeline

    root = _root(args)
    target = Path(args.out).expanduser() if getattr(args, "out", None) else root / "out" / "booklet.pdf"
    report = pipeline.build(root, target.parent, args.slugs or None, handouts=False,
                            booklet_path=target)
    _print_build(report)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate everything and report every problem."""
    from . import pipeline

    report = pipeline.check(_root(args))
    for item in report.items:
        fit = "does not fit" if item.scale is None else \
            "fits" if item.scale >= 0.999 else f"fits with type at {item.scale:.0%}"
        print(f"{item.slug}: {item.words} words, reading grade {item.grade:.1f}, {fit}")
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in report.errors:
        print(e, file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"All {len(report.items)} handouts are fine.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """One line per handout: slug, title, category."""
    from . import pipeline

    project = pipeline.load(_root(args))
    project.select(None)  # a broken file is reported, not silently left out of the list
    width = max((len(e.slug) for e in project.entries), default=4)
    for e in project.entries:
        print(f"{e.slug:<{width}}  {e.handout.title}  [{e.handout.category}]")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas editors use to schema/."""
    from .outputs import write_atomic
    from .schema import schemas

    folder = _root(args) / "schema"
    for name, text in schemas().items():
        write_atomic(folder / name, text.encode())
        print(f"wrote {_show(folder / name)}")
    return 0


def _print_build(report: object) -> None:
    for h in report.handouts:  # type: ignore[attr-defined]
        if h.path is None:
            continue
        note = f" (type made smaller, {h.scale:.0%}, to fit one page)" if h.shrunk else ""
        print(f"built {_show(h.path)}{note}")
    if report.booklet:  # type: ignore[attr-defined]
        print(f"built {_show(report.booklet)} ({report.booklet_pages} pages)")  # type: ignore[attr-defined]


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    # Options may come before or after the command; SUPPRESS keeps a subcommand's
    # unset option from overwriting the one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="folder holding handouts/, layouts/ and images/ (default: this project)")
    top = argparse.ArgumentParser(
        prog="make_handouts.py", parents=[common],
        description="Branded one-page client handouts and a booklet, from YAML files. "
                    "With no command: build every handout and the booklet into out/.")
    top.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                     help="output folder (default: out/ in the root)")
    top.set_defaults(func=cmd_all)
    sub = top.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("build", parents=[common], help="build handout PDFs into out/handouts/",
                       description="Build handout PDFs (all, or the ones named) into out/handouts/.")
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to build (default: all)")
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder (default: out/ in the root)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("booklet", parents=[common], help="build the booklet PDF",
                       description="Merge handouts (all, or the ones named) into a booklet with a "
                                   "cover, contents, bookmarks and a back page.")
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to include (default: all)")
    p.add_argument("--out", metavar="FILE", default=argparse.SUPPRESS,
                   help="booklet file (default: out/booklet.pdf)")
    p.set_defaults(func=cmd_booklet)

    p = sub.add_parser("check", parents=[common], help="check every file and report all problems",
                       description="Check every handout, layout and image; report every problem, "
                                   "the reading grade and whether each handout fits one page.")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("list", parents=[common], help="list the handouts",
                       description="One line per handout: slug, title, category.")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("schema", parents=[common], help="write JSON Schemas for editors to schema/",
                       description="Write JSON Schemas for handout, brand and layout files to "
                                   "schema/, so editors can autocomplete and flag mistakes.")
    p.set_defaults(func=cmd_schema)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return 1
    except HandoutError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped; no files were changed by the interrupted step", file=sys.stderr)
        return 130
