"""Tagged PDF from ReportLab: marked content around what each block draws, and the
structure it belongs to (PDF 1.7 §14.6-14.8; PDF/UA-1).

ReportLab does not tag, so the blocks say what each thing they draw is: a paragraph, a
picture or a list label carries a `Node` (its structure type, its parent, attributes such
as /Alt). A canvas with a `Tagger` (render.canvas_maker) wraps each page's drawing in
`/Artifact BMC ... EMC`; a tagged thing, while it draws, closes that artifact and opens
`/<Type> <</MCID n>> BDC` instead. So everything a block does not claim (the header band,
rules, tints, the logo, the footer, page numbers) is an artifact, and nothing is drawn
outside marked content. Nodes join the tree when their first piece is drawn: the tree's
order is the drawing order, which is the reading order (frames fill column by column, a
table cell by cell, left to right). tagtree.py writes the tree into the PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, ListFlowable
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.flowables import LIIndenter


@dataclass(eq=False)
class Node:
    """One structure element: its type (P, H1, Figure, ...), its parent (None: the page's
    document), its attributes (Alt, scope) and, for a link, the address it opens."""

    role: str
    parent: Node | None = None
    alt: str | None = None
    scope: str | None = None  # a table header's /Scope: Row or Column
    url: str | None = None  # a Link: the address its annotation opens
    label: Node | None = field(default=None, repr=False)  # a list item's Lbl, made once

    def child(self, role: str, **attrs: Any) -> Node:
        """A new element inside this one."""
        return Node(role, self, **attrs)


@dataclass
class Link:
    """A link annotation drawn over a tagged thing, for the tree's OBJR."""

    annotation: PDFDictionary
    ref: object  # its reference in the ReportLab document
    page: int
    node: Node
    index: int = 0  # its place among its page's annotations


class Tagger:
    """The tree being built while a document draws: which node each page's marked-content
    identifiers belong to, each node's content in order, and the link annotations."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.kids: dict[int, list[Node | tuple[int, int] | Link]] = {id(self.root): []}
        self.pages: list[list[Node]] = [[]]  # per page: the node of each MCID
        self.links: list[Link] = []
        self.depth = 0

    def _attach(self, node: Node) -> None:
        if id(node) in self.kids:
            return
        parent = node.parent or self.root
        self._attach(parent)
        self.kids[id(parent)].append(node)
        self.kids[id(node)] = []

    def begin(self, canv: Canvas, node: Node) -> None:
        """*node*'s content starts here (inside another tagged thing, it is part of that)."""
        self.depth += 1
        if self.depth > 1:
            return
        self._attach(node)
        mcids = self.pages[-1]
        self.kids[id(node)].append((len(self.pages) - 1, len(mcids)))
        canv._code.append(f"EMC /{node.role} <</MCID {len(mcids)}>> BDC")
        mcids.append(node)

    def end(self, canv: Canvas) -> None:
        """The content begun last ends; what follows is an artifact until the next."""
        self.depth -= 1
        if self.depth == 0:
            canv._code.append("EMC /Artifact BMC")

    def link(self, canv: Canvas, node: Node, rect: tuple[float, float, float, float]) -> None:
        """A link annotation opening *node*'s address over *rect* (current coordinates),
        with the address as its /Contents and reached from the tree by an OBJR."""
        ann = PDFDictionary()
        ann["Type"] = PDFName("Annot")
        ann["Subtype"] = PDFName("Link")
        ann["Rect"] = PDFArray(canv._absRect(rect, 1))
        ann["Border"] = PDFArray([0, 0, 0])
        ann["F"] = 4  # printed, as the page is
        ann["Contents"] = PDFString(node.alt or node.url or "")
        action = PDFDictionary()
        action["S"] = PDFName("URI")
        action["URI"] = PDFString(node.url or "")
        ann["A"] = action
        canv._addAnnotation(ann)
        self._attach(node)
        link = Link(ann, canv._annotationrefs[-1], len(self.pages) - 1, node,
                    len(canv._annotationrefs) - 1)
        self.kids[id(node)].append(link)
        self.links.append(link)

    def page_done(self, code: list[str]) -> None:
        """The page's drawing *code* is finished: wrap it so that what no node claimed is an
        artifact, and start counting the next page's MCIDs."""
        code.insert(0, "/Artifact BMC")
        code.append("EMC")
        self.pages.append([])

    def outline(self, node: Node | None = None) -> list[tuple[Any, ...]]:
        """What the document (or *node*) holds, as plain data for another process: an
        element is (role, alt, scope, kids); marked content ("mcr", page, MCID); a link's
        annotation ("objr", page, its place among the page's annotations)."""
        out: list[tuple[Any, ...]] = []
        for kid in self.kids_of(node or self.root):
            if isinstance(kid, Node):
                out.append((kid.role, kid.alt, kid.scope, self.outline(kid)))
            elif isinstance(kid, Link):
                out.append(("objr", kid.page, kid.index))
            else:
                out.append(("mcr", *kid))
        return out

    def kids_of(self, node: Node) -> list[Node | tuple[int, int] | Link]:
        """What *node* holds, in reading order: nodes, (page, MCID) pairs and links."""
        return self.kids.get(id(node), [])


