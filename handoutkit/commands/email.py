"""email: send a client their personal handouts, or write the email as a draft."""

from __future__ import annotations

import argparse
import sys

from . import _shared

NAME = "email"
ORDER = 65
HELP = "email a client their handouts (send, or save a draft .eml)"
DESCRIPTION = ("Build the handouts named for a client and email them as PDF attachments, or "
               "write the email as an .eml draft to open in a mail program. The subject and "
               "text come from layouts/email.txt.j2; the mail server from layouts/brand.yaml "
               "(smtp:), the password from the environment variable named there. Each email is "
               "recorded in the delivery log (see the history command).")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("slugs", nargs="+", metavar="SLUG", help="handouts to send")
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
    import datetime as _dt
    from pathlib import Path

    from .. import history, mail, pipeline
    from ..errors import UsageError
    from ..outputs import write_atomic

    raw_name = getattr(args, "client", None)
    if raw_name is None:
        raise UsageError("email needs --for NAME: the handouts are made for the client")
    mail.check_header("--for", raw_name)  # refused before Client.checked tidies the spacing
    to = mail.check_address(args.to)
    message = mail.check_message(args.message)
    options = _shared.personal(args)
    client = options["client"]
    root, out = _shared.root(args), _shared.out_dir(args)
    brand = pipeline.load(root).brand
    mail.sender(brand)
    smtp = mail.settings(brand) if args.send else None  # before the build: fail fast
    secret = mail.password(smtp) if smtp else None
    report = _shared.build_to_deliver(args, options, brand)
    paths = [report.booklet] if args.booklet else \
        [h.path for h in report.handouts if h.path is not None]
    attachments = [mail.Attachment(p.name, p.read_bytes()) for p in paths if p is not None]
    msg, warnings = mail.compose(
        brand, root / mail.TEMPLATE, to=to, client=client.name, message=message,
        booklet=args.booklet, draft=not args.send, attachments=attachments,
        handouts=[mail.Enclosed(h.title, h.reviewed) for h in report.handouts])
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if smtp:
        mail.send(msg, smtp, secret)
    else:
        draft = Path(args.draft).expanduser()
        write_atomic(draft.resolve(), mail.to_bytes(msg))
    history.record(out, history.Delivery(
        when=_dt.datetime.now().astimezone(), client=client.name,
        how="email" if smtp else "email-draft", to=to, booklet=args.booklet,
        handouts=[history.Given(h.slug, h.title, h.reviewed.isoformat() if h.reviewed else None)
                  for h in report.handouts]))
    n = len(attachments)
    what = "1 PDF" if n == 1 else f"{n} PDFs"
    if smtp:
        print(f"sent {what} to {to}")
    else:
        print(f"wrote {_shared.show(draft)} ({what} attached to {to}); open it in your mail "
              "program to check and send it")
    return 0
