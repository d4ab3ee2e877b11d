"""Editing one handout: its text with a version, a picture of unsaved text, a safe save.

The version of a file is the SHA-256 of its bytes. Unsaved text is checked by the same
loader, validation and build as the project's files (in a copy made of links, see
scratch.py), so its problems read exactly as `check` and `build` would report them. A save
writes the file atomically, only when the text has no errors and the file on disk is still
the version that was opened; otherwise the file is left exactly as it was. Not
thread-safe: callers check and save one text at a time.
"""

from __future__ import annotations

import hashlib
import typing
from dataclasses import dataclass
from pathlib import Path

from ..press.request import Options, Outputs, Request
from ..errors import ContentError, OutputError, UsageError
from .gallery import DEFAULT_LANGUAGE, files, known

PREVIEW_DPI = 80  # a letter page becomes 680 x 880 pixels


@dataclass(frozen=True)
class Source:
    """A handout file's text and the version it was read at."""

    slug: str
    lang: str
    yaml: str
    version: str
    file: str  # as problems name it, like handouts/psoas.yaml


@dataclass(frozen=True)
class Saved:
    """What a save did: the new version, or *stale* when the file had changed meanwhile."""

    version: str | None
    stale: bool = False
    current: str | None = None  # the version on disk when stale


def version_of(data: bytes) -> str:
    """The version of a file's bytes (SHA-256, hex)."""
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OutputError(f"{path.name}: cannot be read ({exc.strerror})") from None


def display(root: Path, path: Path) -> str:
    """A handout file's path as problems show it (handouts/psoas.yaml)."""
    return path.relative_to(root).as_posix()


def read_source(root: Path, slug: str, lang: str = DEFAULT_LANGUAGE) -> Source:
    """The text of handout *slug* and its version."""
    path = known(root, slug, lang)
    raw = _read(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError.single(display(root, path), line, "the file is not UTF-8 text; save "
                                  "it as UTF-8 in your editor") from None
    return Source(slug, lang, text, version_of(raw), display(root, path))


def _built(root: Path, slug: str, lang: str, text: str) -> tuple[Path, Path]:
    """Build *text* as handout *slug* in the scratch copy: (the copy's root, the PDF).
    Raises ContentError with every problem, as a build of the saved file would."""
    from .making import build
    from .scratch import edit_root

    view = edit_root(root, known(root, slug, lang), text)
    report = build(Request(root=view, outputs=Outputs(folder=view / "out"), handouts=(slug,),
                           language=lang, options=Options(force=True, remember=False, jobs=1)))
    path = report.handouts[0].path if report.handouts else None
    if path is None:
        raise ContentError.single(f"handouts/{slug}.yaml", None, "was not built")
    return view, path


def preview(root: Path, slug: str, text: str, lang: str = DEFAULT_LANGUAGE,
            dpi: int = PREVIEW_DPI) -> bytes:
    """A PNG of the page *text* would make as handout *slug*; the handout file is not
    written. Raises ContentError with every problem."""
    from .gallery import picture

    _, pdf = _built(root, slug, lang, text)
    return picture(pdf, dpi)


def _clashes(view: Path, slug: str) -> None:
    """Problems that only show with every handout loaded (an 'order' another one uses)."""
    from ..content.dates import source_date
    from ..content.project import load_project

    mine = load_project(view, day=source_date()).broken.get(slug)
    if mine:
        raise ContentError(mine)


def save(root: Path, slug: str, text: str, version: str,
         lang: str = DEFAULT_LANGUAGE) -> Saved:
    """Write *text* to handout *slug* when it has no errors and the file is still at
    *version*. A stale version gives Saved(stale=True); errors raise ContentError. The
    file is replaced atomically, or left exactly as it was."""
    from ..press.outputs import write_atomic

    path = known(root, slug, lang)
    now = version_of(_read(path))
    if now != version:
        return Saved(None, stale=True, current=now)
    view, _ = _built(root, slug, lang, text)
    if lang == DEFAULT_LANGUAGE:
        _clashes(view, slug)
    data = text.encode("utf-8")
    now = version_of(_read(path))  # checking took a moment: look again just before writing
    if now != version:
        return Saved(None, stale=True, current=now)
    write_atomic(path, data)
    return Saved(version_of(data))


def create(root: Path, slug: str, title: str, category: str) -> str | None:
    """Start handout *slug* as `new` does; its slug, or None when it exists already."""
    from .authoring import new

    if slug in files(root, DEFAULT_LANGUAGE):
        return None
    try:
        new(root, slug, title, category)
    except OutputError:
        if slug in files(root, DEFAULT_LANGUAGE):
            return None  # made meanwhile by someone else
        raise
    return slug


def block_types() -> list[tuple[str, str]]:
    """Every block type a handout may use, with one line on what it is for."""
    from ..content import model

    union = typing.get_args(model.Block)[0]
    found = {}
    for cls in typing.get_args(union):
        name = typing.get_args(cls.model_fields["type"].annotation)[0]
        found[name] = (cls.__doc__ or "").strip().splitlines()[0]
    return [(name, found.get(name, "")) for name in model.BLOCK_TYPES]


def categories() -> list[str]:
    """The categories a handout may have."""
    from ..content import model

    return list(typing.get_args(model.Handout.model_fields["category"].annotation))


def check_slug(slug: str) -> str:
    """*slug* when it can name a new handout, else UsageError."""
    from .gallery import SLUG

    if not SLUG.match(slug):
        raise UsageError("a handout's short name uses only small letters, digits and hyphens, "
                         "like 'hip-stretches'")
    return slug
