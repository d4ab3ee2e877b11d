"""The API's versions: what every save of a handout or of the practice's details replaced,
restoring one (itself a save, so it can be undone), deleting a handout (kept) and the list
of deleted handouts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from ..app import versions
from ..errors import UsageError
from .common import language
from .engine import Desk, DeskDep
from .models import Body
from .problems import refuse

router = APIRouter(prefix="/api")


class CurrentIn(Body):
    """The version of the file the page has open (null: no file, as for a deleted handout)."""

    version: str | None = Field(default=None, max_length=64)
    lang: str | None = Field(default=None, max_length=20)


def _rows(found: list[versions.Version]) -> list[dict[str, Any]]:
    return [{"version": v.version, "when": v.when, "bytes": v.bytes, "summary": v.summary}
            for v in found]


def _handout(desk: Desk, slug: str, lang: str | None) -> Any:
    """The file of handout *slug*, there or deleted; 404 when there never was one."""
    try:
        return versions.handout_path(desk.settings.root, slug, language(desk, lang))
    except UsageError as exc:
        raise refuse(404, str(exc)) from None


@router.get("/handouts/{slug}/versions", summary="A handout's kept versions, newest first")
async def handout_versions(slug: str, desk: DeskDep, lang: str | None = None
                           ) -> list[dict[str, Any]]:
    """Every version a save, restore or delete replaced, newest first, with how many lines
    it changed."""
    path = _handout(desk, slug, lang)
    return _rows(await run_in_threadpool(versions.listing, desk.settings.root, path))


@router.get("/handouts/{slug}/versions/{version}", summary="The text of one kept version")
async def handout_version(slug: str, version: str, desk: DeskDep, lang: str | None = None
                          ) -> dict[str, str]:
    """The handout's YAML as it was in *version*."""
    path = _handout(desk, slug, lang)
    data = await run_in_threadpool(versions.read, desk.settings.root, path, version)
    return {"yaml": data.decode("utf-8", "replace")}


@router.post("/handouts/{slug}/versions/{version}/restore", summary="Restore a kept version",
             responses={409: {"description": "the file changed since it was opened"}})
async def restore_handout(slug: str, version: str, body: CurrentIn, desk: DeskDep
                          ) -> dict[str, str]:
    """Put *version* back. `version` in the body is the file's version the page has open
    (null for a deleted handout). What is there now is kept, so the restore can be undone."""
    path = _handout(desk, slug, body.lang)
    done = await desk.engine.run(versions.restore, desk.settings.root, path, version,
                                 body.version)
    return {"version": done}


@router.delete("/handouts/{slug}", summary="Delete a handout (it is kept)",
               responses={409: {"description": "the file changed since it was opened"}})
async def delete_handout(slug: str, body: CurrentIn, desk: DeskDep) -> dict[str, str]:
    """The handout leaves the gallery, the booklet and `list`; it stays in versions/, and
    GET /api/deleted lists it for a restore."""
    path = _handout(desk, slug, body.lang)
    kept = await desk.engine.run(versions.delete, desk.settings.root, path, body.version)
    return {"kept": kept}


@router.get("/deleted", summary="The deleted handouts")
async def deleted(desk: DeskDep, lang: str | None = None) -> list[dict[str, Any]]:
    """Each deleted handout with the version a restore brings back (POST
    /api/handouts/SLUG/versions/VERSION/restore with `{"version": null}`)."""
    lang = language(desk, lang)
    found = await run_in_threadpool(versions.deleted_handouts, desk.settings.root, lang)
    return [{"slug": d.slug, "title": d.title, **_rows([d.kept])[0]} for d in found]


@router.get("/practice/versions", summary="The practice details' kept versions")
async def practice_versions(desk: DeskDep) -> list[dict[str, Any]]:
    """Every version of layouts/brand.yaml a save or restore replaced, newest first."""
    path = versions.brand_path(desk.settings.root)
    return _rows(await run_in_threadpool(versions.listing, desk.settings.root, path))


@router.get("/practice/versions/{version}", summary="The practice details in one version")
async def practice_version(version: str, desk: DeskDep) -> dict[str, str]:
    """layouts/brand.yaml as it was in *version*."""
    path = versions.brand_path(desk.settings.root)
    data = await run_in_threadpool(versions.read, desk.settings.root, path, version)
    return {"yaml": data.decode("utf-8", "replace")}


@router.post("/practice/versions/{version}/restore", summary="Restore the practice details",
             responses={409: {"description": "the file changed since it was opened"}})
async def restore_practice(version: str, body: CurrentIn, desk: DeskDep) -> dict[str, str]:
    """Put layouts/brand.yaml back as it was in *version*; `version` in the body is the
    file's version (SHA-256) the page has open."""
    path = versions.brand_path(desk.settings.root)
    done = await desk.engine.run(versions.restore, desk.settings.root, path, version,
                                 body.version)
    return {"version": done}
