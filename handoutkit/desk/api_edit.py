"""The API's editing: a handout's text with its version, a picture of unsaved text, a save
that never harms the file, and a new handout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ..app import editing
from ..errors import shown
from .common import known, language
from .engine import DeskDep
from .models import NewIn, PreviewIn, SourceIn
from .problems import answer, problem, refuse

router = APIRouter(prefix="/api")


@router.get("/handouts/{slug}/source", summary="A handout's YAML and its version")
async def source(slug: str, desk: DeskDep, lang: str | None = None) -> dict[str, Any]:
    """The text of the handout file and its version (the SHA-256 of the file)."""
    lang = language(desk, lang)
    known(desk, slug, lang)
    found = await run_in_threadpool(editing.read_source, desk.settings.root, slug, lang)
    return {"yaml": found.yaml, "version": found.version, "file": found.file}


@router.put("/handouts/{slug}/source", summary="Save a handout's YAML",
            responses={409: {"description": "the file changed since it was opened"},
                       422: {"description": "the text has errors; the file is untouched"}})
async def save(slug: str, body: SourceIn, desk: DeskDep) -> Any:
    """Write the text when it has no errors and the file on disk is still at `version`;
    otherwise say why (409, 422) and leave the file exactly as it was."""
    lang = language(desk, body.lang)
    known(desk, slug, lang)
    saved = await desk.engine.run(editing.save, desk.settings.root, slug, body.yaml,
                                  body.version, lang)
    if saved.stale:
        return answer(409, [problem("the file was changed on disk since you opened it (in "
                                    "another window or program); your text is kept here: "
                                    "copy what you need, reload the handout and make your "
                                    "changes again")])
    return {"version": saved.version}


@router.post("/preview", summary="A picture of unsaved text",
             response_class=Response, responses={200: {"content": {"image/png": {}}}})
async def preview(body: PreviewIn, desk: DeskDep) -> Response:
    """The page the text would make, as PNG (the handout file is not written), or 422 with
    its problems and their lines."""
    lang = language(desk, body.lang)
    known(desk, body.slug, lang, 400)
    png = await desk.engine.run(editing.preview, desk.settings.root, body.slug, body.yaml, lang)
    return Response(png, media_type="image/png", headers={"cache-control": "no-store"})


@router.post("/handouts", status_code=201, summary="Start a new handout",
             responses={409: {"description": "a handout of that name exists"}})
async def new(body: NewIn, desk: DeskDep) -> Any:
    """Write handouts/SLUG.yaml from the commented starting file, as `new` does."""
    slug = editing.check_slug(body.slug)
    if body.category not in editing.categories():
        raise refuse(400, f"'{shown(body.category)}' is not a category; use one of: "
                     f"{', '.join(editing.categories())}")
    made = await desk.engine.run(editing.create, desk.settings.root, slug, body.title,
                                 body.category)
    if made is None:
        return answer(409, [problem(f"there is already a handout '{slug}'; choose another "
                                    "name, or edit that one")])
    return JSONResponse({"slug": made}, status_code=201)
