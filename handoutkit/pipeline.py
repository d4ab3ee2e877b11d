"""The build, straight through: load and check everything, lay everything out in memory,
and only then write files. Returns results; never prints.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import naming
from .errors import ContentError, Problem, UsageError
from .markup import isolate
from .model import Brand
from .project import Entry, Project, load_project
from .templating import Client, format_date


@dataclass
class HandoutResult:
    """What happened to one handout."""

    slug: str
    title: str
    scale: float
    path: Path | None = None
    reviewed: _dt.date | None = None  # the handout's version, for the delivery log

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
            problems.append(Problem(source.file, None, str(exc)))
    if problems:
        raise ContentError(problems)
    return fitted


Progress = Callable[[int, int, str], None]  # (done, total, what) after each laid-out file


def build(root: Path, out_dir: Path, slugs: list[str] | None = None, *,
          handouts: bool = True, booklet_path: Path | None = None,
          progress: Progress | None = None, client: Client | None = None,
          day: _dt.date | None = None, grayscale: bool = False,
          imposed_path: Path | None = None) -> BuildReport:
    """Build handout PDFs and, given *booklet_path*, the booklet (and its fold-and-staple
    version at *imposed_path*).

    With a *client*, pages say who they were prepared for and when (*day*, default today),
    carry the client's note, and go to out/clients/<name>/. *grayscale* makes toner-light
    versions. *progress*, when given, is called after each file is laid out, before
    anything is written, so a caller can show a progress bar.
    """
    from .outputs import inside, locked, write_atomic
    from .render import Source, render_one

    if client is not None and day is None:
        day = source_date() or _dt.date.today()
    project = load_project(root, client=client, day=day or source_date())
    prepared = f"Prepared for {isolate(client.name)} \u00b7 {format_date(day)}" \
        if client and day else None
    sources = [Source(e.slug, e.file, e.handout, e.layout, prepared_for=prepared,
                      note=(client.note or None) if client else None, grayscale=grayscale)
               for e in project.select(slugs)]
    fitted = fit_sources(project, sources, keep_pdf=handouts)
    files: dict[Path, bytes] = {}
    report = BuildReport()
    total = (len(fitted) if handouts else 0) + (booklet_path is not None)
    for f in fitted:
        result = HandoutResult(f.source.slug, f.source.handout.title, f.theme.scale,
                               reviewed=f.source.handout.reviewed)
        if handouts:
            result.path = inside(out_dir, naming.handout_path(
                out_dir, f.source.slug, f.source.handout.title, client, grayscale=grayscale))
            files[result.path] = render_one(f)
            if progress:
                progress(len(files), total, f.source.slug)
        report.handouts.append(result)
    if booklet_path is not None:
        from .booklet_build import make_booklet

        data, pages = make_booklet(project, fitted, day=day or source_date(),
                                   grayscale=grayscale, prepared_for=prepared)
        report.booklet, report.booklet_pages = booklet_path.resolve(), pages
        files[report.booklet] = data
        if imposed_path is not None:
            from .impose import impose_booklet

            report.imposed = imposed_path.resolve()
            files[report.imposed] = impose_booklet(data)
        if progress:
            progress(total, total, "booklet")
    with locked(out_dir):  # only now, with everything laid out, touch the disk
        for path, data in files.items():
            write_atomic(path, data)
    return report


def personal_booklet_path(out_dir: Path, client: Client, brand: Brand, *,
                          grayscale: bool = False) -> Path:
    """Where a client's own booklet goes (in their folder under out/clients/)."""
    return naming.booklet_path(out_dir, brand, client, grayscale=grayscale)
