"""`check`: validate everything, lay every handout out, and report what a therapist should
know, collecting every problem rather than stopping at the first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, Problem
from .pipeline import fit_all, load
from .textstats import grade, word_count

GRADE_LIMIT = 8.0


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
        fits = {f.source.slug: f.theme.scale for f in fit_all(project, project.entries)}
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
