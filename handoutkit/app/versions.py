"""Versions of a handout and of the practice's details: list, read, restore, delete.

Every change keeps what it replaces (press/versions.py). A restore is itself a save, so it
is kept and can be undone; a deleted handout leaves handouts/ (and so the gallery, the
booklet and `list`) and stays in versions/, from where a restore brings it back. Every
change takes the version the caller read (the SHA-256 of the file, None for a file that
is not there) and refuses with ConflictError when the file changed meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ConflictError, UsageError, shown
from ..press import versions as store
from .gallery import DEFAULT_LANGUAGE, SLUG, files

BRAND = Path("layouts") / "brand.yaml"


@dataclass(frozen=True)
class Version:
    """One kept version as a list shows it."""

    version: str
    when: str  # ISO 8601, UTC
    bytes: int
    summary: str


def version_of(data: bytes | None) -> str | None:
    """The version of a file's bytes (SHA-256, hex); None for no file."""
    from .editing import version_of as sha

    return None if data is None else sha(data)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def handout_path(root: Path, slug: str, lang: str = DEFAULT_LANGUAGE) -> Path:
    """The file of handout *slug*, there or deleted (kept in versions/); UsageError when
    there never was one."""
    from ..content.project import handouts_folder

    found = files(root, lang).get(slug)
    if found is not None:
        return found
    for path in store.gone(root, handouts_folder(root, lang), (".yaml", ".yml")):
        if path.stem == slug and SLUG.match(slug):
            return path
    raise UsageError(f"there is no handout '{shown(slug)}', now or deleted")


def listing(root: Path, path: Path) -> list[Version]:
    """The kept versions of *path*, newest first."""
    text = path.suffix in (".yaml", ".yml", ".svg")
    return [Version(k.version, k.when.isoformat(timespec="seconds"), k.size, summary)
            for k, summary in store.summaries(root, path, text)]


def read(root: Path, path: Path, version: str) -> bytes:
    """The bytes of kept version *version* of *path*; UsageError when there is none."""
    kept = store.find(root, path, version)
    if kept is None:
        raise UsageError(f"there is no version '{shown(version)}' of {path.name}")
    return kept.path.read_bytes()


def _unchanged(path: Path, current: str | None) -> None:
    now = version_of(_current(path))
    if now != current:
        raise ConflictError(f"{path.name} was changed since you opened it (in another window "
                            "or program); load it again and then choose what to do")


def restore(root: Path, path: Path, version: str, current: str | None) -> str:
    """Put kept version *version* of *path* back, keeping what is there now (so the restore
    can be undone); *current* is the version the caller saw (None: no file, as for a
    deleted handout). Returns the file's new version."""
    data = read(root, path, version)
    _unchanged(path, current)
    store.keep_then_write(root, path, data, "restore")
    return version_of(data) or ""


def delete(root: Path, path: Path, current: str | None) -> str:
    """Remove *path*, keeping it in versions/; returns the version kept."""
    if _current(path) is None:
        raise UsageError(f"{path.name} is not there to delete")
    _unchanged(path, current)
    kept = store.keep_then_delete(root, path)
    return kept.version if kept else ""


@dataclass(frozen=True)
class Deleted:
    """A deleted handout: its slug, its title as it was, and the version a restore brings
    back (its text when it was deleted)."""

    slug: str
    title: str
    kept: Version


def _title(data: bytes, slug: str) -> str:
    from ..content.yamlload import load_yaml_text
    from ..errors import HandoutError

    try:
        found = load_yaml_text(data.decode("utf-8", "replace"), slug).data
    except HandoutError:
        return slug
    title = found.get("title") if isinstance(found, dict) else None
    return str(title) if isinstance(title, str) and title.strip() else slug


def deleted_handouts(root: Path, lang: str = DEFAULT_LANGUAGE) -> list[Deleted]:
    """Each deleted handout of *lang*, most recently deleted first."""
    from ..content.project import handouts_folder

    found = []
    for path in store.gone(root, handouts_folder(root, lang), (".yaml", ".yml")):
        if SLUG.match(path.stem):
            newest = listing(root, path)[0]
            found.append(Deleted(path.stem, _title(read(root, path, newest.version), path.stem),
                                 newest))
    return sorted(found, key=lambda f: f.kept.version, reverse=True)


def restore_deleted(root: Path, slug: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Bring deleted handout *slug* back as it was when deleted; its version."""
    for found in deleted_handouts(root, lang):
        if found.slug == slug:
            return restore(root, handout_path(root, slug, lang), found.kept.version, None)
    raise UsageError(f"'{shown(slug)}' is not a deleted handout")


def brand_path(root: Path) -> Path:
    """The practice's details (layouts/brand.yaml)."""
    return root / BRAND
