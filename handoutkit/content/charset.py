"""The characters beyond ASCII that a project's own files hold, for one shared font subset.

Every page gives each font face the same first subset (layout/fonts.prime): ASCII, the
typography the markup makes, and these characters, in this order. Two handouts in any
language then embed byte-identical fonts, and a booklet stores each face once. Read from
the raw files (every language's handouts, the brand, the page's words), so it is cheap
enough for the build record to depend on it, and light: no YAML or validation library.
"""

from __future__ import annotations

from pathlib import Path

_cache: dict[tuple[object, ...], str] = {}


def project_files(root: Path) -> list[Path]:
    """The files whose words can reach a page: handouts in every language and layouts/."""
    found: list[Path] = []
    for folder in (root / "handouts", root / "layouts"):
        try:
            found += sorted(p for p in folder.rglob("*.yaml") if p.is_file())
        except OSError:
            continue
    return found


def characters(root: Path) -> str:
    """Every character above ASCII in the project's files, sorted: the same string for every
    page of the project, whatever its language, until a file gains a new character."""
    files = project_files(root)
    try:
        signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        signature = None
    if signature is not None and (str(root), signature) in _cache:
        return _cache[(str(root), signature)]
    seen: set[str] = set()
    for path in files:
        try:
            seen.update(path.read_text(encoding="utf-8", errors="ignore"))
        except OSError:
            continue
    found = "".join(sorted(c for c in seen if ord(c) > 126 and c.isprintable()))
    if signature is not None:
        _cache.clear()  # one project at a time is the common case; keep memory flat
        _cache[(str(root), signature)] = found
    return found


def beyond_ascii(*texts: str | None) -> str:
    """The characters above ASCII in *texts*, sorted (a client's name and note)."""
    return "".join(sorted({c for t in texts if t for c in t if ord(c) > 126}))
