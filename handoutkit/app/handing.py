"""Handing handouts over from a front door that answers with files: one PDF for what was
asked, the printers there are, and whether email can be sent.

Builds go through the same verbs as the command line (so files are named, kept and logged
the same way); only putting several handouts into one download is new here. Not
thread-safe: a caller serving several requests at once builds one at a time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..press.request import Request
from ..errors import DeliveryError, HandoutError
from .making import build, for_delivery

if TYPE_CHECKING:
    from ..press.pipeline import BuildReport


@dataclass
class Made:
    """One file to hand over: its bytes, the name it is saved under, and the build."""

    data: bytes
    name: str
    report: BuildReport


@dataclass
class Printers:
    """The printers CUPS knows, its default, or why printing is not possible now."""

    names: list[str] = field(default_factory=list)
    default: str | None = None
    problem: str | None = None


def one_pdf(req: Request, *, as_booklet: bool) -> Made:
    """What *req* asks for as one PDF: one handout alone; several as a booklet with cover
    and contents (*as_booklet*) or their pages one after another. Named as the command line
    names its files (the client's folder, 'Psoas - for Paul Rivera.pdf')."""
    from . import stamping

    slugs = req.slugs or []
    fast = stamping.usable(req)  # the name stamped over plain pages kept warm
    if len(slugs) > 1 and as_booklet:
        report = stamping.booklet(req) if fast else None
        if report is None or report.booklet is None:
            report, made = for_delivery(req, as_booklet=True)
            path = made[0][0]
        else:
            path = report.booklet
        return Made(path.read_bytes(), path.name, report)
    report = (stamping.handouts(req) if fast else None) or build(req)
    paths = [h.path for h in report.handouts if h.path is not None]
    if len(paths) == 1:
        return Made(paths[0].read_bytes(), paths[0].name, report)
    return Made(_joined(paths), _joined_name(req), report)


def _joined_name(req: Request) -> str:
    from ..press.naming import safe_file_name, variant

    kind = variant(req)
    who = f" - {kind.words['for']} {req.client.name}" if req.client else ""
    return f"{safe_file_name(f'Handouts{who}{kind.words_suffix()}')}.pdf"


def _joined(paths: list[Path]) -> bytes:
    """The pages of *paths* one after another, each font and picture stored once. The
    metadata names no client (the handouts' own titles say what it is)."""
    from pypdf import PdfReader, PdfWriter

    from ..pdf.pages import Shared

    writer = PdfWriter()
    shared = Shared(writer)
    titles = []
    for path in paths:
        reader = PdfReader(path)
        titles.append(str((reader.metadata or {}).get("/Title", "")))
        for page in reader.pages:
            shared.add(page)
    writer.add_metadata({"/Title": "; ".join(t for t in titles if t) or "Handouts",
                         "/Creator": "handoutkit", "/Producer": "handoutkit (ReportLab, pypdf)"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def printers() -> Printers:
    """The printers there are; a problem (no CUPS, not running, none set up) in words."""
    from ..deliver import printing

    try:
        names = printing.printers()
        default = printing.default_printer()
    except DeliveryError as exc:
        return Printers(problem=str(exc))
    if not names:
        return Printers(problem="no printer is set up; add one in the system's printer settings "
                                "and try again")
    return Printers(names, default if default in names else None)


def check_address(address: str) -> str:
    """A plain email address, or DeliveryError saying why it is not one."""
    from ..deliver.mail import check_address as checked

    return checked(address, "the email address")


def check_message(message: str | None) -> str:
    """A personal message for the email, or DeliveryError saying what to change."""
    from ..deliver.mail import check_message as checked

    return checked(message)


def mail_ready(root: Path) -> str | None:
    """None when email can be sent now (the mail server is set up in layouts/brand.yaml and
    its password is in the environment), else why not, in words."""
    from ..content.project import load
    from ..deliver import mail

    try:
        smtp = mail.settings(load(root).brand)
        mail.password(smtp)
    except HandoutError as exc:
        return str(exc)
    return None


def draft_name(client: str) -> str:
    """The file name of an email draft for *client*."""
    from ..press.naming import safe_file_name

    return f"{safe_file_name(f'Handouts for {client}')}.eml"


def client_limits() -> tuple[int, int]:
    """The longest name and note a client's handouts can carry (characters)."""
    from ..content.client import Client

    return Client.MAX_NAME, Client.MAX_NOTE
