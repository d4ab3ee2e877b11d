"""The API's pictures: list them, upload one (raw bytes, rewritten before it is stored), give
one back, delete one (kept in versions/)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ..app import pictures
from .engine import DeskDep

router = APIRouter(prefix="/api")


def _item(p: pictures.Picture) -> dict[str, Any]:
    return {"name": p.name, "file": p.file, "width": p.width, "height": p.height,
            "kind": p.kind, "bytes": p.bytes, "used_by": list(p.used_by)}


@router.get("/images", summary="Every picture, with the handouts that use it")
async def images(desk: DeskDep) -> list[dict[str, Any]]:
    """Each picture's name, file name (as a handout names it), size in pixels, kind (photo,
    drawing, svg), length in bytes, and the handouts (and brand.yaml) that use it."""
    found = await run_in_threadpool(pictures.listing, desk.settings.root)
    return [_item(p) for p in found]


@router.get("/images/{name}", summary="One picture's stored file", response_class=Response,
            responses={200: {"content": {"image/png": {}, "image/jpeg": {},
                                         "image/svg+xml": {}}}})
async def image(name: str, desk: DeskDep) -> Response:
    """The picture as stored (rewritten when it was uploaded)."""
    path = pictures.find(desk.settings.root, pictures.check_lookup(name))
    data = await run_in_threadpool(path.read_bytes)
    return Response(data, media_type=pictures.media_type(path),
                    headers={"cache-control": "no-cache",
                             "content-security-policy": "default-src 'none'; style-src "
                                                        "'unsafe-inline'; sandbox"})


@router.put("/images/{name:path}", status_code=201, summary="Upload a picture",
            responses={409: {"description": "a picture of that name exists"},
                       413: {"description": "over 25 MB"},
                       415: {"description": "not a PNG, JPEG or SVG inside"},
                       422: {"description": "broken or hostile"}})
async def upload(name: str, request: Request, desk: DeskDep, replace: bool = False) -> Any:
    """The picture's raw bytes as image/png, image/jpeg or image/svg+xml (at most 25 MB).
    It is judged by its content and always rewritten: a photo's orientation applied, its
    metadata (GPS, camera, times) dropped, sRGB, at most 2,400 pixels on its long side;
    an SVG rebuilt with only drawing elements. With `replace`, an existing picture of
    that name is replaced and kept as a version."""
    pictures.check_name(name)
    data = await request.body()
    made = await desk.engine.run(pictures.upload, desk.settings.root, name, data, replace)
    return JSONResponse({"name": made.name, "file": made.file, "width": made.width,
                         "height": made.height, "kind": made.kind, "bytes": made.bytes},
                        status_code=201)


@router.delete("/images/{name}", summary="Delete a picture (it is kept as a version)",
               responses={409: {"description": "handouts use it"}})
async def delete(name: str, desk: DeskDep) -> dict[str, str]:
    """Remove the picture from images/ (kept in versions/), unless a handout uses it."""
    pictures.check_lookup(name)
    kept = await desk.engine.run(pictures.delete, desk.settings.root, name)
    return {"kept": kept}
