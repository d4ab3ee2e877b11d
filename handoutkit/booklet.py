"""Booklet assembly with pypdf: bookmarks, page labels, metadata, viewer settings.

The pages themselves come from ReportLab as one document (so fonts and pictures are
stored once); this module is the only one that uses pypdf.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject


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


def assemble(pages: bytes, *, front_pages: int, bookmarks: list[Bookmark],
             info: BookletInfo) -> bytes:
    """Finish the booklet: roman labels for the *front_pages*, handouts numbered from 1,
    a bookmark per handout, opening with the bookmarks panel shown."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pages)))
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
    digest = ByteStringObject(hashlib.md5(pages, usedforsecurity=False).digest())
    writer._ID = ArrayObject([digest, digest])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
