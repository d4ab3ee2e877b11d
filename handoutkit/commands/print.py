"""print: send handouts (or one booklet) to a printer through CUPS."""

from __future__ import annotations

import argparse

from . import _shared

NAME = "print"
ORDER = 60
HELP = "print handouts on a printer (CUPS)"
DESCRIPTION = ("Build the handouts named (for a client with --for) and send them to a printer "
               "through the system's print service (CUPS). Each print is recorded in the "
               "delivery log (see the history command).")


def _copies(text: str) -> int:
    from ..printing import MAX_COPIES

    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_COPIES:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of copies from 1 to {MAX_COPIES}")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("slugs", nargs="+", metavar="SLUG", help="handouts to print")
    p.add_argument("--printer", metavar="NAME",
                   help="printer to use (default: the system's default printer)")
    p.add_argument("--copies", metavar="N", type=_copies, default=1, help="copies of each (default: 1)")
    p.add_argument("--booklet", action="store_true",
                   help="print them as one booklet with a cover and contents")
    _shared.out_option(p)
    _shared.personal_options(p)


def run(args: argparse.Namespace) -> int:
    """Build, print, and record the delivery."""
    import datetime as _dt

    from .. import history, pipeline, printing

    options = _shared.personal(args)
    printer = printing.choose_printer(args.printer)  # before building: fail fast
    root, out = _shared.root(args), _shared.out_dir(args)
    client = options["client"]
    brand = pipeline.load(root).brand
    report = _shared.build_to_deliver(args, options, brand)
    # the queue shows titles: never the file name, which holds the client's name
    files = [(report.booklet, brand.booklet.title)] if args.booklet else \
        [(h.path, h.title) for h in report.handouts if h.path is not None]
    jobs = printing.send(files, printer, args.copies)
    history.record(out, history.Delivery(
        when=_dt.datetime.now().astimezone(), client=client.name if client else None,
        how="print", to=printer, booklet=args.booklet, copies=args.copies,
        handouts=[history.Given(h.slug, h.title, h.reviewed.isoformat() if h.reviewed else None)
                  for h in report.handouts]))
    copies = f", {args.copies} copies each" if args.copies > 1 else ""
    for job in jobs:
        print(f"printing '{job.title}' on {printer} (job {job.job_id}{copies})")
    return 0
