"""The API's handouts: the list, each plain PDF and thumbnail, one PDF for a client, and the
history of what was given to whom."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Response

from ..app import gallery, handing
from ..app.delivery import history
from .common import attachment, disposition, known, language, personal
from .engine import Desk, DeskDep
from .models import PdfIn

router = APIRouter(prefix="/api")


def _generation(desk: Desk) -> str:
    """A short stamp that changes whenever a file under handouts/, layouts/ or images/ does
    (so the page fetches new thumbnails)."""
    from ..app.watching import snapshot

    state = sorted((str(p), v) for p, v in snapshot(desk.settings.root).items())
    return hashlib.sha256(repr(state).encode()).hexdigest()[:12]


def _item(item: gallery.Item, stamp: str) -> dict[str, Any]:
    base = f"/api/handouts/{quote(item.slug)}"
    found: dict[str, Any] = {
        "slug": item.slug, "title": item.title, "subtitle": item.subtitle,
        "category": item.category, "lang": item.lang,
        "pdf": f"{base}.pdf?lang={item.lang}",
        "thumbnail": f"{base}.png?lang={item.lang}&v={stamp}"}
    if item.problems:
        found["problems"] = [{"file": p.file, "line": p.line, "message": p.message}
                             for p in item.problems]
    return found


@router.get("/handouts", summary="Every handout in one language, in booklet order")
async def handouts(desk: DeskDep, lang: str | None = None) -> list[dict[str, Any]]:
    """Each handout's slug, title, subtitle, category and language, with the addresses of
    its PDF and thumbnail. A handout with mistakes comes last, with its problems."""
    lang = language(desk, lang)
    items = await desk.engine.run(gallery.catalogue, desk.settings.root, lang)
    stamp = _generation(desk)
    return [_item(i, stamp) for i in items]


@router.get("/handouts/{slug}.pdf", summary="A plain handout as PDF",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
async def handout_pdf(slug: str, desk: DeskDep, lang: str | None = None) -> Response:
    """The handout without a client's name, built if it is missing or out of date."""
    lang = language(desk, lang)
    known(desk, slug, lang)
    s = desk.settings

    def read() -> tuple[bytes, str]:
        path = gallery.plain_pdf(s.root, s.out, slug, lang)
        return path.read_bytes(), path.name

    data, name = await desk.engine.run(read)
    return Response(data, media_type="application/pdf",
                    headers={"content-disposition": disposition("inline", name),
                             "cache-control": "no-cache"})


@router.get("/handouts/{slug}.png", summary="A handout's thumbnail",
            response_class=Response, responses={200: {"content": {"image/png": {}}}})
async def handout_png(slug: str, desk: DeskDep, lang: str | None = None) -> Response:
    """A small picture of the handout's page."""
    lang = language(desk, lang)
    known(desk, slug, lang)
    data = await desk.engine.run(gallery.thumbnail, desk.settings.root, desk.settings.out,
                                 slug, lang)
    return Response(data, media_type="image/png", headers={"cache-control": "private, max-age=600"})


@router.post("/pdf", summary="One PDF of the handouts asked for",
             response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
async def pdf(body: PdfIn, desk: DeskDep) -> Response:
    """One slug: that handout. Several: a booklet with cover and contents (`booklet`), or
    their pages one after another. Personal with a client; named as the command line names
    its files."""
    req = personal(desk, body)
    made = await desk.engine.run(handing.one_pdf, req, as_booklet=body.booklet)
    return attachment(made.data, made.name, "application/pdf")


@router.get("/history", summary="What was given to whom, newest first")
def deliveries(desk: DeskDep, client: str | None = None) -> list[dict[str, Any]]:
    """Every print and email in the delivery log (only *client*'s when given)."""
    found, _damaged = history(desk.settings.out, client or None)
    return [{"when": d.when.isoformat(timespec="seconds"), "client": d.client,
             "handouts": [{"slug": g.slug, "title": g.title, "reviewed": g.reviewed}
                          for g in d.handouts],
             "how": d.how, "to": d.to, "booklet": d.booklet, "copies": d.copies,
             "described": d.describe(),
             "program": d.program} for d in found]  # a home program: title, exercises, doses
