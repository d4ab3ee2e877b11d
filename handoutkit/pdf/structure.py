"""Structure trees across PDFs (pypdf): read a tagged PDF's tree, and write a merged one.

The handouts and the booklet's own pages are tagged as ReportLab draws them
(layout/tagging.py). Putting pages together with pypdf keeps their marked content but not
their trees, so the booklet reads each part's tree here (its elements, the marked content
each holds by page and MCID, its link annotations) and writes one tree for the whole, each
handout a Sect. The MCIDs on a page stay as they were: a page is never redrawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from ..layout.tagtree import xmp

_MCID = re.compile(rb"/MCID\s+(\d+)")


@dataclass
class Elem:
    """A structure element: its type, /Alt, /Scope, and kids in reading order (elements,
    marked content as ("mcr", page, MCID), annotations as ("objr", page, index in /Annots))."""

    role: str
    alt: str | None = None
    scope: str | None = None
    kids: list[Elem | tuple[str, int, int]] = field(default_factory=list)
    ref: IndirectObject | None = None  # once written

    def first(self, role: str) -> Elem | None:
        """The first element of *role* here or below, in reading order."""
        for kid in self.kids:
            if isinstance(kid, Elem):
                found = kid if kid.role == role else kid.first(role)
                if found is not None:
                    return found
        return None

    def pages(self) -> set[int]:
        """The pages this element's marked content is on."""
        out: set[int] = set()
        for kid in self.kids:
            out |= kid.pages() if isinstance(kid, Elem) else {kid[1]}
        return out


