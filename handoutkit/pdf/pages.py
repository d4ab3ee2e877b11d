"""Finished PDF pages put together with pypdf: resources stored once, stamps drawn over.

Handouts give every face the same first font subset (fonts.prime), so the font objects
of two handouts are identical, as is a picture used on both (the logo). Here two objects
count as the same when their content is, references followed; the /Name entry, obsolete
and different in each document, is left out. With booklet.py and impose.py, the only
users of pypdf.
"""

from __future__ import annotations

import hashlib
import io
import re

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from .structure import mcid_count, prepend, read, renumbered, shifted

_CONTAINERS = (IndirectObject, dict, list)


_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_STREAM = re.compile(rb">>\s*stream(\r\n|\n|\r)")
_NAME = re.compile(rb"/Name\s*/[^\s/<>\[\]()]+")


class Prints:
    """Digests of PDF objects by content, remembered per object.

    An object read from a file is digested from its bytes there, references followed,
    without pypdf parsing it: fonts are compared on every page of a booklet, and parsing
    their width tables was most of putting it together. Anything unusual (an object
    inside an object stream, a stream whose length is itself a reference) is parsed.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], bytes] = {}
        self._files: dict[int, bytes] = {}

    def of(self, ref: IndirectObject) -> bytes:
        """A digest of what *ref* holds, references followed."""
        key = (id(ref.pdf), ref.idnum)
        if key not in self._known:
            self._known[key] = b""  # a reference loop ends here
            raw = self._raw(ref)
            self._known[key] = hashlib.sha256(
                raw if raw is not None else self._content(ref.get_object())).digest()
        return self._known[key]

    def _raw(self, ref: IndirectObject) -> bytes | None:
        reader = ref.pdf
        offset = getattr(reader, "xref", {}).get(ref.generation, {}).get(ref.idnum)
        stream = getattr(reader, "stream", None)
        if not isinstance(offset, int) or not isinstance(stream, io.BytesIO):
            return None
        data = self._files.setdefault(id(reader), stream.getvalue())
        head = _OBJECT.match(data, offset)
        end = data.find(b"endobj", offset)
        if head is None or int(head.group(1)) != ref.idnum or end < 0:
            return None
        body, payload = data[head.end():end], b""
        opened = _STREAM.search(body)
        if opened:  # the dictionary, then the stream's bytes (which may hold anything)
            length = _LENGTH.search(body, 0, opened.start())
            if length is None:
                return None
            start = head.end() + opened.end()
            payload = data[start:start + int(length.group(1))]
            body = body[:opened.start() + 2]
        parts = _REF.split(_NAME.sub(b"", body))  # text, idnum, generation, text, ...
        for i in range(1, len(parts), 3):
            target = IndirectObject(int(parts[i]), int(parts[i + 1]), reader)
            parts[i], parts[i + 1] = b"R", self.of(target)
        return b"".join(parts) + b"|" + payload

    def _content(self, obj: PdfObject | None) -> bytes:
        if isinstance(obj, IndirectObject):
            return b"R" + self.of(obj)
        if isinstance(obj, list) and not any(isinstance(v, _CONTAINERS) for v in obj):
            return _written(obj)  # a flat array (a font's widths): in one go
        if isinstance(obj, (dict, list)):
            head = b"S" + obj._data if isinstance(obj, StreamObject) else \
                b"D" if isinstance(obj, dict) else b"A"
            parts = [head]
            for key, value in children(obj):
                parts += [str(key).encode(), self._content(value)]
            return b"(" + b" ".join(parts) + b")"
        return _written(obj)


def _written(obj: PdfObject | None) -> bytes:
    out = io.BytesIO()
    if obj is not None:
        obj.write_to_stream(out)
    return out.getvalue()


def children(obj: PdfObject | None) -> list[tuple[object, PdfObject]]:
    """The entries of a dictionary (sorted, raw, without /Parent and /Name) or array."""
    if isinstance(obj, dict):
        return sorted(((k, v) for k, v in dict.items(obj) if k not in ("/Parent", "/Name")),
                      key=lambda kv: kv[0])
    if isinstance(obj, list):
        return list(enumerate(obj))
    return []


class Shared:
    """Adds pages to *writer*, storing each distinct font, picture or other resource once."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.prints = Prints()
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
        for key, value in children(obj):
            if isinstance(value, IndirectObject) and value.pdf is not self.writer:
                known = self.seen.get(self.prints.of(value))
                if known is not None:
                    obj[key] = known  # type: ignore[index]
                    continue
            if isinstance(value, _CONTAINERS):
                self._share(value)

    def _remember(self, mine: PdfObject, theirs: PdfObject) -> None:
        if isinstance(mine, IndirectObject):
            if mine.pdf is self.writer or not isinstance(theirs, IndirectObject):
                return
            self.seen.setdefault(self.prints.of(mine), theirs)
        a, b = mine.get_object(), theirs.get_object()
        for key, value in children(a):
            if not isinstance(value, _CONTAINERS):
                continue
            if isinstance(b, dict) and key in b:
                self._remember(value, b.raw_get(key))  # type: ignore[union-attr]
            elif isinstance(b, list) and isinstance(key, int) and key < len(b):
                self._remember(value, b[key])


def stamped(base: bytes, stamps: bytes) -> list[bytes] | None:
    """A copy of the one-page PDF *base* for each page of *stamps*, that page drawn over it.

    The stamps must use only fonts the base page already holds, the same subsets: each
    copy then weighs what the base does. None when they do not, for the caller to lay
    each copy out in full instead.
    """
    original = PdfReader(io.BytesIO(base))
    overlays = PdfReader(io.BytesIO(stamps))
    prints = Prints()
    fonts = _fonts(original.pages[0])
    have = {prints.of(fonts.raw_get(name)): name for name in fonts}
    rename: dict[str, str] = {}  # a stamp's font name -> the same font's name on the base
    for page in overlays.pages:
        used = _fonts(page)
        for name in used:
            same = have.get(prints.of(used.raw_get(name)))
            if same is None:
                return None
            rename[name] = same
    tree = read(overlays)  # each stamp's "Prepared for" line, a P
    copies = []
    for k, page in enumerate(overlays.pages):
        writer = PdfWriter(clone_from=original)
        target = writer.pages[0]
        tagged = "/StructTreeRoot" in writer._root_object
        offset = mcid_count(writer, 0) if tagged else 0
        renumbered(page, offset)  # after the page's own marked content
        mine = _fonts(target)
        used = _fonts(page)
        for name in list(used):  # point the stamp at this copy's own font objects
            used[NameObject(name)] = mine.raw_get(rename[name])
        target.merge_page(page)
        if tagged:
            prepend(writer, 0, shifted([e for e in tree if e.pages() == {k}], {k: 0}, offset))
        target.compress_content_streams()  # merging left the page's drawing uncompressed
        contents = page.get_contents()
        digest = hashlib.md5(base, usedforsecurity=False)
        digest.update(contents.get_data() if contents is not None else b"")
        writer._ID = ArrayObject([ByteStringObject(digest.digest())] * 2)
        out = io.BytesIO()
        writer.write(out)
        copies.append(out.getvalue())
    return copies


def _fonts(page: PageObject) -> DictionaryObject:
    """The page's font resources (resolved; empty if none)."""
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    return fonts.get_object() if fonts is not None else DictionaryObject()
