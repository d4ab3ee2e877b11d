"""history: what was printed or emailed, for whom, newest first."""

from __future__ import annotations

import argparse
import sys

from .. import options as _shared

NAME = "history"
ORDER = 70
HELP = "show what each client was given (printed or emailed), newest first"
DESCRIPTION = ("Show the delivery log kept in the output folder (out/delivery-log.jsonl): "
               "when, for whom, which handouts in which version, and how. This is the only "
               "command that shows clients' names.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("--for", dest="client", metavar="NAME",
                   help="only this client (case and spacing do not matter)")
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder holding the log (default: out/ in the root)")


def run(args: argparse.Namespace) -> int:
    """Print one block per delivery, newest first."""
    from ...app.delivery import history
    from ...deliver.history import printable

    deliveries, damaged = history(_shared.out_dir(args), args.client)
    if damaged:
        print(f"warning: {damaged} line(s) of the delivery log could not be read and were "
              "skipped", file=sys.stderr)
    if not deliveries:
        who = f" for {printable(args.client)}" if args.client else ""
        print(f"nothing has been printed or emailed{who} yet")
        return 0
    for d in deliveries:
        who = printable(d.client) if d.client else "(no client)"
        print(f"{d.when:%Y-%m-%d %H:%M}  {who}: {printable(d.describe())}")
        for g in d.handouts:
            version = f" (reviewed {g.reviewed})" if g.reviewed else ""
            print(f"    {printable(g.title)}{version}")
        if d.program:  # a home program: each exercise with the doses it gave
            print(f"    {printable(str(d.program.get('title') or 'Home program'))}:")
            for e in d.program.get("exercises") or []:
                dose = " \u00b7 ".join(f"{k.replace('_', ' ')} {e[k]}" for k in
                                       ("hold", "repeat", "how_often", "note") if e.get(k))
                print(f"      {printable(str(e.get('name') or e.get('id')))}: {printable(dose)}")
    return 0
