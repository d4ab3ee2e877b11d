"""Incremental builds: skip outputs whose inputs have not changed.

Every output file is recorded in out/.handoutkit-cache.json with a key: a hash of
everything that can change it (the handout file, brand, layout, pictures, fonts, the
options it was built with, and the tool itself: its own code and library versions).
Keys are computed from the raw files, so deciding that nothing changed loads no PDF,
template or validation library. An output whose file was deleted or replaced is rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..content.charset import characters
from ..content.yamlload import load_yaml_file
from ..errors import ContentError

MANIFEST = ".handoutkit-cache.json"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")  # as in project.py
LIBRARIES = ("reportlab", "svglib", "pypdf", "lxml", "pillow", "python-bidi", "arabic-reshaper",
             "babel")
_tool_key: str | None = None


PACKAGE = Path(__file__).resolve().parents[1]  # all of handoutkit, not just press/


def tool_files() -> list[Path]:
    """The tool's own code: every module of the package (a change in any rebuilds)."""
    return sorted(PACKAGE.rglob("*.py"))


def tool_key() -> str:
    """A hash of the tool's own code and the versions of the libraries that draw pages."""
    global _tool_key
    if _tool_key is None:
        digest = hashlib.sha256()
        package = PACKAGE
        for path in tool_files():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
        versions = _installed()
        for name in LIBRARIES:
            digest.update(f"{name}={versions.get(name, 'none')}".encode())
        _tool_key = digest.hexdigest()
    return _tool_key


def _installed() -> dict[str, str]:
    """Installed distributions and their versions, read from the names of their
    .dist-info folders (what importlib.metadata reads, without its fifth of a no-op build)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except (OSError, ValueError):
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name[: -len(".dist-info")].partition("-")
                found.setdefault(re.sub(r"[-_.]+", "-", dist).lower(), version)
    return found


def _font_dirs(root: Path) -> list[Path]:
    spec = importlib.util.find_spec("reportlab")  # finds the package without importing it
    dirs = [root / "fonts"]
    if spec and spec.submodule_search_locations:
        dirs.append(Path(next(iter(spec.submodule_search_locations))) / "fonts")
    return dirs


class Inputs:
    """Hashes of a project's raw input files, read once per build."""

    def __init__(self, root: Path, language: str = "en") -> None:
        self.root = root
        self.language = language
        self.folder = root / "handouts" if language == "en" else root / "handouts" / language
        self._files: dict[Path, bytes] = {}
        self._common: bytes | None = None
        self._parsed: dict[Path, dict[str, Any] | None] = {}
        self.brand = self._yaml(root / "layouts" / "brand.yaml")

    def _bytes(self, path: Path) -> bytes:
        if path not in self._files:
            try:
                self._files[path] = hashlib.sha256(path.read_bytes()).digest()
            except (OSError, ValueError):  # missing, unreadable, or a name no file can have
                self._files[path] = b"missing"
        return self._files[path]

    def _yaml(self, path: Path) -> dict[str, Any] | None:
        if path not in self._parsed:  # the build's key and its pictures both read a file
            try:
                data = load_yaml_file(path, str(path)).data
            except ContentError:
                data = None
            self._parsed[path] = data if isinstance(data, dict) else None
        return self._parsed[path]

    def common(self) -> bytes:
        """What every page depends on: the tool, the brand, its logo and fonts (worked
        out once per build, like every file here)."""
        if self._common is None:
            self._common = self._work_out_common()
        return self._common

    def _work_out_common(self) -> bytes:
        digest = hashlib.sha256(tool_key().encode())
        digest.update(self._bytes(self.root / "layouts" / "brand.yaml"))
        brand = self.brand or {}
        digest.update(self._bytes(self.root / "images" / str(brand.get("logo", ""))))
        fonts = brand.get("fonts") if isinstance(brand.get("fonts"), dict) else {}
        for name in sorted({str(v) for v in fonts.values()} | {"Vera.ttf", "VeraBd.ttf",
                                                                "VeraIt.ttf", "VeraBI.ttf"}):
            found = next((d / name for d in _font_dirs(self.root) if (d / name).is_file()), None)
            digest.update(name.encode() + (self._bytes(found) if found else b"missing"))
        for layout in sorted((self.root / "layouts").glob("*.yaml")):
            digest.update(layout.name.encode() + self._bytes(layout))
        if self.language != "en":
            digest.update(self._bytes(self.root / "layouts" / "words" / f"{self.language}.yaml"))
        # every page's fonts number the project's characters first (content/charset.py)
        digest.update(characters(self.root).encode())
        return digest.digest()

    def handout(self, slug: str) -> tuple[str, int] | None:
        """The key of a handout's inputs and its booklet order, or None if unreadable."""
        if not SLUG.match(slug):
            return None  # not a handout name; the full build explains why
        path = self.folder / f"{slug}.yaml"
        data = self._yaml(path)
        if data is None:
            return None
        digest = hashlib.sha256(self.common())
        digest.update(self._bytes(path))
        for name in sorted(_pictures(data)):
            digest.update(name.encode() + self._bytes(self.root / "images" / name))
            if self.language != "en":  # the language's own copy, if it has one
                digest.update(self._bytes(self.root / "images" / self.language / name))
        order = data.get("order")
        return digest.hexdigest(), order if isinstance(order, int) else 0

    def pictures(self, slugs: list[str]) -> list[Path]:
        """The SVG files the brand (its logo) and these handouts show, as far as the raw
        files say (for converting them ahead; the build checks everything itself)."""
        names = [str((self.brand or {}).get("logo", ""))]
        for slug in slugs:
            data = self._yaml(self.folder / f"{slug}.yaml") if SLUG.match(slug) else None
            names += sorted(_pictures(data)) if data is not None else []
        found = [self._picture(n) for n in dict.fromkeys(names) if n.lower().endswith(".svg")]
        return [p for p in found if "/" not in p.name and p.is_file()]

    def fonts(self) -> dict[str, str]:
        """The brand's font file names, as the raw brand file gives them (defaults else)."""
        given = (self.brand or {}).get("fonts")
        given = given if isinstance(given, dict) else {}
        defaults = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf",
                    "bold_italic": "VeraBI.ttf"}
        return {face: str(given.get(face, name)) for face, name in defaults.items()}

    def slugs(self) -> list[str]:
        """Every handout's slug."""
        return sorted(p.stem for p in self.folder.glob("*.yaml"))

    def _picture(self, name: str) -> Path:
        own = self.root / "images" / self.language / name
        return own if self.language != "en" and own.is_file() else self.root / "images" / name


