"""The practice's details (layouts/brand.yaml) as the Practice view reads and saves them.

A save is one function, `save_practice`: it checks every field the page sends (practicecheck),
changes only those values in the file with a round-trip YAML library (ruamel.yaml), so the
file keeps its comments, key order and every key the page does not show, takes a filled-in
field off `placeholders:`, validates the result as `build` would, and writes it atomically
(press/versions.keep_then_write: the version it replaces is kept), only when the file on
disk is still the version that was opened.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, OutputError, Problem
from . import practicecheck as pc
from .editing import version_of

BRAND = "layouts/brand.yaml"


@dataclass(frozen=True)
class PracticeEdit:
    """What the Practice view sends: the version it opened, and the fields to change
    (practice, therapist, colours, disclaimer, languages: as GET /api/practice shows them);
    *smtp* sets the mail settings (host, port, security, user, from_address, provider)."""

    version: str
    fields: dict[str, Any] = field(default_factory=dict)
    smtp: dict[str, Any] | None = None


@dataclass(frozen=True)
class PracticeSaved:
    """What a save did: the new version and what is still a placeholder, or *stale*."""

    version: str | None
    placeholders: list[str] = field(default_factory=list)
    stale: bool = False


def brand_path(root: Path) -> Path:
    """The brand file of the project at *root*."""
    return root / "layouts" / "brand.yaml"


def _read(root: Path) -> bytes:
    try:
        return brand_path(root).read_bytes()
    except OSError as exc:
        raise OutputError(f"{BRAND}: cannot be read ({exc.strerror})") from None


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError.single(BRAND, None, "the file is not UTF-8 text; save it as UTF-8") \
            from None


def read_practice(root: Path) -> dict[str, Any]:
    """What the Practice view shows: the fields, the version and the placeholders."""
    from ..content.placeholders import placeholders

    raw = _read(root)
    brand = _validated(_text(raw))
    languages = {code: {"tagline": t.tagline or "", "disclaimer": t.disclaimer or ""}
                 for code, t in brand.languages.items()}
    return {"version": version_of(raw),
            "practice": {k: getattr(brand.practice, k) or "" for k in pc.PRACTICE},
            "therapist": {k: getattr(brand.therapist, k) or "" for k in pc.THERAPIST},
            "colours": brand.colours.model_dump(), "disclaimer": brand.disclaimer,
            "languages": languages, "placeholders": placeholders(brand)}


def _yaml() -> Any:
    from ruamel.yaml import YAML

    rt = YAML()  # round trip: comments, order, quoting and flow style are kept
    rt.width = 4096  # never re-wrap a long line the page did not change
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _problems(root: Path, text: str, changes: dict[pc.Path_, Any]) -> list[Problem]:
    """One problem per field that cannot take its value, at the field's line."""
    from ..content.yamlload import load_yaml_text

    loaded = load_yaml_text(text, BRAND)
    out = [Problem(BRAND, loaded.line_of(path), why) for path, value in changes.items()
           if (why := pc.check_value(path, value))]
    if any(p.message.startswith("colours.") for p in out):
        return out  # a colour that is not one cannot be measured
    from ..content.settings import Colours

    colours = {**Colours().model_dump(), **dict((loaded.data or {}).get("colours") or {})}
    changed = {p[1] for p in changes if p[0] == "colours"}
    colours.update({p[1]: v.strip() for p, v in changes.items() if p[0] == "colours"})
    return out + [Problem(BRAND, loaded.line_of(("colours", name)), why)
                  for name, why in pc.colour_problems(colours, changed).items()]


