"""Fitting handouts to one page each, with every problem gathered before raising."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError, Problem, UsageError

if TYPE_CHECKING:
    from ..content.project import Entry, Project


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


def _line_with(path: Path, char: str) -> int | None:
    """The first line of *path* holding *char*, if any (to point at an unprintable one)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if char and char in line), None)
