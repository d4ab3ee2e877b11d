"""Reading a tagged PDF back with pdfminer.six and Poppler, readers this project did not
write: the structure tree, the text each marked-content sequence shows, what is drawn as
an artifact, and anything drawn outside both."""

from __future__ import annotations

import io
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text


@dataclass
class Element:
    """A structure element as pdfminer reads it."""

    role: str
    alt: str | None
    scope: str | None
    attrs: dict[str, Any]
    kids: list[Element | tuple[int, int] | dict[str, Any]] = field(default_factory=list)


@dataclass
class Tagged:
    """What a tagged PDF holds, read back."""

    catalog: dict[str, Any]
    pages: list[dict[str, Any]]
    document: Element | None
    shown: dict[tuple[int, int], str]  # (page, MCID) -> the text it shows
    artifact: str  # text drawn as artifacts
    loose: str  # text drawn outside any marked content
    unmapped: int  # glyphs with no Unicode

    def text(self, elem: Element | None = None) -> str:
        """The text of *elem* (default: the document) in structure order."""
        elem = elem or self.document
        assert elem is not None
        return "".join(self.text(k) if isinstance(k, Element) else
                       self.shown.get(k, "") if isinstance(k, tuple) else "" for k in elem.kids)

    def all(self, role: str | None = None, elem: Element | None = None) -> list[Element]:
        """Every element (of *role*) in reading order."""
        out: list[Element] = []
        for kid in (elem or self.document).kids:  # type: ignore[union-attr]
            if isinstance(kid, Element):
                out += [kid] if role in (None, kid.role) else []
                out += self.all(role, kid)
        return out

    def reached(self, elem: Element | None = None) -> list[tuple[int, int]]:
        """Every (page, MCID) the tree reaches, in structure order."""
        out: list[tuple[int, int]] = []
        for kid in (elem or self.document).kids:  # type: ignore[union-attr]
            out += self.reached(kid) if isinstance(kid, Element) else \
                [kid] if isinstance(kid, tuple) else []
        return out


class _Marks(PDFTextDevice):
    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.stack: list[tuple[str, int | None]] = []
        self.page = 0
        self.shown: dict[tuple[int, int], str] = defaultdict(str)
        self.artifact = ""
        self.loose = ""
        self.unmapped = 0

    def begin_tag(self, tag: PSLiteral, props: Any = None) -> None:
        props = resolve1(props) if props is not None else None
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self.stack.append((str(tag.name), mcid))

    def end_tag(self) -> None:
        self.stack.pop()

    def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float,
                    cid: int, ncs: Any, graphicstate: Any) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text, self.unmapped = "\ufffd", self.unmapped + 1
        if any(name == "Artifact" for name, _ in self.stack):
            self.artifact += text
        else:
            mcid = next((m for _, m in reversed(self.stack) if m is not None), None)
            if mcid is None:
                self.loose += text
            else:
                self.shown[(self.page, mcid)] += text
        return float(font.char_width(cid)) * fontsize * scaling


def read_tagged(path: Path) -> Tagged:
    """Read *path* with pdfminer.six: its tree and the text of every marked content."""
    if True:  # the parser reads lazily, so the bytes stay in memory with it
        doc = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
        manager = PDFResourceManager()
        device = _Marks(manager)
        interpreter = PDFPageInterpreter(manager, device)
        pages, ids = [], {}
        for i, page in enumerate(PDFPage.create_pages(doc)):
            device.page = i
            ids[page.pageid] = i
            pages.append(page.attrs)
            interpreter.process_page(page)
            assert not device.stack, f"page {i + 1}: marked content left open"
        catalog = resolve1(doc.catalog)
        root = resolve1(catalog.get("StructTreeRoot"))
        document = None
        if root is not None:
            kids = _list(root.get("K"))
            assert len(kids) == 1, "one Document element at the top"
            document = _element(resolve1(kids[0]), ids, None)
        return Tagged(catalog, pages, document, dict(device.shown), device.artifact,
                      device.loose, device.unmapped)


def _list(value: Any) -> list[Any]:
    value = resolve1(value)
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def _element(obj: dict[str, Any], ids: dict[int, int], page: int | None) -> Element:
    pg = obj.get("Pg")
    page = ids.get(pg.objid, page) if isinstance(pg, PDFObjRef) else page
    attrs = resolve1(obj.get("A")) or {}
    scope = attrs.get("Scope") if isinstance(attrs, dict) else None
    alt = obj.get("Alt")
    elem = Element(resolve1(obj["S"]).name, decode_text(resolve1(alt)) if alt is not None else None,
                   scope.name if scope is not None else None, attrs if isinstance(attrs, dict) else {})
    for raw in _list(obj.get("K")):
        kid = resolve1(raw)
        if isinstance(kid, int):
            assert page is not None, f"{elem.role}: MCID {kid} with no page"
            elem.kids.append((page, kid))
        elif isinstance(kid, dict) and _name(kid.get("Type")) == "MCR":
            elem.kids.append((ids[kid["Pg"].objid], kid["MCID"]))
        elif isinstance(kid, dict) and _name(kid.get("Type")) == "OBJR":
            elem.kids.append(kid)
        elif isinstance(kid, dict):
            elem.kids.append(_element(kid, ids, page))
    return elem


def _name(value: Any) -> str | None:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else None


def squeeze(text: str) -> str:
    """*text* without white space (line breaks are where ReportLab puts no space)."""
    return re.sub(r"\s+", "", text)


def poppler_tree(path: Path) -> str:
    """`pdfinfo -struct-text`: Poppler's view of the structure, with each element's text."""
    return subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                          text=True, check=True).stdout


def poppler_text(path: Path) -> str:
    """The text Poppler finds in the structure tree, in structure order (no white space)."""
    quoted = re.findall(r'^\s*"(.*)"\s*$', poppler_tree(path), flags=re.M)
    return squeeze("".join(quoted))
