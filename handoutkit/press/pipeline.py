"""The build, straight through: load and check everything, lay everything out in memory,
and only then write files. Takes one Request; returns results; never prints.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.dates import source_date
from . import naming
from .cache import MANIFEST, Manifest
from .cache import Entry as CacheEntry
from .request import Progress, Request

if TYPE_CHECKING:  # loaded lazily: a build with nothing to do needs none of them
    from .prefetch import Prefetch


@dataclass
class HandoutResult:
    """What happened to one handout."""

    slug: str
    title: str
    scale: float
    path: Path | None = None
    reviewed: _dt.date | None = None  # the handout's version, for the delivery log
    unchanged: bool = False  # skipped: its inputs had not changed since it was written

    @property
    def shrunk(self) -> bool:
        """True when the type had to be made smaller than designed to fit one page."""
        return self.scale < 0.999


@dataclass
class BuildReport:
    """Everything a build wrote."""

    handouts: list[HandoutResult] = field(default_factory=list)
    booklet: Path | None = None
    booklet_pages: int = 0
    imposed: Path | None = None
    booklet_unchanged: bool = False


@dataclass
class _Plan:
    """What the build found it must do, worked out before anything is laid out."""

    manifest: Manifest
    fresh: dict[str, CacheEntry | None]  # handouts whose file is up to date
    records: dict[str, str]  # slug -> its key in the build record
    keys: dict[str, tuple[str, int] | None]  # slug -> (inputs hash, order), None if unreadable
    booklet: Path | None = None
    imposed: Path | None = None
    booklet_record: str | None = None
    booklet_key: str | None = None


def build(request: Request, *, progress: Progress | None = None) -> BuildReport:
    """Build what *request* asks for: handout PDFs and, when asked, the booklet (and its
    fold-and-staple version).

    With a client, pages say who they were prepared for and when (default today), carry
    the client's note, and go to out/clients/<name>/. Outputs whose inputs have not changed
    since they were written are skipped (unless the options say force); when nothing
    changed, no PDF library is even loaded. *progress*, when given, is called after each
    file is laid out, before anything is written, so a caller can show a progress bar.
    """
    from .cache import Inputs, options_key

    client = request.client
    if client is not None and client.day is None:
        request = request.but(client=client.on(source_date() or _dt.date.today()))
        client = request.client
    out, force = request.outputs.folder, request.options.force
    inputs = Inputs(request.root.resolve(), request.language)
    # options a standard English build does not have stay out of its key, which is unchanged
    extra = {k: v for k, v in (("large_print", request.options.large_print),
                               ("language", request.language)) if v and v != "en"}
    opts = options_key(client=client.name if client else None, note=client.note if client else None,
                       day=request.day, grayscale=request.options.grayscale,
                       source_date=source_date(), **extra)
    wanted = list(dict.fromkeys(request.slugs or inputs.slugs()))
    keys = {s: inputs.handout(s) for s in wanted}
    plan = _Plan(Manifest(out), {}, {s: f"handout:{s}:{opts}" for s in wanted}, keys,
                 request.outputs.booklet, request.outputs.imposed)
    if not force:
        plan.fresh = {s: plan.manifest.fresh(plan.records[s], k[0]) for s, k in keys.items() if k}
    booklet_fresh = None
    if plan.booklet is not None:
        plan.booklet_record = f"booklet:{plan.booklet.resolve()}:{plan.imposed}:" \
            f"{request.outputs.sheet}:{opts}"
        parts = sorted((k[1], s, k[0]) for s, k in keys.items() if k)
        plan.booklet_key = hashlib.sha256(repr((parts, inputs.common(), opts)).encode()).hexdigest()
        if not (force or None in keys.values() or (plan.imposed and not plan.imposed.exists())):
            booklet_fresh = plan.manifest.fresh(plan.booklet_record, plan.booklet_key)
    if all(plan.fresh.get(s) for s in wanted) and (plan.booklet is None or booklet_fresh):
        return _unchanged(request, plan, wanted, booklet_fresh)
    if booklet_fresh:  # its inputs did not change (a handout PDF was only deleted or edited)
        plan.booklet = plan.imposed = None
    from .forking import collector
    from .prefetch import Prefetch  # pictures converted on a spare core meanwhile

    with collector(on=False):  # see forking.collector
        ahead = Prefetch(inputs.root, inputs.fonts(), inputs.pictures(
            [s for s in wanted if not plan.fresh.get(s)]), jobs=request.options.jobs)
        try:
            report = _rebuild(request, plan, progress, ahead)
        finally:
            ahead.stop()
    if booklet_fresh:
        report.booklet, report.booklet_pages = (out / booklet_fresh.path).resolve(), \
            booklet_fresh.pages
        report.booklet_unchanged = True
    return report


def _unchanged(request: Request, plan: _Plan, wanted: list[str],
               booklet: CacheEntry | None) -> BuildReport:
    out = request.outputs.folder
    report = BuildReport()
    for slug in wanted:
        e = plan.manifest.entries[plan.records[slug]]
        report.handouts.append(HandoutResult(
            slug, e.title, e.scale, path=(out / e.path).resolve() if request.outputs.handouts else None,
            reviewed=_dt.date.fromisoformat(e.reviewed) if e.reviewed else None, unchanged=True))
    if booklet is not None:
        report.booklet, report.booklet_pages = (out / booklet.path).resolve(), booklet.pages
        report.booklet_unchanged = True
    return report


def _rebuild(request: Request, plan: _Plan, progress: Progress | None,
             ahead: Prefetch) -> BuildReport:
    from ..content.markup import isolate
    from ..content.project import load_project
    from ..content.words import words
    from ..layout.render import Source, render_one, warm
    from .outputs import inside, locked, write_atomic
    from .workers import Work, lay_out

    out, client, day, grey = request.outputs.folder, request.client, request.day, \
        request.options.grayscale
    handouts = request.outputs.handouts
    project = load_project(request.root, client=client, day=day or source_date(),
                           only=request.slugs, language=request.language)
    if request.options.large_print:
        project = project.in_large_print()
    prepared = words(request.root, request.language).prepared_for(isolate(client.name), day) \
        if client and day else None
    sources = [Source(e.slug, e.file, e.handout, e.layout, prepared_for=prepared,
                      note=(client.note or None) if client else None, grayscale=grey)
               for e in project.select(request.slugs)]
    # The booklet is made of the handout PDFs: unchanged ones are read back, not redrawn.
    kept = _read_unchanged(out, plan.fresh) if plan.booklet is not None else {}
    stale = [s for s in sources if s.slug not in kept and not (handouts and plan.fresh.get(s.slug))]
    ahead.take()  # the pictures converted meanwhile, before the workers fork
    if len(stale) > 1:
        warm(project.brand, stale[0].layout, project.root)
    fitted, made = lay_out(project, Work(
        sources, stale, plan.fresh, kept, keep_pdf=handouts or plan.booklet is not None,
        jobs=request.options.jobs, booklet=plan.booklet is not None, day=day or source_date(),
        grayscale=grey, prepared=prepared), progress)
    fitted_stale = {s.slug for s in stale}
    files: dict[Path, bytes] = {}
    report = BuildReport()
    records: list[tuple[str, Path, str, dict[str, object]]] = []
    for f in fitted:
        handout = f.source.handout
        facts = {"scale": f.theme.scale, "title": handout.title,
                 "reviewed": handout.reviewed.isoformat()}
        result = HandoutResult(f.source.slug, handout.title, f.theme.scale,
                               reviewed=handout.reviewed)
        if handouts:
            result.path = inside(out, naming.handout_path(
                out, f.source.slug, handout.title, client, naming.variant(request))).resolve()
            result.unchanged = f.source.slug not in fitted_stale
            if not result.unchanged:
                files[result.path] = render_one(f)
                key = plan.keys.get(f.source.slug)
                if key:
                    facts["sha256"] = hashlib.sha256(files[result.path]).hexdigest()
                    records.append((plan.records[f.source.slug], result.path, key[0], facts))
        report.handouts.append(result)
    if plan.booklet is not None and made is not None:
        data, pages = made
        report.booklet, report.booklet_pages = plan.booklet.resolve(), pages
        files[report.booklet] = data
        if plan.booklet_record and plan.booklet_key:
            records.append((plan.booklet_record, report.booklet, plan.booklet_key, {"pages": pages}))
        if plan.imposed is not None:
            from ..pdf.impose import impose_booklet

            report.imposed = plan.imposed.resolve()
            files[report.imposed] = impose_booklet(data, request.outputs.sheet)
    with locked(out):  # only now, with everything laid out, touch the disk
        for path, data in files.items():
            write_atomic(path, data)
        if request.options.remember:
            manifest = Manifest(out)  # re-read under the lock: another build may have added
            for record, path, key, facts in records:
                manifest.record(record, path, key, **facts)
            write_atomic(out / MANIFEST, manifest.data())
    return report


def _read_unchanged(out_dir: Path, fresh: dict[str, CacheEntry | None]) -> dict[str, bytes]:
    """The PDFs of unchanged handouts, read back when they are exactly what was written."""
    kept = {}
    for slug, entry in fresh.items():
        if entry is None or not entry.sha256:
            continue
        try:
            data = (out_dir / entry.path).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == entry.sha256:
            kept[slug] = data
    return kept
