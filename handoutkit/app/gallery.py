"""The handouts as a gallery shows them: languages, titles, categories, plain PDFs, thumbnails.

Made for a long-running front door (the desk): the list is kept until a file under
handouts/, layouts/ or images/ changes, and a thumbnail until its handout's PDF changes.
Not thread-safe: a caller that serves several requests at once runs these one at a time
(they build PDFs, and ReportLab keeps process-wide state).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..press.request import Options, Outputs, Request
from ..errors import ContentError, HandoutError, Problem, UsageError, shown
from .watching import Snapshot, snapshot

DEFAULT_LANGUAGE = Request.__dataclass_fields__["language"].default
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
THUMB_DPI = 36  # a letter page becomes 306 x 396 pixels


@dataclass(frozen=True)
class Item:
    """One handout file as the gallery shows it, its title and subtitle as printed (a broken
    one carries its problems)."""

    slug: str
    lang: str
    title: str
    subtitle: str | None
    category: str
    order: int
    problems: tuple[Problem, ...] = ()


@dataclass
class _Listing:
    seen: Snapshot
    items: list[Item] = field(default_factory=list)


_listings: dict[tuple[Path, str], _Listing] = {}
_thumbs: dict[tuple[str, int, int], bytes] = {}


def languages(root: Path) -> list[str]:
    """The languages there are handouts in: English, then each handouts/<lang>/ folder."""
    from ..content.words import languages as found

    try:
        return found(root)
    except OSError:
        return [DEFAULT_LANGUAGE]


def files(root: Path, lang: str) -> dict[str, Path]:
    """Every handout file of *lang* by slug (broken ones too), found by listing the folder:
    a slug someone typed is looked up here, never joined onto a path."""
    from ..content.project import handouts_folder

    folder = handouts_folder(root, lang)
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix in (".yaml", ".yml") and SLUG.match(path.stem) and path.is_file():
            found.setdefault(path.stem, path)  # handout.yaml wins over handout.yml
    return found


def known(root: Path, slug: str, lang: str) -> Path:
    """The file of handout *slug* in *lang*, or UsageError when there is none."""
    path = files(root, lang).get(slug)
    if path is None:
        raise UsageError(f"there is no handout '{shown(slug)}'")
    return path


def catalogue(root: Path, lang: str) -> list[Item]:
    """Every handout of *lang* in booklet order, broken ones last with their problems.
    Read again only when a file under handouts/, layouts/ or images/ changed."""
    now = snapshot(root)
    key = (root, lang)
    cached = _listings.get(key)
    if cached is None or cached.seen != now:
        cached = _listings[key] = _Listing(now, _read(root, lang))
    return list(cached.items)


def _read(root: Path, lang: str) -> list[Item]:
    from ..content.dates import source_date
    from ..content.markup import plain
    from ..content.project import load_project

    project = load_project(root, day=source_date(), language=lang)
    items = [Item(e.slug, lang, plain(e.handout.title),
                  plain(e.handout.subtitle) if e.handout.subtitle else None,
                  e.handout.category, e.handout.order) for e in project.entries]
    for slug, problems in sorted(project.broken.items()):
        items.append(Item(slug, lang, slug, None, "", 10_000, tuple(problems)))
    return items


def plain_request(root: Path, out: Path, slugs: list[str], lang: str) -> Request:
    """The request for plain handouts (no client), built in this process (a server must not
    fork while it has threads)."""
    return Request(root=root, outputs=Outputs(folder=out), handouts=tuple(slugs), language=lang,
                   options=Options(jobs=1))


def plain_pdf(root: Path, out: Path, slug: str, lang: str) -> Path:
    """The plain handout's PDF, built when it is missing or out of date."""
    from .making import build

    known(root, slug, lang)
    report = build(plain_request(root, out, [slug], lang))
    path = report.handouts[0].path if report.handouts else None
    if path is None:
        raise ContentError.single(f"handouts/{slug}.yaml", None, "was not built")
    return path


def picture(pdf: Path, dpi: int) -> bytes:
    """The first page of *pdf* as a PNG at *dpi* (compressed quickly: it is shown at once)."""
    from ..authoring.preview import page_png

    return page_png(pdf, dpi, quick=True)


def thumbnail(root: Path, out: Path, slug: str, lang: str) -> bytes:
    """A small PNG of the plain handout's page, drawn again only when its PDF changed."""
    pdf = plain_pdf(root, out, slug, lang)
    st = pdf.stat()
    key = (str(pdf), st.st_mtime_ns, st.st_size)
    if key not in _thumbs:
        stale = [k for k in _thumbs if k[0] == key[0]]
        for k in stale:  # only the newest picture of each file is kept
            del _thumbs[k]
        _thumbs[key] = picture(pdf, THUMB_DPI)
    return _thumbs[key]


def warm(root: Path, out: Path, slug: str, lang: str) -> None:
    """Build a handout and draw its thumbnail now, so the first visitor need not wait.
    A handout with problems is left for its visitor to hear about."""
    with contextlib.suppress(HandoutError):
        thumbnail(root, out, slug, lang)


def practice(root: Path) -> str:
    """The practice's name as its pages print it (empty when the brand cannot be read)."""
    from ..content.markup import plain
    from ..content.yamlload import load_yaml_file

    try:
        data = load_yaml_file(root / "layouts" / "brand.yaml", "layouts/brand.yaml").data
        name = data["practice"]["name"]
    except (HandoutError, TypeError, KeyError):
        return ""
    return plain(name) if isinstance(name, str) else ""