@contextmanager
def marked(canv: Canvas, node: Node) -> Iterator[None]:
    """What is drawn on *canv* inside this block is *node*'s content (when it tags)."""
    tagger: Tagger | None = getattr(canv, "tagger", None)
    if tagger is None:
        yield
        return
    tagger.begin(canv, node)
    try:
        yield
    finally:
        tagger.end(canv)


class Marked:
    """Mixin for a flowable that draws one node's content: set `tag` to the node."""

    tag: Node | None = None

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        """Draw, inside marked content for `tag` when the canvas tags."""
        tagger: Tagger | None = getattr(canvas, "tagger", None)
        node = self.tag
        if tagger is None or node is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        tagger.begin(canvas, node)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            tagger.end(canvas)
        if node.url:
            x = self._hAlignAdjust(x, _sW)  # type: ignore[attr-defined]
            width, height = float(self.width), float(self.height)  # type: ignore[attr-defined]
            tagger.link(canvas, node, (x, y, x + width, y + height))


class Paragraph(Marked, _Paragraph):
    """A ReportLab paragraph that can carry a node; its pieces, when split across columns
    or pages, keep it. (Named Paragraph: the column balancing looks for that name.)"""

    def breakLines(self, width: Any) -> Any:  # noqa: N802
        """ReportLab's line breaks for these *width*s, found once: the column balancing
        measures the story at the column's width, and laying the page out then asks again."""
        key = tuple(width) if isinstance(width, (list, tuple)) else width
        found = self.__dict__.get("_broken")
        if found is not None and found[0] == key:
            return found[1]
        lines = super().breakLines(width)
        self._broken = (key, lines)
        return lines

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The pieces of ReportLab's split, each with this paragraph's node."""
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.tag = self.tag
        return parts


def tagged(flowable: Any, node: Node | None) -> Any:
    """*flowable* (a Paragraph or picture of this module's kind) carrying *node*."""
    flowable.tag = node
    return flowable


class TaggedDrawing(Marked, Flowable):
    """A ReportLab drawing (a QR code) drawn as *node*."""

    def __init__(self, drawing: Any, node: Node) -> None:
        super().__init__()
        self.drawing = drawing
        self.tag = node
        self.width, self.height = float(drawing.width), float(drawing.height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The drawing's own size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the drawing where the flowable stands."""
        self.drawing.drawOn(self.canv, 0, 0)


class _Label:
    """A list's bullet or number drawn as the item's Lbl."""

    def __init__(self, drawer: Any, node: Node) -> None:
        self._drawer = drawer
        self._node = node

    def __getattr__(self, name: str) -> Any:
        return getattr(self._drawer, name)

    def drawOn(self, indenter: object, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        """Draw the label inside marked content for its Lbl."""
        tagger: Tagger | None = getattr(canv, "tagger", None)
        if tagger is None:
            self._drawer.drawOn(indenter, canv, x, y, _sW)
            return
        tagger.begin(canv, self._node)
        try:
            self._drawer.drawOn(indenter, canv, x, y, _sW)
        finally:
            tagger.end(canv)


class TaggedList(ListFlowable):
    """A list whose items' paragraphs carry LBody nodes (children of LI nodes): each
    bullet or number is drawn as that item's Lbl."""

    def _getContent(self) -> list[Flowable]:  # noqa: N802
        content = super()._getContent()
        for item in content:
            body = getattr(getattr(item, "_flowable", None), "tag", None)
            if isinstance(item, LIIndenter) and item._bullet and body is not None \
                    and body.parent is not None:
                li = body.parent
                li.label = li.label or Node("Lbl", li)
                item._bullet = _Label(item._bullet, li.label)
        return content
