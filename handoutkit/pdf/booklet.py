"""The booklet from the handout PDFs themselves: ReportLab draws only the cover, contents,
back page and the page-number stamps; pypdf (in booklet.py) puts it all together.

Every handout page in the booklet is its standalone PDF, byte for byte, with the page
number stamped over it. Nothing is laid out twice, and a rebuild after one handout changed
reuses the other handouts' files.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..content.markup import plain
from ..content.project import Project
from ..layout.render import Source
from ..layout.sheets import Described, number_part, render_pages
from ..layout.theme import Theme
from .assembly import Assembler, BookletInfo, Bookmark
from .frontmatter import FrontMatter, TocEntry


@dataclass
class Draft:
    """The booklet's own pages, drawn, waiting for the handout pages."""

    own: bytes
    front_pages: int
    total: int
    bookmarks: list[Bookmark]
    info: BookletInfo


def draft_booklet(project: Project, sources: list[Source], *,
                  day: _dt.date | None = None, grayscale: bool = False,
                  prepared_for: str | None = None, pages: list[int] | None = None) -> Draft:
    """Draw the cover, contents, back page and a page-number stamp for each handout page
    (which need only the handouts' titles, layouts and page counts (*pages*, default one
    each), so this can run while they are being laid out); dated *day* or the newest
    review."""
    brand = project.brand
    handouts = [(s.handout, s.layout) for s in sources]
    # the client's words the handouts print, so these pages number their letters the same way
    personal = "".join(t for s in sources[:1] for t in (s.prepared_for, s.note) if t)
    counts = pages or [1] * len(handouts)
    starts = [sum(counts[:i]) for i in range(len(counts))]  # 0-based, among handout pages
    theme = Theme(brand, project.layouts[brand.default_layout], project.root, grayscale=grayscale)
    front = FrontMatter(theme, prepared_for=prepared_for)
    entries = [TocEntry(h.title, h.subtitle, starts[i] + 1) for i, (h, _) in enumerate(handouts)]
    contents = front.contents(entries)
    front_pages = 1 + front.contents_pages(contents)
    # One small document: cover, contents, back page, then one stamp page per handout page.
    parts = [front.cover(), contents, front.back()]
    for i, (_, layout) in enumerate(handouts):
        stamp_theme = Theme(brand, layout, project.root, grayscale=grayscale)
        parts += [number_part(stamp_theme, f"n-{i}-{k}", starts[i] + k + 1) for k in range(counts[i])]
    day = day or max([h.reviewed for h, _ in handouts], default=_dt.date(2000, 1, 1))
    own, count = render_pages(parts, theme, day, Described(
        brand.booklet.title, brand.booklet.subtitle or brand.booklet.title,
        ", ".join(brand.booklet.keywords), personal=(prepared_for or "") + personal))
    total = front_pages + sum(counts) + 1
    if count != total:  # the contents were measured first: anything else is a bug
        raise RuntimeError(f"booklet's own pages: {count}, expected {total}")
    marks = [Bookmark(plain(theme.words["contents"]), 1)]
    # the outline carries the words the page prints (curly apostrophes, no emphasis marks)
    marks += [Bookmark(plain(h.title), front_pages + starts[i]) for i, (h, _) in enumerate(handouts)]
    marks.append(Bookmark(plain(theme.words["book_next"]), total - 1))
    info = BookletInfo(title=brand.booklet.title, author=f"{brand.therapist.name}, {brand.practice.name}",
                       subject=brand.booklet.subtitle or brand.booklet.title,
                       keywords=", ".join(brand.booklet.keywords), language=brand.language, day=day)
    return Draft(own, front_pages, total, marks, info)


def start_booklet(draft: Draft) -> Assembler:
    """Begin putting the booklet together; add each handout PDF, in order, as it is ready."""
    return Assembler(draft.own, front_pages=draft.front_pages)


def finish_booklet(draft: Draft, assembler: Assembler) -> bytes:
    """The finished booklet, once every handout has been added."""
    return assembler.finish(bookmarks=draft.bookmarks, info=draft.info)
