"""The project's pictures (images/): list them with the handouts that use them, take an
upload (always rewritten, see authoring/uploads.py), give one back, delete one.

A picture's name is its file name without the ending (`psoas` for images/psoas.svg): small
letters, digits and hyphens, at most 60 characters. Replacing or deleting a picture keeps
the old file in versions/ (press/versions.py); a picture a handout or the brand's logo
uses cannot be deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ConflictError, HandoutError, UsageError, shown

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
MAX_UPLOAD = 25 * 1024 * 1024  # bytes one upload may have (the desk's guard holds to it)
SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
BRAND_USER = "brand.yaml"  # how the logo shows in used_by


@dataclass(frozen=True)
class Picture:
    """One picture of the project as the Pictures view lists it."""

    name: str
    file: str  # as a handout names it, like psoas.svg
    width: int
    height: int
    kind: str  # photo, drawing or svg
    bytes: int
    used_by: tuple[str, ...] = ()


def check_name(name: str) -> str:
    """*name* when it can name a picture, else UsageError."""
    if not NAME.match(name):
        raise UsageError(f"'{shown(name)}' cannot name a picture: use small letters, digits "
                         "and hyphens (at most 60), like 'knee-hug-photo', and no folder")
    return name


def every_file(root: Path) -> list[Path]:
    """Every picture file in images/ (not its language folders), SVG first, then PNG, JPEG."""
    folder = root / "images"
    if not folder.is_dir():
        return []
    return [path for suffix in SUFFIXES for path in sorted(folder.glob(f"*{suffix}"))
            if path.is_file() and NAME.match(path.stem)]


def files(root: Path) -> dict[str, Path]:
    """Every picture by name: its file name without the ending or, for a second file of the
    same name (photo.png beside photo.jpg), its whole file name. Looked up, never joined."""
    found: dict[str, Path] = {}
    for path in every_file(root):
        found[path.stem if path.stem not in found else path.name] = path
    return found


def check_lookup(name: str) -> str:
    """*name* when it can name an existing picture (a name, or a file name like photo.jpg)."""
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix}" in SUFFIXES and NAME.match(stem):
        return name
    return check_name(name)


def _refs(data: Any, found: set[str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("file", "image", "logo") and isinstance(value, str):
                found.add(value.strip())
            _refs(value, found)
    elif isinstance(data, list):
        for value in data:
            _refs(value, found)


def users(root: Path) -> dict[str, list[str]]:
    """For each picture file name, the handouts (slug, or lang/slug) and brand.yaml using it."""
    from ..content.yamlload import load_yaml_file
    from .gallery import files as handout_files
    from .gallery import languages

    uses: dict[str, list[str]] = {}
    sources = [(BRAND_USER, root / "layouts" / "brand.yaml")]
    for lang in languages(root):
        prefix = "" if lang == "en" else f"{lang}/"
        sources += [(prefix + slug, p) for slug, p in handout_files(root, lang).items()]
    for who, path in sources:
        try:
            data = load_yaml_file(path, path.name).data
        except (HandoutError, OSError):
            continue  # a broken file names no picture we can trust; check reports it
        refs: set[str] = set()
        _refs(data, refs)
        for ref in refs:
            uses.setdefault(ref, []).append(who)
    return uses


def _describe(path: Path, used: list[str]) -> Picture:
    from PIL import Image

    kind = "svg"
    w = h = 0
    if path.suffix == ".svg":
        from ..authoring.svgclean import svg_size
        from ..content.imagefiles import SvgError, read_svg

        try:
            fw, fh = svg_size(read_svg(path))
            w, h = round(fw), round(fh)
        except SvgError:
            pass
    else:
        try:
            with Image.open(path) as img:
                w, h = img.size
                few = img.mode in ("P", "1", "L", "LA", "PA") or path.suffix == ".png"
                kind = "drawing" if few else "photo"
        except (OSError, ValueError, Image.DecompressionBombError):
            kind = "damaged"
    return Picture(path.stem, path.name, w, h, kind, path.stat().st_size, tuple(sorted(used)))


def listing(root: Path) -> list[Picture]:
    """Every picture with the handouts that use it, by name."""
    uses = users(root)
    return [replace(_describe(p, uses.get(p.name, [])), name=name)
            for name, p in sorted(files(root).items())]


def find(root: Path, name: str) -> Path:
    """The file of picture *name*; UsageError when there is none."""
    path = files(root).get(name) or next((p for p in every_file(root) if p.name == name), None)
    if path is None:
        raise UsageError(f"there is no picture '{shown(name)}'")
    return path


def upload(root: Path, name: str, data: bytes, replace: bool = False) -> Picture:
    """Store *data* as picture *name*, rewritten (authoring/uploads.py). ConflictError when
    a picture of that name exists, unless *replace* (then the old one is kept)."""
    from ..authoring.uploads import clean
    from ..press.versions import keep_then_write

    check_name(name)
    if len(data) > MAX_UPLOAD:
        raise UsageError(f"the picture is larger than {MAX_UPLOAD // (1024 * 1024)} MB; save "
                         "a smaller copy")
    olds = [p for p in every_file(root) if p.stem == name]
    if olds and not replace:
        raise ConflictError(f"there is already a picture '{name}'; choose another name "
                            f"(like '{free_name(root, name)}') or replace it")
    made = clean(data)
    target = root / "images" / f"{name}{made.suffix}"
    if olds and target not in olds:
        raise ConflictError(f"'{olds[0].name}' is a {olds[0].suffix[1:].upper()} file and the "
                            f"new picture becomes {made.suffix[1:].upper()}; handouts name "
                            "the file, so upload it under a new name instead")
    keep_then_write(root, target, made.data, "replace")
    return Picture(name, target.name, made.width, made.height, made.kind, len(made.data))


def free_name(root: Path, name: str) -> str:
    """A name like *name* that no picture has yet (name-2, name-3, ...)."""
    taken = {p.stem for p in every_file(root)}
    for n in range(2, 1000):
        candidate = f"{name[:55]}-{n}"
        if candidate not in taken:
            return candidate
    return f"{name[:50]}-new"


def delete(root: Path, name: str) -> str:
    """Remove picture *name*, keeping it in versions/; ConflictError naming the handouts
    that still use it. Returns the version kept."""
    from ..press.versions import keep_then_delete

    path = find(root, name)
    used = users(root).get(path.name, [])
    if used:
        raise ConflictError(f"'{path.name}' is used by {', '.join(sorted(used))}; take it out "
                            "of those first")
    kept = keep_then_delete(root, path)
    return kept.version if kept else ""


def media_type(path: Path) -> str:
    """The Content-Type a picture file is served with."""
    return {".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix, "image/jpeg")
