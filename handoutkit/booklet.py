"""Booklet assembly with pypdf: bookmarks, page labels, metadata, viewer settings.

The pages come from ReportLab: the handouts' own PDFs, and one small document with the
cover, contents, back page and page-number stamps. This module and pdfpages.py are the
only ones that use pypdf.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

from .pdfpages import Shared


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
    shared = Shared(writer)
    for i in range(front_pages):
        shared.add(mine.pages[i])
    for i, data in enumerate(handouts):
        added = shared.add(PdfReader(io.BytesIO(data)).pages[0])
        stamp = mine.pages[front_pages + 1 + i]
        shared.point(stamp)  # its font is the handout's own bold face: no second copy
        added.merge_page(stamp)
        added.compress_content_streams()  # merging left the page's drawing uncompressed
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
