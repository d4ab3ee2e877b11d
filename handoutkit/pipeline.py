"""The build, straight through: load and check everything, lay everything out in memory,
and only then write files. Returns results; never prints.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import naming
from .cache import MANIFEST, Manifest
from .cache import Entry as CacheEntry
from .errors import ContentError, Problem, UsageError

if TYPE_CHECKING:  # loaded lazily: a build with nothing to do needs none of them
    from .client import Client
    from .model import Brand
    from .prefetch import Prefetch
    from .project import Entry, Project


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


def source_date() -> _dt.date | None:
    """The date from SOURCE_DATE_EPOCH, when set (reproducible builds)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return _dt.datetime.fromtimestamp(int(raw), tz=_dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return None


def load(root: Path) -> Project:
    """The project under *root*, validated (raises ContentError with every problem)."""
    from .project import load_project

    return load_project(root, day=source_date())


def fit_all(project: Project, entries: list[Entry]) -> list:  # list[Fitted]
    """Fit every entry to one page; ContentError lists every handout that does not fit."""
    from .render import Source

    return fit_sources(project, [Source(e.slug, e.file, e.handout, e.layout) for e in entries])


def fit_sources(project: Project, sources: list, *,
                keep_pdf: bool = False) -> list:  # list[Source] -> list[Fitted]
    """Fit each source to one page, collecting every problem before raising."""
    from .glyphs import MissingGlyphError
    from .render import fit

    fitted, problems = [], []
    for source in sources:
        try:
            fitted.append(fit(source, project.brand, project.root, keep_pdf=keep_pdf))
        except ContentError as exc:
            problems.extend(exc.problems)
        except MissingGlyphError as exc:
            if exc.char in f"{source.prepared_for or ''}{source.note or ''}":
                raise UsageError(f"the client's name or note: {exc}") from None
            problems.append(Problem(source.file, _line_with(project.root / source.file, exc.char),
                                    str(exc)))
    if problems:
        raise ContentError(problems)
    return fitted


Progress = Callable[[int, int, str], None]  # (done, total, what) after each laid-out file


def _line_with(path: Path, char: str) -> int | None:
    """The first line of *path* holding *char*, if any (to point at an unprintable one)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if char and char in line), None)


def build(root: Path, out_dir: Path, slugs: list[str] | None = None, *,
          handouts: bool = True, booklet_path: Path | None = None,
          progress: Progress | None = None, client: Client | None = None,
          day: _dt.date | None = None, grayscale: bool = False,
          imposed_path: Path | None = None, force: bool = False,
          remember: bool = True, jobs: int | None = None) -> BuildReport:
    """Build handout PDFs and, given *booklet_path*, the booklet (and its fold-and-staple
    version at *imposed_path*).

    With a *client*, pages say who they were prepared for and when (*day*, default today),
    carry the client's note, and go to out/clients/<name>/. *grayscale* makes toner-light
    versions. Outputs whose inputs have not changed since they were written are skipped
    (*force* rebuilds them); when nothing changed, no PDF library is even loaded.
    *remember* False leaves the build record alone (a batch of one-off personal copies).
    Handouts are laid out on *jobs* processes (default: one per core).
    *progress*, when given, is called after each file is laid out, before anything is
    written, so a caller can show a progress bar.
    """
    from .cache import Inputs, Manifest, options_key

    if client is not None and day is None:
        day = source_date() or _dt.date.today()
    inputs, manifest = Inputs(root.resolve()), Manifest(out_dir)
    opts = options_key(client=client.name if client else None, note=client.note if client else None,
                       day=day, grayscale=grayscale, source_date=source_date())
    wanted = list(dict.fromkeys(slugs or inputs.slugs()))
    keys = {s: inputs.handout(s) for s in wanted}
    requests = {s: f"handout:{s}:{opts}" for s in wanted}
    fresh = {} if force else {s: manifest.fresh(requests[s], k[0]) for s, k in keys.items() if k}
    booklet_request = booklet_key = None
    if booklet_path is not None:
        booklet_request = f"booklet:{booklet_path.resolve()}:{imposed_path}:{opts}"
        parts = sorted((k[1], s, k[0]) for s, k in keys.items() if k)
        booklet_key = hashlib.sha256(repr((parts, inputs.common(), opts)).encode()).hexdigest()
    booklet_fresh = None if force or booklet_request is None or None in keys.values() or \
        (imposed_path is not None and not imposed_path.exists()) else \
        manifest.fresh(booklet_request, booklet_key or "")
    if all(fresh.get(s) for s in wanted) and (booklet_path is None or booklet_fresh):
        return _unchanged(manifest, out_dir, wanted, requests, handouts, booklet_fresh)
    if booklet_fresh:  # its inputs did not change (a handout PDF was only deleted or edited)
        booklet_path = imposed_path = None
    from .prefetch import Prefetch  # pictures converted on a spare core meanwhile

    ahead = Prefetch(inputs.root, inputs.fonts(), inputs.pictures(
        [s for s in wanted if not fresh.get(s)]), jobs=jobs)
    try:
        report = _rebuild(root, out_dir, slugs, manifest, fresh, requests, keys, handouts=handouts,
                          booklet=(booklet_path, imposed_path, booklet_request, booklet_key),
                          progress=progress, client=client, day=day, grayscale=grayscale,
                          remember=remember, jobs=jobs, ahead=ahead)
    finally:
        ahead.stop()
    if booklet_fresh:
        report.booklet, report.booklet_pages = (out_dir / booklet_fresh.path).resolve(), \
            booklet_fresh.pages
        report.booklet_unchanged = True
    return report


def _unchanged(manifest: Manifest, out_dir: Path, wanted: list[str], requests: dict[str, str],
               handouts: bool, booklet: CacheEntry | None) -> BuildReport:
    report = BuildReport()
    for slug in wanted:
        e = manifest.entries[requests[slug]]
        report.handouts.append(HandoutResult(
            slug, e.title, e.scale, path=(out_dir / e.path).resolve() if handouts else None,
            reviewed=_dt.date.fromisoformat(e.reviewed) if e.reviewed else None, unchanged=True))
    if booklet is not None:
        report.booklet, report.booklet_pages = (out_dir / booklet.path).resolve(), booklet.pages
        report.booklet_unchanged = True
    return report


def _rebuild(root: Path, out_dir: Path, slugs: list[str] | None, manifest: Manifest,
             fresh: dict[str, CacheEntry | None], requests: dict[str, str],
             keys: dict[str, tuple[str, int] | None], *, handouts: bool,
             booklet: tuple[Path | None, Path | None, str | None, str | None],
             progress: Progress | None, client: Client | None, day: _dt.date | None,
             grayscale: bool, remember: bool, jobs: int | None, ahead: Prefetch) -> BuildReport:
    from . import parallel
    from .markup import isolate
    from .outputs import inside, locked, write_atomic
    from .project import load_project
    from .render import Source, render_one, warm
    from .templating import format_date

    booklet_path, imposed_path, booklet_request, booklet_key = booklet
    project = load_project(root, client=client, day=day or source_date(), only=slugs)
    prepared = f"Prepared for {isolate(client.name)} \u00b7 {format_date(day)}" \
        if client and day else None
    sources = [Source(e.slug, e.file, e.handout, e.layout, prepared_for=prepared,
                      note=(client.note or None) if client else None, grayscale=grayscale)
               for e in project.select(slugs)]
    # The booklet is made of the handout PDFs: unchanged ones are read back, not redrawn.
    kept = _read_unchanged(out_dir, fresh) if booklet_path is not None else {}
    stale = [s for s in sources if s.slug not in kept and not (handouts and fresh.get(s.slug))]
    ahead.take()  # the pictures converted meanwhile, before the workers fork
    if len(stale) > 1:
        warm(project.brand, stale[0].layout, project.root)
    fitted, made = parallel.lay_out(project, sources, stale, fresh, kept, keep_pdf=handouts or booklet_path
                            is not None, jobs=jobs, booklet=booklet_path is not None,
                            day=day or source_date(), grayscale=grayscale, prepared=prepared,
                            progress=progress)
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
            result.path = inside(out_dir, naming.handout_path(
                out_dir, f.source.slug, handout.title, client, grayscale=grayscale)).resolve()
            result.unchanged = f.source.slug not in fitted_stale
            if not result.unchanged:
                files[result.path] = render_one(f)
                key = keys.get(f.source.slug)
                if key:
                    facts["sha256"] = hashlib.sha256(files[result.path]).hexdigest()
                    records.append((requests[f.source.slug], result.path, key[0], facts))
        report.handouts.append(result)
    if booklet_path is not None and made is not None:
        data, pages = made
        report.booklet, report.booklet_pages = booklet_path.resolve(), pages
        files[report.booklet] = data
        if booklet_request and booklet_key:
            records.append((booklet_request, report.booklet, booklet_key, {"pages": pages}))
        if imposed_path is not None:
            from .impose import impose_booklet

            report.imposed = imposed_path.resolve()
            files[report.imposed] = impose_booklet(data)
    with locked(out_dir):  # only now, with everything laid out, touch the disk
        for path, data in files.items():
            write_atomic(path, data)
        if remember:
            manifest = Manifest(out_dir)  # re-read under the lock: another build may have added
            for request, path, key, facts in records:
                manifest.record(request, path, key, **facts)
            write_atomic(out_dir / MANIFEST, manifest.data())
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


def personal_booklet_path(out_dir: Path, client: Client, brand: Brand, *,
                          grayscale: bool = False) -> Path:
    """Where a client's own booklet goes (in their folder under out/clients/)."""
    return naming.booklet_path(out_dir, brand, client, grayscale=grayscale)
