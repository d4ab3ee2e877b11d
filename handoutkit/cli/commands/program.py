"""program: a client's own home program from a small YAML file (docs/format.md)."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "program"
ORDER = 58
HELP = "make a client's home program: chosen exercises, their doses, one page"
DESCRIPTION = ("Build a home program from FILE.yaml: the exercises it lists (ids from the "
               "exercises command), in its order, with this client's doses. It is written to "
               "the client's folder, out/clients/<name>/, as 'Home program - for NAME.pdf'.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("file", metavar="FILE.yaml", help="the program: its exercises and doses")
    p.add_argument("--save", action="store_true",
                   help="also keep it for the client, so the desk can start from it next time")
    _shared.out_option(p)
    _shared.personal_options(p)


def program_of(args: argparse.Namespace, file: str) -> object:
    """The Program of *file*, with --for, --note, --date, --lang, --large-print and
    --grayscale given on the command line taking the place of the file's."""
    from pathlib import Path

    from ...app.programs import read_program

    return read_program(Path(file).expanduser(), client=_shared.client(args),
                        language=getattr(args, "lang", None),
                        large_print=bool(getattr(args, "large_print", False)),
                        grayscale=bool(getattr(args, "grayscale", False)))


def run(args: argparse.Namespace) -> int:
    """Build the program into the client's folder and say where it is."""
    from ...app.programs import ProgramRequest, in_file, make
    from ...errors import ContentError

    try:
        made = make(ProgramRequest(_shared.root(args), _shared.out_dir(args),
                                   program_of(args, args.file),  # type: ignore[arg-type]
                                   save=args.save, write=True))
    except ContentError as exc:
        raise in_file(exc, args.file) from None
    assert made.path is not None
    pages = " (2 pages: print on both sides)" if made.pages > 1 else ""
    print(f"built {_shared.show(made.path)}{pages}")
    if made.saved_id:
        print(f"kept as program {made.saved_id}")
    return 0


def needs_something(args: argparse.Namespace) -> None:
    """UsageError when print or email names neither handouts nor --program."""
    from ...errors import UsageError

    if not args.slugs and not getattr(args, "program", None):
        raise UsageError("say which handouts (their slugs), or give --program FILE.yaml")
