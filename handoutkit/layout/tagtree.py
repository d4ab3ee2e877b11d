"""The structure tree of a tagged ReportLab document, written as PDF objects at save:
/StructTreeRoot with its /ParentTree, a /StructParents and /Tabs /S on every page,
/MarkInfo, and the XMP metadata PDF/UA-1 asks for (dc:title, pdfuaid:part 1).

tagging.py records the tree while the pages draw; this module only writes it. The
catalog's /Lang and /ViewerPreferences /DisplayDocTitle come from ReportLab itself.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from .tagging import Link, Node, Tagger


class TaggedPdf(bytes):
    """A tagged PDF's bytes, carrying the outline of the structure tree its pages were
    drawn with (Tagger.outline), so a booklet need not read the tree back from the file."""

    outline: list[tuple[Any, ...]] | None = None


def with_outline(pdf: bytes, canv: object) -> bytes:
    """*pdf*, written by *canv*, with its tree's outline when the canvas tagged."""
    tagger = getattr(canv, "tagger", None)
    if tagger is None:
        return pdf
    tagged = TaggedPdf(pdf)
    tagged.outline = tagger.outline()
    return tagged


class TaggedCanvas(Canvas):
    """A canvas that tags what is drawn on it when its `tagger` is set (None: untagged, for
    a layout only measured): each page's drawing an artifact except what nodes claim, and
    the tree written when the document is saved."""

    tagger: Tagger | None = None

    def showPage(self) -> None:  # noqa: N802
        """Close the page: what no node claimed is an artifact."""
        if self.tagger is not None:
            self.tagger.page_done(self._code)
        super().showPage()

    def save(self) -> None:
        """Write the tree, then the PDF."""
        if self.tagger is not None:
            if self._code:
                self.showPage()
            write_tree(self._doc, self.tagger)
        super().save()

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>handoutkit</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def escape(text: str) -> str:
    """*text* safe inside XML character data (as xml.sax.saxutils.escape, whose module
    brings urllib with it, a hundredth of a second at every start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp(title: str, lang: str, producer: str) -> bytes:
    """The XMP metadata packet of a tagged document (PDF/UA-1 §5, §7.1)."""
    return XMP.format(title=escape(title), lang=escape(lang), producer=escape(producer)).encode()


def metadata_stream(title: str, lang: str, producer: str) -> PDFStream:
    """An uncompressed /Metadata stream, as XMP readers expect."""
    return PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                     xmp(title, lang, producer))


def write_tree(doc: PDFDocument, tagger: Tagger) -> None:
    """Write *tagger*'s tree into *doc* (every page already added), and declare the
    document tagged."""
    pages = doc.Pages.pages
    refs = [PDFObjectReference(f"Page{i + 1}") for i in range(len(pages))]
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    made: dict[int, PDFObjectReference] = {}
    document = _element(doc, tagger, tagger.root, root_ref, refs, made)
    root["K"] = PDFArray([document])
    nums: list[object] = []
    for i, page in enumerate(pages):
        mcids = tagger.pages[i] if i < len(tagger.pages) else []
        nums += [i, PDFArray([made[id(n)] for n in mcids])]
        page.__NoDefault__ = [*type(page).__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = i
        page.Tabs = PDFName("S")
    for k, link in enumerate(tagger.links, start=len(pages)):
        link.annotation["StructParent"] = k
        nums += [k, made[id(link.node)]]
    root["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
    root["ParentTreeNextKey"] = len(pages) + len(tagger.links)
    root["RoleMap"] = PDFDictionary({})
    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    info = doc.info
    catalog.Metadata = doc.Reference(metadata_stream(
        _text(info.title), _text(getattr(catalog, "Lang", None)), _text(info.producer)))


def _text(value: object) -> str:
    """A ReportLab string (a PDFString or str) as str; '' for None."""
    value = getattr(value, "s", value)
    return value.decode() if isinstance(value, bytes) else str(value or "")


def _element(doc: PDFDocument, tagger: Tagger, node: Node, parent: PDFObjectReference,
             refs: list[PDFObjectReference], made: dict[int, PDFObjectReference]) -> PDFObjectReference:
    # no /Type: it is optional, and a page holds dozens of elements
    elem = PDFDictionary({"S": PDFName(node.role), "P": parent})
    ref = doc.Reference(elem)
    made[id(node)] = ref
    if node.alt is not None:
        elem["Alt"] = PDFString(node.alt)
    if node.scope:
        elem["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(node.scope)})
    kids: list[object] = []
    page: int | None = None
    for kid in tagger.kids_of(node):
        if isinstance(kid, Node):
            kids.append(_element(doc, tagger, kid, ref, refs, made))
        elif isinstance(kid, Link):
            kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": kid.ref,
                                       "Pg": refs[kid.page]}))
        else:
            on, mcid = kid
            if page is None:
                page = on
                elem["Pg"] = refs[on]
            kids.append(mcid if on == page else PDFDictionary(
                {"Type": PDFName("MCR"), "Pg": refs[on], "MCID": mcid}))
    if kids:
        elem["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
    return ref
