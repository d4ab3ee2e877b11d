"""The booklet from the handout PDFs themselves: ReportLab draws only the cover, contents,
back page and the page-number stamps; pypdf (in booklet.py) puts it all together.

Every handout page in the booklet is its standalone PDF, byte for byte, with the page
number stamped over it. Nothing is laid out twice, and a rebuild after one handout changed
reuses the other handouts' files.
"""

from __future__ import annotations

import datetime as _dt

from .booklet import BookletInfo, Bookmark, assemble
from .frontmatter import FrontMatter, TocEntry
from .project import Project
from .render import Fitted, number_part, render_pages
from .theme import Theme


def make_booklet(project: Project, fitted: list[Fitted], pdfs: list[bytes], *,
                 day: _dt.date | None = None, grayscale: bool = False,
                 prepared_for: str | None = None) -> tuple[bytes, int]:
    """The finished booklet PDF and its page count; dated *day* or the newest review.

    *pdfs* are the one-page handout PDFs, in the order of *fitted*.
    """
    brand = project.brand
    theme = Theme(brand, project.layouts[brand.default_layout], project.root, grayscale=grayscale)
    front = FrontMatter(theme, prepared_for=prepared_for)
    entries = [TocEntry(f.source.handout.title, f.source.handout.subtitle, i + 1)
               for i, f in enumerate(fitted)]
    front_pages = 1 + front.contents_pages(entries)
    # One small document: cover, contents, back page, then one stamp page per handout.
    parts = [front.cover(), front.contents(entries), front.back()]
    parts += [number_part(f, f"n-{i}", i + 1) for i, f in enumerate(fitted)]
    day = day or max([f.source.handout.reviewed for f in fitted], default=_dt.date(2000, 1, 1))
    own, count = render_pages(parts, theme, day, title=brand.booklet.title,
                              subject=brand.booklet.subtitle or brand.booklet.title,
                              keywords=", ".join(brand.booklet.keywords), page_size=theme.page_size)
    if count != front_pages + 1 + len(fitted):  # the contents were measured: a bug otherwise
        raise RuntimeError(f"booklet's own pages: {count}, expected {front_pages + 1 + len(fitted)}")
    total = front_pages + len(fitted) + 1
    marks = [Bookmark("Contents", 1)]
    marks += [Bookmark(f.source.handout.title, front_pages + i) for i, f in enumerate(fitted)]
    marks.append(Bookmark("Book your next session", total - 1))
    info = BookletInfo(title=brand.booklet.title, author=f"{brand.therapist.name}, {brand.practice.name}",
                       subject=brand.booklet.subtitle or brand.booklet.title,
                       keywords=", ".join(brand.booklet.keywords), language=brand.language, day=day)
    return assemble(own, pdfs, front_pages=front_pages, bookmarks=marks, info=info), total
