"""Booklet assembly with pypdf: bookmarks, page labels, metadata, viewer settings.

The pages come from ReportLab: the handouts' own PDFs, and one small document with the
cover, contents, back page and page-number stamps. With pdfpages.py and impose.py, the
only modules that use pypdf.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

from .objstreams import PackedWriter
from .pages import Shared
from .structure import Elem, from_outline, read, shifted, write


@dataclass(frozen=True)
class Bookmark:
    """A bookmark to a page (0-based index in the finished booklet)."""

    title: str
    page_index: int


@dataclass(frozen=True)
class BookletInfo:
    """Document metadata for the booklet."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str
    day: _dt.date


class Assembler:
    """Puts the booklet together a page at a time, so it can be done while the handouts
    are still being laid out.

    *own* holds the booklet's own pages: *front_pages* of cover and contents, the back page,
    then one page-number stamp per handout page. Each handout PDF goes in unchanged, with its
    stamp drawn over it; fonts and pictures that are the same in several handouts are
    stored once. The structure trees go along: the cover's and contents' first, each
    handout's as a Sect, the back page's last (structure.py).
    """

    def __init__(self, own: bytes, *, front_pages: int) -> None:
        self.mine = PdfReader(io.BytesIO(own))
        self.front_pages = front_pages
        self.writer = PackedWriter()  # its objects packed: the tags cost little
        self.shared = Shared(self.writer)
        self.digest = hashlib.md5(own, usedforsecurity=False)
        self.added = 0
        outline = getattr(own, "outline", None)  # as drawn
        # the cover, contents and back page, tagged
        self.own = from_outline(outline) if outline is not None else read(self.mine)
        self.tree = [e for e in self.own if min(e.pages(), default=0) < front_pages]
        self.sections: list[Elem] = []  # each handout's, in order
        for i in range(front_pages):
            self.shared.add(self.mine.pages[i])

    def add(self, handout: bytes) -> None:
        """The next handout's PDF (one page, or two in large print)."""
        reader = PdfReader(io.BytesIO(handout))
        first = len(self.writer.pages)
        for source in reader.pages:
            if self.front_pages + 1 + self.added >= len(self.mine.pages):
                raise ValueError("more handout pages than the booklet has page numbers for")
            page = self.shared.add(source)
            stamp = self.mine.pages[self.front_pages + 1 + self.added]
            self.shared.point(stamp)  # its font is the handout's own bold face: no second copy
            page.merge_page(stamp)
            page.compress_content_streams()  # merging left the page's drawing uncompressed
            self.added += 1
        pages = {i: first + i for i in range(len(reader.pages))}
        outline = getattr(handout, "outline", None)  # as drawn, when it was just made
        elems = from_outline(outline) if outline is not None else read(reader)
        section = Elem("Sect", kids=list(shifted(elems, pages)))
        self.tree.append(section)
        self.sections.append(section)
        self.digest.update(handout)

    def finish(self, *, bookmarks: list[Bookmark], info: BookletInfo) -> bytes:
        """The finished booklet: roman page labels for the front matter, handouts numbered
        from 1, a bookmark per entry, and the bookmarks panel open."""
        if self.front_pages + 1 + self.added != len(self.mine.pages):
            raise ValueError(f"{self.added} handouts for {len(self.mine.pages)} booklet pages")
        self.shared.add(self.mine.pages[self.front_pages])
        back = [e for e in self.own if min(e.pages(), default=0) >= self.front_pages]
        self.tree += shifted(back, {self.front_pages: len(self.writer.pages) - 1})
        write(self.writer, self.tree, title=info.title, lang=info.language)
        return _finish(self.writer, self.front_pages, bookmarks, info, self.digest.digest(),
                       self.sections)


def _finish(writer: PdfWriter, front_pages: int, bookmarks: list[Bookmark], info: BookletInfo,
            digest: bytes, sections: list[Elem]) -> bytes:
    total = len(writer.pages)
    writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if total > front_pages:
        writer.set_page_label(front_pages, total - 1, style=PageLabelStyle.DECIMAL, start=1)
    heads = {}  # a handout's first page -> its H1, which its bookmark names as /SE
    for section in sections:
        h1 = section.first("H1")
        if h1 is not None and h1.ref is not None and h1.pages():
            heads.setdefault(min(h1.pages()), h1.ref)
    for mark in bookmarks:
        item = writer.add_outline_item(title=mark.title, page_number=mark.page_index)
        if mark.page_index in heads:
            item.get_object()[NameObject("/SE")] = heads[mark.page_index]
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences().display_doctitle = True
    stamp = info.day.strftime("D:%Y%m%d120000Z")
    writer.add_metadata({"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
                         "/Keywords": info.keywords, "/Creator": "handoutkit",
                         "/Producer": "handoutkit (ReportLab, pypdf)",
                         "/CreationDate": stamp, "/ModDate": stamp})
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.language)
    # A file identifier from the content, not the clock, so rebuilds are byte-identical.
    writer._ID = ArrayObject([ByteStringObject(digest)] * 2)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