def read(reader: PdfReader) -> list[Elem]:
    """The elements of *reader*'s document, in reading order (empty when untagged)."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)
             if p.indirect_reference is not None}
    annots = {a.idnum: (i, k) for i, p in enumerate(reader.pages)
              for k, a in enumerate(p.get("/Annots") or []) if isinstance(a, IndirectObject)}
    kids = [_elem(k.get_object(), pages, annots, None) for k in _list(root.get_object().get("/K"))]
    if len(kids) == 1 and kids[0].role == "Document":  # the document is the booklet's
        return [k for k in kids[0].kids if isinstance(k, Elem)]
    return kids


def from_outline(outline: list[tuple[Any, ...]]) -> list[Elem]:
    """The elements an outline (layout.tagging.Tagger.outline) describes: what read()
    finds in the PDF the outline came with, without reading it."""
    out: list[Elem] = []
    for item in outline:
        if item[0] in ("mcr", "objr"):
            raise ValueError("marked content outside any element")
        role, alt, scope, kids = item
        elem = Elem(role, alt, scope)
        for kid in kids:
            if kid[0] in ("mcr", "objr"):
                elem.kids.append((kid[0], int(kid[1]), int(kid[2])))
            else:
                elem.kids.extend(from_outline([kid]))
        out.append(elem)
    return out


def _list(value: PdfObject | None) -> list[PdfObject]:
    value = value.get_object() if value is not None else None
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _elem(obj: DictionaryObject, pages: dict[int, int], annots: dict[int, tuple[int, int]],
          page: int | None) -> Elem:
    pg = obj.raw_get("/Pg") if "/Pg" in obj else None
    page = pages.get(pg.idnum, page) if isinstance(pg, IndirectObject) else page
    attrs = obj.get("/A")
    scope = attrs.get_object().get("/Scope") if isinstance(attrs, (dict, IndirectObject)) else None
    elem = Elem(str(obj["/S"])[1:], str(obj["/Alt"]) if "/Alt" in obj else None,
                str(scope)[1:] if scope is not None else None)
    for raw in _list(obj.raw_get("/K") if "/K" in obj else None):
        kid = raw.get_object() if isinstance(raw, IndirectObject) else raw
        if isinstance(kid, int):
            elem.kids.append(("mcr", page if page is not None else 0, int(kid)))
        elif isinstance(kid, dict) and kid.get("/Type") == "/MCR":
            on = kid.raw_get("/Pg") if "/Pg" in kid else None
            elem.kids.append(("mcr", pages.get(on.idnum, page) if on else page, int(kid["/MCID"])))
        elif isinstance(kid, dict) and kid.get("/Type") == "/OBJR":
            where = annots.get(kid.raw_get("/Obj").idnum)
            if where is not None:
                elem.kids.append(("objr", *where))
        elif isinstance(kid, dict):
            elem.kids.append(_elem(kid, pages, annots, page))
    return elem


def shifted(elems: list[Elem], pages: dict[int, int], offset: int = 0) -> list[Elem]:
    """*elems* with their pages renumbered by *pages* (source page -> booklet page), and
    their MCIDs moved up by *offset*."""
    out = []
    for e in elems:
        kids = [shifted([k], pages, offset)[0] if isinstance(k, Elem) else
                (k[0], pages[k[1]], k[2] + (offset if k[0] == "mcr" else 0)) for k in e.kids]
        out.append(Elem(e.role, e.alt, e.scope, kids))
    return out


def write(writer: PdfWriter, kids: list[Elem], *, title: str, lang: str) -> None:
    """Make *writer* a tagged PDF whose Document holds *kids* (pages as in the writer)."""
    pages = list(writer.pages)
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    document = Elem("Document", kids=list(kids))
    parents: dict[int, dict[int, IndirectObject]] = {}
    objrs: list[tuple[DictionaryObject, IndirectObject]] = []
    _write(writer, document, root_ref, pages, parents, objrs)
    root[NameObject("/K")] = document.ref
    nums = ArrayObject()
    for i, page in enumerate(pages):
        found = parents.get(i, {})
        nums += [NumberObject(i), ArrayObject(found.get(m, NullObject())
                                              for m in range(max(found, default=-1) + 1))]
        page[NameObject("/StructParents")] = NumberObject(i)
        page[NameObject("/Tabs")] = NameObject("/S")
    for k, (annot, elem) in enumerate(objrs, start=len(pages)):
        annot[NameObject("/StructParent")] = NumberObject(k)
        nums += [NumberObject(k), elem]
    root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    root[NameObject("/ParentTreeNextKey")] = NumberObject(len(pages) + len(objrs))
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    catalog[NameObject("/Lang")] = TextStringObject(lang)
    meta = DecodedStreamObject()
    meta.set_data(xmp(title, lang, "handoutkit (ReportLab, pypdf)"))
    meta.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    catalog[NameObject("/Metadata")] = writer._add_object(meta)


def _write(writer: PdfWriter, elem: Elem, parent: IndirectObject, pages: list[PageObject],
           parents: dict[int, dict[int, IndirectObject]],
           objrs: list[tuple[DictionaryObject, IndirectObject]]) -> IndirectObject:
    obj = _Compact({NameObject("/S"): NameObject("/" + elem.role), NameObject("/P"): parent})
    ref = elem.ref = writer._add_object(obj)
    if elem.alt is not None:
        obj[NameObject("/Alt")] = TextStringObject(elem.alt)
    if elem.scope:
        obj[NameObject("/A")] = DictionaryObject({NameObject("/O"): NameObject("/Table"),
                                                  NameObject("/Scope"): NameObject("/" + elem.scope)})
    kids = ArrayObject()
    first: int | None = None
    for kid in elem.kids:
        if isinstance(kid, Elem):
            kids.append(_write(writer, kid, ref, pages, parents, objrs))
            continue
        kind, page, n = kid
        page_ref = pages[page].indirect_reference
        if kind == "objr":
            annot = pages[page]["/Annots"][n]
            objrs.append((annot.get_object(), ref))
            kids.append(DictionaryObject({NameObject("/Type"): NameObject("/OBJR"),
                                          NameObject("/Obj"): annot, NameObject("/Pg"): page_ref}))
            continue
        parents.setdefault(page, {})[n] = ref
        if first is None:
            first = page
            obj[NameObject("/Pg")] = page_ref
        kids.append(NumberObject(n) if page == first else DictionaryObject(
            {NameObject("/Type"): NameObject("/MCR"), NameObject("/Pg"): page_ref,
             NameObject("/MCID"): NumberObject(n)}))
    if kids:
        obj[NameObject("/K")] = kids[0] if len(kids) == 1 else kids
    return ref


class _Compact(DictionaryObject):
    """A structure element written without the spaces and line breaks pypdf puts between
    entries (and without the optional /Type): a booklet holds hundreds of them."""

    def write_to_stream(self, stream: Any, encryption_key: object = None) -> None:
        """<</S/P/P 12 0 R/K 0>>"""
        stream.write(b"<<")
        for key, value in self.items():
            key.write_to_stream(stream)
            if not isinstance(value, (NameObject, ArrayObject, DictionaryObject)):
                stream.write(b" ")
            value.write_to_stream(stream)
        stream.write(b">>")


def renumbered(page: PageObject, offset: int) -> None:
    """*page*'s marked-content identifiers moved up by *offset* (a stamp drawn over a page
    that already numbers its own from 0)."""
    if "/Contents" not in page or not offset:
        return
    for stream in _list(page.raw_get("/Contents")):
        stream = stream.get_object()
        stream.set_data(_MCID.sub(lambda m: b"/MCID %d" % (int(m.group(1)) + offset),
                                  stream.get_data()))


def mcid_count(writer: PdfWriter, page_index: int) -> int:
    """How many MCIDs page *page_index* of the tagged *writer* already uses."""
    return len(_parent_array(writer, page_index))


def prepend(writer: PdfWriter, page_index: int, elems: list[Elem]) -> None:
    """Put *elems* (marked content on page *page_index*, already numbered after that
    page's own) first in *writer*'s Document: the "Prepared for" line over a copy."""
    pages = list(writer.pages)
    document, document_ref = _document(writer)
    parents: dict[int, dict[int, IndirectObject]] = {}
    refs = [_write(writer, e, document_ref, pages, parents, []) for e in elems]
    found = _parent_array(writer, page_index)
    for mcid, ref in sorted(parents.get(page_index, {}).items()):
        while len(found) <= mcid:
            found.append(NullObject())
        found[mcid] = ref
    kids = document.get("/K")
    kids = list(kids) if isinstance(kids, list) else [] if kids is None else [document.raw_get("/K")]
    document[NameObject("/K")] = ArrayObject([*refs, *kids])


def _document(writer: PdfWriter) -> tuple[DictionaryObject, IndirectObject]:
    root = writer._root_object["/StructTreeRoot"].get_object()
    top = root.raw_get("/K")
    top = top.get_object()[0] if isinstance(top.get_object(), list) else top
    return top.get_object(), top


def _parent_array(writer: PdfWriter, page_index: int) -> ArrayObject:
    key = writer.pages[page_index]["/StructParents"]
    tree = writer._root_object["/StructTreeRoot"]["/ParentTree"].get_object()
    nums = tree["/Nums"]
    for i in range(0, len(nums), 2):
        if nums[i] == key:
            return nums[i + 1].get_object()
    raise ValueError(f"page {page_index} has no entry in the parent tree")
