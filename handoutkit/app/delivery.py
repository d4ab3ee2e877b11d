"""Handing handouts over: printing, email (sent or as a draft) and the delivery history."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..press.request import Request
from ..content.client import Client
from ..errors import UsageError
from .making import for_delivery

if TYPE_CHECKING:
    from ..press.pipeline import BuildReport
    from ..deliver.history import Delivery
    from ..deliver.printing import Job


@dataclass(frozen=True, kw_only=True)
class PrintOrder:
    """Where and how to print."""

    printer: str | None = None  # None: the system's default printer
    copies: int = 1
    booklet: bool = False  # one booklet with cover and contents instead of separate pages


@dataclass(frozen=True, kw_only=True)
class EmailOrder:
    """Whom to email, with what, and whether to send it now or keep it as a draft."""

    to: str
    message: str | None = None
    booklet: bool = False  # one personal booklet attached instead of one PDF per handout
    send: bool = False  # through the mail server in layouts/brand.yaml
    draft: Path | None = None  # where to save the draft (.eml), when not sending


@dataclass
class Printed:
    """What print did: the printer and the print jobs it started."""

    printer: str
    jobs: list[Job]
    report: BuildReport


@dataclass
class Emailed:
    """What email did: sent, or the draft (its bytes, and its file when one was asked for)."""

    to: str
    sent: bool
    message: bytes
    attachments: int
    report: BuildReport
    draft: Path | None = None
    warnings: list[str] = field(default_factory=list)


def max_copies() -> int:
    """The most copies one print may ask for."""
    from ..deliver.printing import MAX_COPIES

    return MAX_COPIES


def print_handouts(req: Request, order: PrintOrder) -> Printed:
    """Build *req*'s handouts (or one booklet of them), send them to a printer through CUPS,
    and record the delivery. The printer is checked before anything is built."""
    from ..deliver import printing

    printer = printing.choose_printer(order.printer)
    report, files = for_delivery(req, as_booklet=order.booklet)
    # the queue shows titles: never the file name, which holds the client's name
    jobs = printing.send(files, printer, order.copies)
    _record(req, report, how="print", to=printer, booklet=order.booklet, copies=order.copies)
    return Printed(printer, jobs, report)


def email_client(name: str | None, note: str | None = None, day: _dt.date | None = None) -> Client:
    """The client an email is for: a name is needed, and it may not break a mail header."""
    from ..deliver import mail

    if name is None:
        raise UsageError("email needs --for NAME: the handouts are made for the client")
    mail.check_header("--for", name)  # refused before Client.checked tidies the spacing
    return Client.checked(name, note or "", day)


def email_handouts(req: Request, order: EmailOrder) -> Emailed:
    """Build *req*'s handouts for its client, attach them to an email from the practice, and
    send it or save it as a draft; record the delivery. Addresses, the mail server and its
    password are checked before anything is built."""
    from ..content.project import load
    from ..deliver import mail
    from ..deliver.mailtext import template

    if req.client is None:
        raise UsageError("email needs --for NAME: the handouts are made for the client")
    to = mail.check_address(order.to)
    message = mail.check_message(order.message)
    brand = load(req.root, req.language).brand
    mail.sender(brand)
    smtp = mail.settings(brand) if order.send else None
    secret = mail.password(smtp) if smtp else None
    report, files = for_delivery(req, as_booklet=order.booklet)
    attachments = [mail.Attachment(p.name, p.read_bytes()) for p, _ in files]
    msg, warnings = mail.compose(brand, template(req.root, req.language), mail.Letter(
        to=to, client=req.client.name, message=message, booklet=order.booklet,
        draft=not order.send, attachments=attachments, language=req.language,
        handouts=[mail.Enclosed(h.title, h.reviewed) for h in report.handouts]))
    data = mail.to_bytes(msg)
    draft = None
    if smtp:
        mail.send(msg, smtp, secret)
    elif order.draft is not None:
        draft = order.draft.expanduser().resolve()
        _write_draft(req.outputs.folder, draft, data)
    how = "email" if smtp else "email-draft"
    _record(req, report, how=how, to=to, booklet=order.booklet, copies=1)
    return Emailed(to, bool(smtp), data, len(attachments), report, draft, warnings)


def _write_draft(out: Path, draft: Path, data: bytes) -> None:
    """Write the draft atomically; inside the output folder, under its lock like a build."""
    from ..press.outputs import locked, write_atomic

    try:
        draft.relative_to(out.resolve())
    except ValueError:
        write_atomic(draft, data)
        return
    with locked(out):
        write_atomic(draft, data)


def _record(req: Request, report: BuildReport, *, how: str, to: str, booklet: bool,
            copies: int) -> None:
    from ..deliver import history

    history.record(req.outputs.folder, history.Delivery(
        when=_dt.datetime.now().astimezone(), client=req.client.name if req.client else None,
        how=how, to=to, booklet=booklet, copies=copies,
        handouts=[history.Given(h.slug, h.title, h.reviewed.isoformat() if h.reviewed else None)
                  for h in report.handouts]))


def history(out: Path, client: str | None = None) -> tuple[list[Delivery], int]:
    """What was printed or emailed (for *client*, or everyone), newest first, and how many
    lines of the log could not be read."""
    from ..deliver.history import read

    return read(out, client)
