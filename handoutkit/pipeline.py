"""The build, straight through: load and check everything, lay everything out in memory,
and only then write files. Returns results; never prints.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .project import Entry, Project, load_project


@dataclass
class HandoutResult:
    """What happened to one handout."""

    slug: str
    title: str
    scale: float
    path: Path | None = None

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
    from .render import Source, fit

    fitted, problems = [], []
    for e in entries:
        try:
            fitted.append(fit(Source(e.slug, e.file, e.handout, e.layout), project.brand, project.root))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return fitted


Progress = Callable[[int, int, str], None]  # (done, total, what) after each laid-out file


def build(root: Path, out_dir: Path, slugs: list[str] | None = None, *,
          handouts: bool = True, booklet_path: Path | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Build handout PDFs into out_dir/handouts and, given *booklet_path*, the booklet.

    *progress*, when given, is called after each file is laid out (before anything is
    written), so a caller can show a progress bar.
    """
    from .outputs import inside, locked, write_atomic
    from .render import render_one

    project = load(root)
    fitted = fit_all(project, project.select(slugs))
    files: dict[Path, bytes] = {}
    report = BuildReport()
    total = (len(fitted) if handouts else 0) + (booklet_path is not None)
    for f in fitted:
        result = HandoutResult(f.source.slug, f.source.handout.title, f.theme.scale)
        if handouts:
            result.path = inside(out_dir, out_dir / "handouts" / f"{f.source.slug}.pdf")
            files[result.path] = render_one(f)
            if progress:
                progress(len(files), total, f.source.slug)
        report.handouts.append(result)
    if booklet_path is not None:
        from .booklet_build import make_booklet

        data, pages = make_booklet(project, fitted, day=source_date())
        report.booklet, report.booklet_pages = booklet_path.resolve(), pages
        files[report.booklet] = data
        if progress:
            progress(total, total, "booklet")
    with locked(out_dir):  # only now, with everything laid out, touch the disk
        for path, data in files.items():
            write_atomic(path, data)
    return report