def _pictures(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key in ("file", "image"):
            if isinstance(node.get(key), str):
                found.add(node[key])
        for value in node.values():
            found |= _pictures(value)
    elif isinstance(node, list):
        for item in node:
            found |= _pictures(item)
    return found


def options_key(**options: Any) -> str:
    """A stable text for the options an output was built with."""
    return json.dumps({k: str(v) if v is not None else None for k, v in sorted(options.items())},
                      ensure_ascii=False)


@dataclass
class Entry:
    """What the manifest knows of one output file."""

    path: str
    key: str
    size: int
    mtime_ns: int
    scale: float = 1.0
    title: str = ""
    reviewed: str | None = None
    pages: int = 0
    fullness: float | None = None  # `check`'s measurements, kept with its key
    uneven: float | None = None
    label: float | None = None
    sha256: str = ""  # of the file as written: the booklet reuses it only if still the same


class Manifest:
    """The record of what was built from which inputs, kept in the output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.entries: dict[str, Entry] = {}
        try:
            raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
            self.entries = {k: Entry(**v) for k, v in raw.get("outputs", {}).items()}
        except (OSError, ValueError, TypeError):
            self.entries = {}  # missing or damaged: everything is rebuilt

    def fresh(self, request: str, key: str) -> Entry | None:
        """The entry for *request* if it was built from *key* and its file is untouched."""
        entry = self.entries.get(request)
        if entry is None or entry.key != key:
            return None
        try:
            st = (self.out_dir / entry.path).stat()
        except OSError:
            return None
        return entry if (st.st_size, st.st_mtime_ns) == (entry.size, entry.mtime_ns) else None

    def record(self, request: str, path: Path, key: str, **facts: Any) -> None:
        """Remember that *path* (already written) was built from *key*."""
        st = path.stat()
        self.entries[request] = Entry(os.path.relpath(path, self.out_dir), key, st.st_size,
                                      st.st_mtime_ns, **facts)

    def known(self, request: str, key: str) -> Entry | None:
        """A remembered fact with no file behind it (e.g. check's fit), if *key* still holds."""
        entry = self.entries.get(request)
        return entry if entry is not None and entry.key == key else None

    def remember(self, request: str, key: str, **facts: Any) -> None:
        """Keep facts about *key* that have no output file (a later check reuses them)."""
        self.entries[request] = Entry("", key, 0, 0, **facts)

    def data(self) -> bytes:
        """The manifest as JSON bytes, for an atomic write."""
        return json.dumps({"outputs": {k: asdict(v) for k, v in sorted(self.entries.items())}},
                          indent=1, ensure_ascii=False).encode()
