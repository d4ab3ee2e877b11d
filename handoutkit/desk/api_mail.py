"""The API of the Email section: the mail settings and where the password comes from,
saving them (the password into the operating system's password store), and a test email.
No answer ever holds the password."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from ..app import mailsetup
from ..errors import DeliveryError
from .engine import DeskDep
from .models_practice import MailIn, MailTestIn
from .problems import answer, problem

router = APIRouter(prefix="/api")


@router.get("/mail", summary="The mail settings, and whether email can be sent now")
async def status(desk: DeskDep) -> dict[str, Any]:
    """`can_send`, the provider and server, the user and from-address, where the password
    comes from ("keyring", "environment" or "missing"), and `why` it cannot send."""
    found = await run_in_threadpool(mailsetup.mail_status, desk.settings.root)
    return {**found, "ready": found["can_send"], "problem": found["why"]}


@router.put("/mail", summary="Set up email",
            responses={422: {"description": "one problem per field"}})
async def setup(body: MailIn, desk: DeskDep) -> Any:
    """Keep the provider's server, the user and from-address in layouts/brand.yaml and the
    password in the password store; answers as GET /api/mail."""
    try:
        found = await desk.engine.run(mailsetup.set_mail, desk.settings.root,
                                      mailsetup.MailSetup(**body.model_dump()))
    except DeliveryError as exc:  # no password store: a setting of this computer
        return answer(409, [problem(str(exc))])
    return {**found, "ready": found["can_send"], "problem": found["why"]}


@router.post("/mail/test", summary="Send a test email",
             responses={409: {"description": "email is not set up yet"},
                        502: {"description": "the mail server did not accept it"}})
async def test(body: MailTestIn, desk: DeskDep) -> Any:
    """Send a short test email to `to` (empty: the practice's own address): `{"sent": true}`,
    or 502 with the server's answer in plain words and the setting to change."""
    found = await run_in_threadpool(mailsetup.mail_status, desk.settings.root)
    if not found["can_send"]:
        return answer(409, [problem(found["why"])])
    try:
        to = await run_in_threadpool(mailsetup.send_test, desk.settings.root, body.to)
    except DeliveryError as exc:
        return answer(502, [problem(str(exc))])
    return {"sent": True, "to": to}