def _set(data: Any, path: pc.Path_, value: Any) -> None:
    """Set *path* in the round-trip data to *value* only when it differs; an empty optional
    field is removed. A folded or literal block stays one."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    node = data
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = CommentedMap()
        node = node[key]
    key = path[-1]
    value = value.strip() if isinstance(value, str) else value
    if value in (None, ""):
        node.pop(key, None)
        return
    old = node.get(key)
    same = (str(old).strip().upper() == str(value).upper()) if path[0] == "colours" else \
        (str(old).strip() == value)
    if old is not None and same:
        return
    if isinstance(old, FoldedScalarString):
        value = FoldedScalarString(value)
    elif isinstance(old, LiteralScalarString):
        value = LiteralScalarString(value)
    node[key] = value


def _take_off(data: Any, changes: dict[pc.Path_, Any]) -> None:
    """A practice field filled in with a real value leaves `placeholders:`."""
    from ..content.placeholders import fictional

    listed = data.get("placeholders")
    if not listed:
        return
    for path, value in changes.items():
        if path[0] == "practice" and path[1] in listed and isinstance(value, str) \
                and value.strip() and not fictional(value):
            listed.remove(path[1])


def changed_text(root: Path, text: str, edit: PracticeEdit) -> str:
    """The brand file's *text* with the edit's fields changed (checked first: ContentError
    with one problem per field), comments and everything else kept."""
    changes = pc.fields(edit.fields)
    problems = _problems(root, text, changes)
    if problems:
        raise ContentError(problems)
    rt = _yaml()
    data = rt.load(text)
    for path, value in changes.items():
        _set(data, path, value)
    for name, value in (edit.smtp or {}).items():
        _set(data, ("smtp", name), value)
    _take_off(data, changes)
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _validated(text: str) -> Any:
    """The Brand the text makes, or ContentError as `build` would report it."""
    from ..content.settings import Brand
    from ..content.validation import validate
    from ..content.yamlload import load_yaml_text

    loaded = load_yaml_text(text, BRAND)
    if loaded.problems:
        raise ContentError(loaded.problems)
    return validate(Brand, loaded)


def save_practice(root: Path, edit: PracticeEdit) -> PracticeSaved:
    """Write the edit to layouts/brand.yaml when every field is valid and the file is still
    at edit.version; a stale version gives PracticeSaved(stale=True), errors raise
    ContentError. The file is replaced atomically, or left exactly as it was."""
    from ..content.placeholders import placeholders
    from ..press.versions import keep_then_write

    raw = _read(root)
    if version_of(raw) != edit.version:
        return PracticeSaved(None, stale=True)
    text = changed_text(root, _text(raw), edit)
    brand = _validated(text)
    data = text.encode("utf-8")
    if version_of(_read(root)) != edit.version:  # look again just before writing
        return PracticeSaved(None, stale=True)
    if data != raw:  # the version it replaces is kept first (press/versions.py)
        keep_then_write(root, brand_path(root), data)
    return PracticeSaved(version_of(data), placeholders(brand))


def preview_practice(root: Path, slug: str, edit: PracticeEdit, lang: str = "en") -> bytes:
    """A PNG of handout *slug* drawn with the unsaved details; nothing is written to the
    project. Raises ContentError with the problems."""
    from ..press.request import Options, Outputs, Request
    from .gallery import known, picture
    from .making import build
    from .scratch import brand_root

    known(root, slug, lang)
    text = changed_text(root, _text(_read(root)), edit)
    _validated(text)
    view = brand_root(root, text)
    report = build(Request(root=view, outputs=Outputs(folder=view / "out"), handouts=(slug,),
                           language=lang, options=Options(force=True, remember=False, jobs=1)))
    path = report.handouts[0].path if report.handouts else None
    if path is None:
        raise ContentError.single(f"handouts/{slug}.yaml", None, "was not built")
    return picture(path, 80)


def current_version(root: Path) -> str:
    """The version of layouts/brand.yaml on disk now."""
    return version_of(_read(root))


def brand_of(root: Path) -> Any:
    """The project's Brand, read from layouts/brand.yaml alone (ContentError as `build`
    would report it)."""
    return _validated(_text(_read(root)))
