"""The API's home programs: the exercise library, a program's PDF for one client (and the
picture of its page while it is being put together), and the programs kept for a client."""

from __future__ import annotations

import base64
from typing import Any

from fastapi import APIRouter, Response

from ..app import programs
from ..app.making import client as checked_client
from ..content.program import Program
from ..errors import ContentError, UsageError
from .common import attachment, language
from .engine import Desk, DeskDep
from .models import ProgramIn
from .problems import refuse

router = APIRouter(prefix="/api")


def program_of(desk: Desk, body: ProgramIn) -> Program:
    """The Program a body asks for, checked (400 for a bad language or client, 422 for the
    exercises and their doses)."""
    lang = language(desk, body.lang)
    c = body.client
    who = checked_client(c.name, c.note, c.date)
    assert who is not None
    return programs.program_from(
        {"title": body.title, "exercises": [e.model_dump() for e in body.exercises]}, who,
        language=lang, large_print=body.large_print, grayscale=body.grayscale)


def _request(desk: Desk, body: ProgramIn, *, save: bool = False) -> programs.ProgramRequest:
    s = desk.settings
    return programs.ProgramRequest(s.root, s.out, program_of(desk, body), save=save)


@router.get("/exercises", summary="The exercise library in one language, in booklet order")
async def exercises(desk: DeskDep, lang: str | None = None) -> list[dict[str, Any]]:
    """Every steps block of every handout: id, name, handout, image, steps, hold, repeat,
    how_often and stop_if (a translation's exercises carry their English ids)."""
    lang = language(desk, lang)
    found = await desk.engine.run(programs.exercises, desk.settings.root, lang)
    return [e.as_dict() for e in found]


@router.get("/exercises/image", summary="An exercise's picture", response_class=Response,
            responses={200: {"content": {"image/png": {}}}})
async def exercise_image(id: str, desk: DeskDep, lang: str | None = None) -> Response:
    """The picture of exercise *id* as PNG (for the library's cards)."""
    lang = language(desk, lang)
    try:
        data = await desk.engine.run(programs.picture, desk.settings.root, id, lang)
    except UsageError as exc:
        raise refuse(404, str(exc)) from None
    return Response(data, media_type="image/png", headers={"cache-control": "private, max-age=600"})


@router.post("/program", summary="A client's home program as PDF", response_class=Response,
             responses={200: {"content": {"application/pdf": {}}}})
async def program(body: ProgramIn, desk: DeskDep) -> Response:
    """The program's page (one page, two in large print), named as a client's files are
    ('Home program - for Paul Rivera.pdf'). With `save` it is kept for the client (under
    out/clients/<name>/) and the answer's `X-Program-Id` names it. 422 for an unknown
    exercise, a dose that is not one plain line of 60 characters, more than 12 exercises,
    a missing translation, or a page that cannot hold them (saying how many to remove)."""
    req = _request(desk, body, save=body.save)
    made = await desk.engine.run(programs.make, req)
    response = attachment(made.data, made.name, "application/pdf")
    if made.saved_id:
        response.headers["x-program-id"] = made.saved_id
    return response


@router.post("/program/preview", summary="A picture of a program's page, and whether it fits")
async def preview(body: ProgramIn, desk: DeskDep) -> dict[str, Any]:
    """`fits` and, when it does, `pages` (PNG pictures as data addresses); when it does not,
    `remove` (how many exercises to leave out) and the `message`. Other mistakes are 422."""
    req = _request(desk, body)
    try:
        found = await desk.engine.run(programs.picture_of, req)
    except ContentError as exc:
        remove = programs.to_remove(exc)
        if remove is None:
            raise
        return {"fits": False, "remove": remove, "message": exc.problems[0].message, "pages": []}
    return {"fits": True, "remove": 0, "message": None,
            "pages": ["data:image/png;base64," + base64.b64encode(p).decode() for p in found]}


@router.get("/programs", summary="The programs kept for a client, newest first")
def kept(client: str, desk: DeskDep) -> list[dict[str, Any]]:
    """Each kept program's id, when, title, lang and exercises (with their doses)."""
    if not client.strip():
        raise refuse(400, "say whose programs: ?client=NAME")
    return programs.saved(desk.settings.out, client)


@router.get("/programs/{program_id}.pdf", summary="A kept program, made again",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
async def kept_pdf(program_id: str, desk: DeskDep) -> Response:
    """The kept program made again from its record: the same bytes as when it was made."""
    s = desk.settings
    try:
        made = await desk.engine.run(programs.rebuild, s.root, s.out, program_id)
    except UsageError as exc:
        raise refuse(404, str(exc)) from None
    return attachment(made.data, made.name, "application/pdf")
