"""Looking after the handouts: list, check, preview, start a new one, editor schemas."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..press.request import Progress, Request

if TYPE_CHECKING:
    from ..authoring.checking import CheckReport
    from ..authoring.preview import PreviewReport


@dataclass(frozen=True)
class HandoutInfo:
    """One handout as a list or a gallery shows it."""

    slug: str
    title: str
    subtitle: str | None
    category: str
    reviewed: _dt.date
    file: str  # its path in the project, like handouts/psoas.yaml


def list_handouts(root: Path, language: str = "en") -> list[HandoutInfo]:
    """Every handout in *language*, in booklet order. A broken file is a ContentError,
    never left out."""
    from ..content.project import load

    project = load(root, language)
    project.select(None)  # a broken file is reported, not silently left out of the list
    return [HandoutInfo(e.slug, e.handout.title, e.handout.subtitle, e.handout.category,
                        e.handout.reviewed, e.file) for e in project.entries]


def check(root: Path, language: str = "en") -> CheckReport:
    """Every problem in every file, with reading level, words and fit of each handout; in
    another language also how each translation compares with its English source."""
    from ..authoring.checking import check as run

    return run(root, language)


def preview(req: Request, progress: Progress | None = None) -> PreviewReport:
    """Pictures of *req*'s handouts, a contact sheet and the gallery page (out/index.html)."""
    from ..authoring.preview import make_previews

    return make_previews(req, progress)


def new(root: Path, slug: str, title: str, category: str, language: str = "en") -> Path:
    """Start handouts/SLUG.yaml (handouts/<language>/SLUG.yaml) from a commented file that
    already builds to one page."""
    from ..authoring.template import new_handout

    return new_handout(root, slug, title, category, language)


def write_schemas(root: Path) -> list[Path]:
    """Write the JSON Schemas editors use to schema/; the files written."""
    from ..press.outputs import write_atomic
    from ..content.schema import schemas

    written = []
    for name, text in schemas().items():
        write_atomic(root / "schema" / name, text.encode())
        written.append(root / "schema" / name)
    return written
