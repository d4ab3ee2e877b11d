"""The build, straight through: load and check everything, lay everything out in memory,
and only then write files. Returns results; never prints.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, Problem
from .project import Entry, Project, load_project
from .textstats import grade, word_count

GRADE_LIMIT = 8.0


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


@dataclass
class CheckItem:
    """Check results for one handout."""

    slug: str
    title: str
    words: int
    grade: float
    scale: float | None


@dataclass
class CheckReport:
    """Everything `check` found: per-handout facts, warnings and errors."""

    items: list[CheckItem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


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


def _fit_all(project: Project, entries: list[Entry]) -> list:  # list[Fitted]
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


def build(root: Path, out_dir: Path, slugs: list[str] | None = None, *,
          handouts: bool = True, booklet_path: Path | None = None) -> BuildReport:
    """Build handout PDFs into out_dir/handouts and, given *booklet_path*, the booklet."""
    from .outputs import inside, locked, write_atomic
    from .render import render_one

    project = load(root)
    fitted = _fit_all(project, project.select(slugs))
    files: dict[Path, bytes] = {}
    report = BuildReport()
    for f in fitted:
        result = HandoutResult(f.source.slug, f.source.handout.title, f.theme.scale)
        if handouts:
            result.path = inside(out_dir, out_dir / "handouts" / f"{f.source.slug}.pdf")
            files[result.path] = render_one(f)
        report.handouts.append(result)
    if booklet_path is not None:
        from .booklet_build import make_booklet

        data, pages = make_booklet(project, fitted, day=source_date())
        report.booklet, report.booklet_pages = booklet_path.resolve(), pages
        files[report.booklet] = data
    with locked(out_dir):  # only now, with everything laid out, touch the disk
        for path, data in files.items():
            write_atomic(path, data)
    return report


def check(root: Path) -> CheckReport:
    """Validate everything and lay every handout out, collecting all problems."""
    report = CheckReport()
    try:
        project = load(root)
    except ContentError as exc:
        report.errors = exc.problems
        return report
    report.errors.extend(project.problems)
    for field_name in project.brand.placeholders:
        report.warnings.append(Problem("layouts/brand.yaml", None,
                                       f"'{field_name}' is still a placeholder; put in the "
                                       "practice's real details and remove it from 'placeholders'"))
    fits: dict[str, float] = {}
    try:
        fits = {f.source.slug: f.theme.scale for f in _fit_all(project, project.entries)}
    except ContentError as exc:
        report.errors.extend(exc.problems)
    for e in project.entries:
        g = grade(e.handout.blocks)
        report.items.append(CheckItem(e.slug, e.handout.title, word_count(e.handout.blocks), g,
                                      fits.get(e.slug)))
        if g > GRADE_LIMIT:
            report.warnings.append(Problem(e.file, None, f"reads at grade {g:.1f}; aim for 8 or "
                                           "lower with shorter sentences and everyday words"))
    return report
