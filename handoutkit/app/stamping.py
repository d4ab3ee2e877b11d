"""Personal copies from plain pages kept warm: each handout laid out once without a client,
and a client's "Prepared for" line stamped over it, as a batch does (press/copies.py).

For a long-running front door, where laying a page out again for every client would be most
of the wait. Used only where the copy is exactly one laid out for that client alone: no
note (a note changes the page), a name in characters every handout's fonts already hold, a
handout whose text does not mention the client, the standard print size. Otherwise the
caller builds as usual. A page is laid out again once any file under handouts/, layouts/
or images/ changed. Not thread-safe: callers make one copy at a time.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..press.request import Request

if TYPE_CHECKING:
    from ..press.pipeline import BuildReport


@dataclass
class _Base:
    state: str  # the project's files when it was laid out
    title: str
    reviewed: _dt.date
    fitted: Any  # layout.render.Fitted, with its one-page PDF
    project: Any  # content.project.Project


_bases: dict[tuple[str, str, _dt.date, bool, str], _Base] = {}


def _state(root: Path) -> str:
    from .watching import snapshot

    files = sorted((str(p), v) for p, v in snapshot(root).items())
    return hashlib.sha256(repr(files).encode()).hexdigest()


def usable(req: Request) -> bool:
    """Whether *req*'s personal copies can be stamped over plain pages."""
    from ..press.copies import mentions_client, plain_name
    from .gallery import files

    c = req.client
    if c is None or c.note or req.options.large_print or not plain_name(c.name):
        return False
    paths = [req.root / "layouts" / "brand.yaml"]
    found = files(req.root, req.language)
    paths += [found[s] for s in req.slugs or found if s in found]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths if p.is_file()]
    return not mentions_client(*texts)


def _base(req: Request, slug: str, day: _dt.date, state: str) -> _Base | None:
    from ..content.client import Client
    from ..content.project import load_project
    from ..layout.fitting import fit_sources
    from ..layout.render import Source

    key = (str(req.root.resolve()), slug, day, req.options.grayscale, req.language)
    base = _bases.get(key)
    if base is not None and base.state == state:
        return base
    for old in [k for k, b in _bases.items() if b.state != state]:
        del _bases[old]  # the files changed: every page is laid out afresh
    project = load_project(req.root, client=Client(name="-"), day=day, only=[slug],
                           language=req.language)
    (entry,) = project.select([slug])
    (fitted,) = fit_sources(project, [Source(entry.slug, entry.file, entry.handout, entry.layout,
                                             grayscale=req.options.grayscale)], keep_pdf=True)
    if fitted.pdf is None:
        return None
    _bases[key] = _Base(state, entry.handout.title, entry.handout.reviewed, fitted, project)
    return _bases[key]


def copies(req: Request) -> tuple[list[tuple[str, _Base, bytes]], str, _dt.date] | None:
    """Each handout of *req* stamped for its client: (slug, plain page, copy), the
    "Prepared for" line and its date; None when a page cannot be shared after all."""
    from ..content.dates import source_date
    from ..content.markup import isolate, protect
    from ..content.words import words
    from ..layout.render import stamp_pages
    from ..pdf.pages import stamped

    assert req.client is not None
    day = req.client.day or source_date() or _dt.date.today()
    prepared = words(req.root, req.language).prepared_for(isolate(req.client.name), day)
    state = _state(req.root)
    made = []
    for slug in dict.fromkeys(req.slugs or []):
        base = _base(req, slug, day, state)
        if base is None:
            return None
        pages = stamped(base.fitted.pdf, stamp_pages(base.fitted.theme, [protect(prepared)], day))
        if pages is None:
            return None
        made.append((slug, base, pages[0]))
    return made, prepared, day


def _report(req: Request, made: list[tuple[str, _Base, bytes]], paths: list[Path | None]
            ) -> BuildReport:
    from ..press.pipeline import BuildReport, HandoutResult

    return BuildReport(handouts=[HandoutResult(slug, b.title, b.fitted.theme.scale, path=path,
                                               reviewed=b.reviewed)
                                 for (slug, b, _), path in zip(made, paths, strict=True)])


def handouts(req: Request) -> BuildReport | None:
    """Write *req*'s personal handouts where a build would (out/clients/<name>/), stamped
    over warm plain pages; None when they cannot be (the caller builds them instead)."""
    from ..press import naming
    from ..press.outputs import inside, locked, write_atomic

    found = copies(req)
    if found is None:
        return None
    made, _, _ = found
    out, variant = req.outputs.folder, naming.variant(req)
    paths: list[Path | None] = [inside(out, naming.handout_path(out, slug, b.title, req.client,
                                                                variant)).resolve()
                                for slug, b, _ in made]
    with locked(out):
        for path, (_, _, data) in zip(paths, made, strict=True):
            write_atomic(path, data)  # type: ignore[arg-type]
    return _report(req, made, paths)


def booklet(req: Request) -> BuildReport | None:
    """Write *req*'s personal booklet where a build would (in the client's folder) from
    pages stamped over warm plain ones; None when they cannot be (the caller builds it)."""
    from ..press import naming
    from ..press.outputs import inside, locked, write_atomic
    from ..pdf.booklet import draft_booklet, finish_booklet, start_booklet

    found = copies(req)
    if found is None:
        return None
    made, prepared, day = found
    project = made[0][1].project
    draft = draft_booklet(project, [(b.fitted.source.handout, b.fitted.source.layout)
                                    for _, b, _ in made], day=day,
                          grayscale=req.options.grayscale, prepared_for=prepared)
    assembler = start_booklet(draft)
    for _, _, data in made:
        assembler.add(data)
    data = finish_booklet(draft, assembler)
    out = req.outputs.folder
    target = naming.booklet_path(out, project.brand, req.client, naming.variant(req))
    path = inside(out, target).resolve()
    with locked(out):
        write_atomic(path, data)
    report = _report(req, made, [None] * len(made))
    report.booklet, report.booklet_pages = path, draft.total
    return report
