"""The API of the Practice view: the practice's details with their version, a save that
never harms brand.yaml, and a picture of a handout drawn with unsaved details."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from ..app import practice
from .common import known, language
from .engine import DeskDep
from .models_practice import PracticeIn, PracticePreviewIn
from .problems import answer, problem

router = APIRouter(prefix="/api")


@router.get("/practice", summary="The practice's details, their version and placeholders")
async def read(desk: DeskDep) -> dict[str, Any]:
    """The practice, therapist, colours, disclaimer and each language's words from
    layouts/brand.yaml, its version, and the fields that are still placeholders."""
    return await run_in_threadpool(practice.read_practice, desk.settings.root)


@router.put("/practice", summary="Save the practice's details",
            responses={409: {"description": "brand.yaml changed since it was opened"},
                       422: {"description": "one problem per field; the file is untouched"}})
async def save(body: PracticeIn, desk: DeskDep) -> Any:
    """Write the fields to layouts/brand.yaml when each is valid and the file is still at
    `version` (comments, order and every other key are kept); 409 or 422 otherwise."""
    saved = await desk.engine.run(practice.save_practice, desk.settings.root,
                                  practice.PracticeEdit(body.version, body.fields()))
    if saved.stale:
        return answer(409, [problem("layouts/brand.yaml was changed since you opened it (in "
                                    "another window or program); reload the Practice view and "
                                    "make your changes again", "layouts/brand.yaml")])
    return {"version": saved.version, "placeholders": saved.placeholders}


@router.post("/practice/preview", summary="A handout drawn with unsaved details",
             response_class=Response, responses={200: {"content": {"image/png": {}}}})
async def preview(body: PracticePreviewIn, desk: DeskDep) -> Response:
    """The handout `slug` as PNG with these details (nothing is saved), or 422."""
    lang = language(desk, body.lang)
    known(desk, body.slug, lang, 400)
    png = await desk.engine.run(practice.preview_practice, desk.settings.root, body.slug,
                                practice.PracticeEdit("", body.fields()), lang)
    return Response(png, media_type="image/png", headers={"cache-control": "no-store"})
