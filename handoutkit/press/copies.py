"""Many clients, one layout: a handout laid out once for clients who share a note and a
date, and each client's copy made by drawing their "Prepared for" line over it.

The copy looks exactly like a handout laid out for that client alone (the line is drawn
by the same code, where the header shows it) and weighs the same. Used only where that
holds: the handout's text does not mention the client, and the name uses only characters
every handout already carries (see fonts.SHARED_CHARS); otherwise, and whenever the
stamp's fonts are not the page's own, the caller lays each copy out in full.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
from typing import TYPE_CHECKING

from ..content.client import Client
from ..layout.fonts import SHARED_CHARS

if TYPE_CHECKING:
    from ..layout.render import Fitted
    from .request import Request

_PLAIN = set(string.printable) - set("\t\n\r\x0b\x0c") | set(SHARED_CHARS)
_MENTIONS_CLIENT = re.compile(r"\{[{%][^}]*\bclient\b")


def plain_name(name: str) -> bool:
    """Whether *name* uses only characters every handout's fonts already hold."""
    return all(ch in _PLAIN for ch in name)


def mentions_client(*texts: str) -> bool:
    """Whether any placeholder in *texts* uses the client (then every copy differs)."""
    return any(_MENTIONS_CLIENT.search(t) for t in texts)


def shared_copies(request: Request, slug: str, clients: list[Client], *, note: str,
                  day: _dt.date) -> tuple[str, list[bytes]] | None:
    """The handout's title and a copy for each of *clients* (who all have *note*), or None
    when they cannot share one layout. Raises what a build for one of them would."""
    from ..content.markup import isolate, protect
    from ..content.words import words
    from ..layout.sheets import stamp_pages
    from ..pdf.pages import stamped

    base = shared_base(request, slug, note, day)
    if base is None:
        return None
    title, fitted = base
    said = words(request.root, request.language)
    lines = [protect(said.prepared_for(isolate(c.name), day)) for c in clients]
    copies = stamped(fitted.pdf, stamp_pages(fitted.theme, lines, day))
    return (title, copies) if copies is not None else None


_bases: dict[tuple[object, ...], tuple[str, Fitted] | None] = {}


def shared_base(request: Request, slug: str, note: str,
                day: _dt.date) -> tuple[str, Fitted] | None:
    """The page without its "Prepared for" line (and its title), laid out once per
    process; None if it could not be written in one go."""
    from ..content.project import load_project
    from ..layout.fitting import fit_sources
    from ..layout.render import Source

    root, grayscale = request.root, request.options.grayscale
    key = (root, request.language, slug, note, day, grayscale)
    if key not in _bases:
        project = load_project(root, client=Client(name="-", note=note), day=day, only=[slug],
                               language=request.language)
        (entry,) = project.select([slug])
        source = Source(entry.slug, entry.file, entry.handout, entry.layout, note=note or None,
                        grayscale=grayscale)
        (fitted,) = fit_sources(project, [source], keep_pdf=True)
        _bases[key] = (entry.handout.title, fitted) if fitted.pdf is not None else None
    return _bases[key]
