"""Booklet assembly with pypdf: bookmarks, page labels, metadata, viewer settings.

The pages come from ReportLab: the handouts' own PDFs, and one small document with the
cover, contents, back page and page-number stamps. This module is the only one that uses
pypdf.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)


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


def assemble(own: bytes, handouts: list[bytes], *, front_pages: int,
             bookmarks: list[Bookmark], info: BookletInfo) -> bytes:
    """Put the booklet together and finish it.

    *own* holds the booklet's own pages: *front_pages* of cover and contents, the back page,
    then one page-number stamp per handout. *handouts* are one-page handout PDFs; each goes
    in unchanged, with its stamp drawn over it. Fonts and pictures that are the same in
    several handouts are stored once. Roman page labels for the front matter, handouts
    numbered from 1, a bookmark per entry, and the bookmarks panel open.
    """
    mine = PdfReader(io.BytesIO(own))
    if len(mine.pages) != front_pages + 1 + len(handouts):
        raise ValueError(f"{len(mine.pages)} booklet pages for {len(handouts)} handouts")
    writer = PdfWriter()
    shared = _Shared(writer)
    for i in range(front_pages):
        shared.add(mine.pages[i])
    for i, data in enumerate(handouts):
        added = shared.add(PdfReader(io.BytesIO(data)).pages[0])
        stamp = mine.pages[front_pages + 1 + i]
        shared.point(stamp)  # its font is the handout's own bold face: no second copy
        added.merge_page(stamp)
    shared.add(mine.pages[front_pages])
    total = len(writer.pages)
    writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if total > front_pages:
        writer.set_page_label(front_pages, total - 1, style=PageLabelStyle.DECIMAL, start=1)
    for mark in bookmarks:
        writer.add_outline_item(title=mark.title, page_number=mark.page_index)
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences().display_doctitle = True
    stamp = info.day.strftime("D:%Y%m%d120000Z")
    writer.add_metadata({"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
                         "/Keywords": info.keywords, "/Creator": "handoutkit",
                         "/Producer": "handoutkit (ReportLab, pypdf)",
                         "/CreationDate": stamp, "/ModDate": stamp})
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.language)
    # A file identifier from the content, not the clock, so rebuilds are byte-identical.
    md5 = hashlib.md5(own, usedforsecurity=False)
    for data in handouts:
        md5.update(data)
    digest = ByteStringObject(md5.digest())
    writer._ID = ArrayObject([digest, digest])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _Shared:
    """Adds pages to *writer*, storing each distinct font, picture or other resource once.

    Handouts give every face the same first subset (fonts.prime), so their font objects
    are identical, as is a picture used on several pages (the logo). Two objects are the
    same when their content is, references followed; the /Name entry, obsolete and
    different in each document, is left out.
    """

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.prints: dict[tuple[int, int], bytes] = {}
        self.seen: dict[bytes, IndirectObject] = {}
        self.visited: set[tuple[int, int]] = set()

    def add(self, page: PageObject) -> PageObject:
        """Add *page*, pointing its resources at ones already in the writer where equal;
        returns the writer's page."""
        self.point(page)
        added = self.writer.add_page(page)
        if "/Resources" in page:
            self._remember(page.raw_get("/Resources"), added.raw_get("/Resources"))
        return added

    def point(self, page: PageObject) -> None:
        """Point *page*'s resources at equal ones already in the writer."""
        if "/Resources" in page:
            self.visited.clear()
            self._share(page.raw_get("/Resources"))

    def _share(self, node: PdfObject) -> None:
        if isinstance(node, IndirectObject):
            if (id(node.pdf), node.idnum) in self.visited:
                return
            self.visited.add((id(node.pdf), node.idnum))
        obj = node.get_object()
        for key, value in _children(obj):
            if isinstance(value, IndirectObject) and value.pdf is not self.writer:
                known = self.seen.get(self._print(value))
                if known is not None:
                    obj[key] = known  # type: ignore[index]
                    continue
            self._share(value)

    def _remember(self, mine: PdfObject, theirs: PdfObject) -> None:
        if isinstance(mine, IndirectObject):
            if mine.pdf is self.writer or not isinstance(theirs, IndirectObject):
                return
            self.seen.setdefault(self._print(mine), theirs)
        a, b = mine.get_object(), theirs.get_object()
        for key, value in _children(a):
            if isinstance(b, dict) and key in b:
                self._remember(value, b.raw_get(key))  # type: ignore[union-attr]
            elif isinstance(b, list) and isinstance(key, int) and key < len(b):
                self._remember(value, b[key])

    def _print(self, ref: IndirectObject) -> bytes:
        """A digest of what *ref* holds, references followed."""
        key = (id(ref.pdf), ref.idnum)
        if key not in self.prints:
            self.prints[key] = b""  # a reference loop ends here
            self.prints[key] = hashlib.sha256(self._content(ref.get_object())).digest()
        return self.prints[key]

    def _content(self, obj: PdfObject | None) -> bytes:
        if isinstance(obj, IndirectObject):
            return b"R" + self._print(obj)
        if isinstance(obj, (dict, list)):
            parts = [b"S" + obj._data if isinstance(obj, StreamObject) else b"D" if
                     isinstance(obj, dict) else b"A"]
            for key, value in _children(obj):
                parts += [str(key).encode(), self._content(value)]
            return b"(" + b" ".join(parts) + b")"
        out = io.BytesIO()
        if obj is not None:
            obj.write_to_stream(out)
        return out.getvalue()


def _children(obj: PdfObject | None) -> list[tuple[object, PdfObject]]:
    """The entries of a dictionary (sorted, raw, without /Parent and /Name) or array."""
    if isinstance(obj, dict):
        return sorted(((k, v) for k, v in dict.items(obj) if k not in ("/Parent", "/Name")),
                      key=lambda kv: kv[0])
    if isinstance(obj, list):
        return list(enumerate(obj))
    return []
