"""email: send a client their personal handouts, or write the email as a draft."""

from __future__ import annotations

import argparse
import sys

from .. import options as _shared

NAME = "email"
ORDER = 65
WARNS_PLACEHOLDERS = True  # one line on stderr while the practice has placeholders
HELP = "email a client their handouts (send, or save a draft .eml)"
DESCRIPTION = ("Build the handouts named for a client and email them as PDF attachments, or "
               "write the email as an .eml draft to open in a mail program. The subject and "
               "text come from layouts/email.txt.j2; the mail server from layouts/brand.yaml "
               "(smtp:), the password from the environment variable named there. Each email is "
               "recorded in the delivery log (see the history command).")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to send")
    p.add_argument("--program", metavar="FILE.yaml",
                   help="a home program too (or alone): see the program command")
    p.add_argument("--to", required=True, metavar="ADDRESS", help="the client's email address")
    p.add_argument("--message", metavar="TEXT", help="a personal message in the email's text")
    p.add_argument("--booklet", action="store_true",
                   help="attach one personal booklet instead of one PDF per handout")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--send", action="store_true", help="send it now through the mail server")
    how.add_argument("--draft", metavar="FILE.eml",
                     help="write it to this file instead; a mail program opens it as a draft")
    _shared.out_option(p)
    _shared.personal_options(p)


def run(args: argparse.Namespace) -> int:
    """Check everything, build, compose, send or save, and record the delivery."""
    from pathlib import Path

    from ...app.delivery import EmailOrder, email_client, email_handouts
    from .program import needs_something, program_of

    needs_something(args)
    who = email_client(getattr(args, "client", None), getattr(args, "note", None),
                       getattr(args, "date", None))
    draft = Path(args.draft).expanduser() if args.draft else None
    done = email_handouts(_shared.request(args, who=who), EmailOrder(
        to=args.to, message=args.message, booklet=args.booklet, send=args.send, draft=draft,
        program=program_of(args, args.program) if args.program else None))  # type: ignore[arg-type]
    for w in done.warnings:
        print(f"warning: {w}", file=sys.stderr)
    what = "1 PDF" if done.attachments == 1 else f"{done.attachments} PDFs"
    if done.sent:
        print(f"sent {what} to {done.to}")
    else:
        print(f"wrote {_shared.show(draft or Path())} ({what} attached to {done.to}); open it in "
              "your mail program to check and send it")
    return 0
