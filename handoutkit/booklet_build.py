"""Lay out the booklet's pages in one ReportLab document, then finish it with pypdf."""

from __future__ import annotations

import datetime as _dt

from .booklet import BookletInfo, Bookmark, assemble
from .frontmatter import FrontMatter, TocEntry
from .project import Project
from .render import Fitted, handout_part, render_pages
from .theme import Theme


def make_booklet(project: Project, fitted: list[Fitted], *, day: _dt.date | None = None,
                 grayscale: bool = False, prepared_for: str | None = None) -> tuple[bytes, int]:
    """The finished booklet PDF and its page count; dated *day* or the newest review."""
    brand = project.brand
    theme = Theme(brand, project.layouts[brand.default_layout], project.root, grayscale=grayscale)
    front = FrontMatter(theme, prepared_for=prepared_for)
    entries = [TocEntry(f.source.handout.title, f.source.handout.subtitle, i + 1)
               for i, f in enumerate(fitted)]
    toc_pages = front.contents_pages(entries)
    front_pages = 1 + toc_pages
    parts = [front.cover(), front.contents(entries)]
    parts += [handout_part(f, f"h-{f.source.slug}", i + 1) for i, f in enumerate(fitted)]
    parts.append(front.back())
    day = day or max([f.source.handout.reviewed for f in fitted], default=_dt.date(2000, 1, 1))
    pages, count = render_pages(parts, theme, day, title=brand.booklet.title,
                                subject=brand.booklet.subtitle or brand.booklet.title,
                                keywords=", ".join(brand.booklet.keywords), page_size=theme.page_size)
    expected = front_pages + len(fitted) + 1
    if count != expected:  # every handout was fitted to one page; anything else is a bug
        raise RuntimeError(f"booklet has {count} pages, expected {expected}")
    marks = [Bookmark("Contents", 1)]
    marks += [Bookmark(f.source.handout.title, front_pages + i) for i, f in enumerate(fitted)]
    marks.append(Bookmark("Book your next session", count - 1))
    info = BookletInfo(title=brand.booklet.title, author=f"{brand.therapist.name}, {brand.practice.name}",
                       subject=brand.booklet.subtitle or brand.booklet.title,
                       keywords=", ".join(brand.booklet.keywords), language=brand.language, day=day)
    return assemble(pages, front_pages=front_pages, bookmarks=marks, info=info), count
