"""What the desk's routes share: checking a language and a slug, making a Request from a
body, and answering with a file to save."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response

from ..app import gallery
from ..app.making import check_language
from ..app.making import client as checked_client
from ..app.making import request as make_request
from ..press.request import Options, Request
from ..errors import UsageError, shown
from .engine import Desk
from .models import PdfIn
from .problems import refuse


def language(desk: Desk, lang: str | None) -> str:
    """*lang* when the project has handouts in it (None: the default); else 400."""
    try:
        return check_language(desk.settings.root, lang)
    except UsageError as exc:
        raise refuse(400, str(exc)) from None


def known(desk: Desk, slug: str, lang: str, status: int = 404) -> str:
    """*slug* when it names a handout of *lang* (looked up, never used as a path); else
    *status* (404 in an address, 400 in a body)."""
    if slug not in gallery.files(desk.settings.root, lang):
        raise refuse(status, f"there is no handout '{shown(slug)}'")
    return slug


def personal(desk: Desk, body: PdfIn, *, email: bool = False) -> Request:
    """The Request a body asks for: its handouts (each checked), client, language and
    grayscale, built in the desk's own process (one job: a server never forks)."""
    lang = language(desk, body.lang)
    slugs = [known(desk, s, lang, 400) for s in dict.fromkeys(body.slugs)]
    who = None
    if body.client is not None:
        c = body.client
        if email:
            from ..app.delivery import email_client

            who = email_client(c.name, c.note, c.date)
        else:
            who = checked_client(c.name, c.note, c.date)
    elif email:
        raise refuse(400, "an email needs the client's name")
    s = desk.settings
    req = make_request(s.root, s.out, handouts=slugs, client=who,
                       options=Options(grayscale=body.grayscale,
                                               large_print=body.large_print, jobs=1))
    return req.but(language=lang)


def disposition(kind: str, name: str) -> str:
    """A Content-Disposition header for *name*, readable by every browser (an ASCII name,
    and the real one, accents and all, for those that read it)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\%' else "_" for c in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(data: bytes, name: str, media_type: str) -> Response:
    """*data* as a file to save under *name*; never kept by a cache (it may be personal)."""
    return Response(data, media_type=media_type,
                    headers={"content-disposition": disposition("attachment", name),
                             "cache-control": "no-store"})
