"""The API's deliveries: print through CUPS, email (sent, or the draft to download), and
what the page needs to offer them (the printers, whether email can be sent)."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from ..app import handing
from ..app.delivery import EmailOrder, PrintOrder, email_handouts, max_copies, print_handouts
from ..content.program import Program
from ..errors import DeliveryError, shown
from .api_program import program_of
from .common import attachment, personal
from .engine import Desk, DeskDep
from .models import ProgramEmailIn, ProgramPrintIn
from .problems import refuse

router = APIRouter(prefix="/api")


@router.get("/printers", summary="The printers CUPS knows")
def printers() -> dict[str, Any]:
    """The printers, the default one, and (when printing is not possible now) why not."""
    found = handing.printers()
    return {"printers": found.names, "default": found.default, "problem": found.problem,
            "max_copies": max_copies()}


@router.post("/print", summary="Print handouts on a CUPS printer")
async def print_(body: ProgramPrintIn, desk: DeskDep) -> dict[str, Any]:
    """Build the handouts (personal with a client; one booklet with `booklet`) and send them
    to `printer` (None: the default), `copies` times. 503 when CUPS is not there, 400 for
    a printer CUPS does not list (with the list). Recorded in the delivery log. A `program`
    (as `POST /api/program` takes it) is printed too, or alone when no `slugs` are given."""
    if not 1 <= body.copies <= max_copies():
        raise refuse(400, f"copies must be between 1 and {max_copies()}")
    body, program = _with_program(desk, body)
    req = personal(desk, body)
    found = await run_in_threadpool(handing.printers)
    if found.problem:
        raise refuse(503, found.problem)
    if body.printer is not None and body.printer not in found.names:
        raise refuse(400, f"there is no printer '{shown(body.printer)}'; the printers are: "
                     f"{', '.join(found.names)}")
    if body.printer is None and found.default is None:
        raise refuse(400, f"there is no default printer; choose one of: {', '.join(found.names)}")
    order = PrintOrder(printer=body.printer or found.default, copies=body.copies,
                       booklet=body.booklet and len(req.slugs or []) > 1, program=program,
                       keep_program=bool(body.program and body.program.save))
    done = await desk.engine.run(print_handouts, req, order)
    return {"printer": done.printer,
            "jobs": [{"id": j.job_id, "title": j.title} for j in done.jobs]}


@router.post("/email", summary="Email handouts to a client, or get the draft",
             responses={200: {"content": {"message/rfc822": {}, "application/json": {}}}})
async def email(body: ProgramEmailIn, desk: DeskDep) -> Any:
    """Build the client's handouts and attach them to an email from the practice. With
    `send` false the answer is the draft (.eml, message/rfc822) to open in a mail program;
    with `send` true it goes through the mail server in layouts/brand.yaml. Recorded in the
    delivery log. A `program` is attached too, or alone when no `slugs` are given."""
    body, program = _with_program(desk, body)
    try:
        to = handing.check_address(body.to)
        message = handing.check_message(body.message)
    except DeliveryError as exc:
        raise refuse(400, str(exc)) from None
    req = personal(desk, body, email=True)
    if body.send:
        reason = await run_in_threadpool(handing.mail_ready, desk.settings.root)
        if reason:
            raise refuse(503, reason)
    order = EmailOrder(to=to, message=message or None, booklet=body.booklet, send=body.send,
                       program=program, keep_program=bool(body.program and body.program.save))
    done = await desk.engine.run(email_handouts, req, order)
    if done.sent:
        return {"sent": True, "to": done.to, "attachments": done.attachments,
                "warnings": done.warnings}
    assert req.client is not None
    response: Response = attachment(done.message, handing.draft_name(req.client.name),
                                    "message/rfc822")
    return response


# -- a home program printed or emailed (see api_program.py) --------------------------------
Delivered = TypeVar("Delivered", ProgramPrintIn, ProgramEmailIn)


def _with_program(desk: Desk, body: Delivered) -> tuple[Delivered, Program | None]:
    """The body (its client the program's when it names none) and its program, checked;
    400 when it asks for neither handouts nor a program."""
    if body.program is None:
        if not body.slugs:
            raise refuse(400, "say which handouts (slugs), or send a program")
        return body, None
    program = program_of(desk, body.program)
    if body.client is None:
        body = body.model_copy(update={"client": body.program.client})
    return body, program
