"""print: send handouts (or one booklet) to a printer through CUPS."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "print"
ORDER = 60
WARNS_PLACEHOLDERS = True  # one line on stderr while the practice has placeholders
HELP = "print handouts on a printer (CUPS)"
DESCRIPTION = ("Build the handouts named (for a client with --for) and send them to a printer "
               "through the system's print service (CUPS). Each print is recorded in the "
               "delivery log (see the history command).")


def _copies(text: str) -> int:
    from ...app.delivery import max_copies

    most = max_copies()
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= most:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of copies from 1 to {most}")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to print")
    p.add_argument("--program", metavar="FILE.yaml",
                   help="a home program too (or alone): see the program command")
    p.add_argument("--printer", metavar="NAME",
                   help="printer to use (default: the system's default printer)")
    p.add_argument("--copies", metavar="N", type=_copies, default=1, help="copies of each (default: 1)")
    p.add_argument("--booklet", action="store_true",
                   help="print them as one booklet with a cover and contents")
    _shared.out_option(p)
    _shared.personal_options(p)


def run(args: argparse.Namespace) -> int:
    """Build, print, and record the delivery."""
    from ...app.delivery import PrintOrder, print_handouts
    from .program import needs_something, program_of

    needs_something(args)
    program = program_of(args, args.program) if args.program else None
    done = print_handouts(_shared.request(args), PrintOrder(
        printer=args.printer, copies=args.copies, booklet=args.booklet,
        program=program))  # type: ignore[arg-type]
    copies = f", {args.copies} copies each" if args.copies > 1 else ""
    for job in done.jobs:
        print(f"printing '{job.title}' on {done.printer} (job {job.job_id}{copies})")
    return 0
