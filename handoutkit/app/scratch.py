"""A private copy of the project made of links, where unsaved text is checked and drawn.

The copy links to the project's layouts/, images/ and fonts/ and to every handout file,
except the one being edited, which holds the typed text. The same loader, validation and
build then run on it as on the project, so problems carry the same file names and line
numbers, and the project's own files are never touched. The copy lives in a temporary
folder for as long as the process, at a fixed place, so pictures and fonts stay cached.
Not thread-safe: callers check one text at a time.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

SHARED = ("layouts", "images", "fonts")  # linked as they are (a missing one stays missing)

_spaces: dict[Path, Path] = {}


def _space(root: Path) -> Path:
    root = root.resolve()
    if root not in _spaces:
        folder = Path(tempfile.mkdtemp(prefix="handout-desk-"))
        atexit.register(shutil.rmtree, folder, True)
        _spaces[root] = folder
    return _spaces[root]


def _base(root: Path, name: str) -> Path:
    base = _space(root) / name
    if not base.is_dir():
        base.mkdir()
        for shared in SHARED:
            (base / shared).symlink_to(root.resolve() / shared, target_is_directory=True)
    return base


def _mirror(source: Path, target: Path) -> None:
    """Make *target* hold a link to every handout file in *source* (and a folder for each
    language), removing what is no longer there and the text an earlier check wrote."""
    target.mkdir(exist_ok=True)
    wanted = {e.name: e for e in source.iterdir()
              if (e.is_dir() and not e.is_symlink()) or e.suffix in (".yaml", ".yml")}
    for entry in list(target.iterdir()):
        real = wanted.get(entry.name)
        if real is None or real.is_dir() != (entry.is_dir() and not entry.is_symlink()) or \
                (not entry.is_symlink() and not entry.is_dir()):
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for name, entry in wanted.items():
        if entry.is_dir():
            _mirror(entry, target / name)
        elif not (target / name).is_symlink():
            (target / name).symlink_to(entry.resolve())


def edit_root(root: Path, handout: Path, text: str) -> Path:
    """A copy of *root* in which the handout file *handout* (a path inside root/handouts)
    holds *text* instead; returns the copy's root. The previous copy is replaced."""
    base = _base(root, "edit")
    _mirror(root.resolve() / "handouts", base / "handouts")
    target = base / "handouts" / handout.relative_to(root / "handouts")
    target.unlink(missing_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return base


def brand_root(root: Path, text: str) -> Path:
    """A copy of *root* whose layouts/brand.yaml holds *text* instead (every other file is a
    link to the project's own); returns the copy's root. The previous copy is replaced."""
    base = _space(root) / "brand"
    base.mkdir(exist_ok=True)
    for shared in ("images", "fonts"):
        if not (base / shared).is_symlink():
            (base / shared).symlink_to(root.resolve() / shared, target_is_directory=True)
    _mirror(root.resolve() / "handouts", base / "handouts")
    _mirror(root.resolve() / "layouts", base / "layouts")
    target = base / "layouts" / "brand.yaml"
    target.unlink(missing_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return base
