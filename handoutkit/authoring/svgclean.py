"""An uploaded SVG, rewritten from its parsed tree with only an allow-list of drawing
elements and attributes.

The upload is parsed with entities, DTDs and the network off. A drawing that holds a
script, an event handler, a foreignObject, entities or a reference to anything outside
itself is refused (not quietly cleaned: the person should know their file carried it).
What is left is copied element by element into a new tree: anything not on the lists
(metadata, editor namespaces, unknown attributes) is dropped.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import NotAPictureError, UnsafePictureError, shown

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "use", "symbol", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "pattern", "marker"})
ATTRIBUTES = frozenset({
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "width", "height", "d", "points", "transform", "viewBox", "preserveAspectRatio",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
    "stroke-miterlimit", "opacity", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "letter-spacing", "dx", "dy", "offset", "stop-color",
    "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "clip-path",
    "clip-rule", "clipPathUnits", "mask", "maskUnits", "patternUnits", "patternTransform",
    "markerWidth", "markerHeight", "refX", "refY", "orient", "marker-start", "marker-mid",
    "marker-end", "visibility", "display", "color", "style", "version"})
HOSTILE = frozenset({"script", "foreignObject", "iframe", "object", "embed", "handler",
                     "listener", "animate", "set", "animateTransform", "animateMotion",
                     "image", "feImage"})
_OUTSIDE = re.compile(r"url\((?!\s*['\"]?\s*#)|@import|expression\(|javascript:",
                      re.IGNORECASE)


def _refuse(why: str) -> UnsafePictureError:
    return UnsafePictureError(f"the drawing {why}; pictures may not carry that. Export it "
                              "again as a plain SVG drawing")


def _parse(data: bytes) -> Any:
    from lxml import etree

    if b"<!ENTITY" in data:
        raise _refuse("declares XML entities")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnsafePictureError(f"the drawing is not valid SVG ({shown(exc, 100)}); export "
                                 "it again") from None
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise NotAPictureError("the file is not a PNG, JPEG or SVG picture inside (it is "
                               "another kind of document); export it as one of those")
    return root


def _check(root: Any) -> None:
    """Refuse what makes a drawing hostile, wherever it is in the tree."""
    from lxml import etree

    for el in root.iter():
        if isinstance(el, etree._Entity):
            raise _refuse("uses XML entities")
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        if name in HOSTILE:
            raise _refuse(f"holds a <{name}> element")
        if name == "style" and el.text and _OUTSIDE.search(el.text):
            raise _refuse("has a style that fetches something from outside it")
        for attr, value in el.attrib.items():
            local = etree.QName(attr).localname
            if local.lower().startswith("on"):
                raise _refuse(f"has an event handler ({local})")
            if local == "href" and not value.strip().startswith("#"):
                raise _refuse(f"refers to a file or address outside itself ({shown(value)})")
            if _OUTSIDE.search(value):
                raise _refuse(f"refers to something outside itself ({shown(value)})")


def _copy(source: Any, parent: Any | None) -> Any:
    """*source* and its allowed children, with only allowed attributes, in the SVG space."""
    from lxml import etree

    name = etree.QName(source).localname
    attrs = {}
    for attr, value in source.attrib.items():
        q = etree.QName(attr)
        if q.namespace in (None, "") and q.localname in ATTRIBUTES:
            attrs[q.localname] = value
        elif q.localname == "href" and q.namespace in (None, "", XLINK_NS):
            attrs[f"{{{XLINK_NS}}}href"] = value  # checked: a #fragment inside the drawing
    if parent is None:
        el = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS, "xlink": XLINK_NS})
        el.attrib.update(attrs)
    else:
        el = etree.SubElement(parent, f"{{{SVG_NS}}}{name}", attrs)
    if name in ("text", "tspan", "title", "desc") and source.text:
        el.text = source.text
    for child in source:
        if isinstance(child.tag, str) and etree.QName(child).namespace in (None, SVG_NS) \
                and etree.QName(child).localname in ELEMENTS:
            _copy(child, el)
            if name in ("text", "tspan"):
                el[-1].tail = child.tail
    return el


def clean_svg(data: bytes) -> tuple[bytes, float, float]:
    """The drawing rewritten from its tree with only allowed parts: (bytes, width, height)
    in its own units. Raises UnsafePictureError for a broken or hostile drawing."""
    import tempfile
    from pathlib import Path

    from lxml import etree

    from ..content.imagefiles import SvgError, read_svg

    root = _parse(data)
    _check(root)
    clean = _copy(root, None)
    out = etree.tostring(clean, xml_declaration=True, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="handout-upload-") as folder:
        probe = Path(folder) / "upload.svg"
        probe.write_bytes(out)
        try:
            read_svg(probe)  # the same checks every build makes (size, <use> bombs, ...)
        except SvgError as exc:
            raise UnsafePictureError(str(exc).replace("image 'upload.svg'", "the drawing")) \
                from None
    return out, *svg_size(clean)


def svg_size(root: Any) -> tuple[float, float]:
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return float(box[2]), float(box[3])
        return (float(re.sub(r"[a-z%]+$", "", root.get("width", "0"))),
                float(re.sub(r"[a-z%]+$", "", root.get("height", "0"))))
    except ValueError:
        return 0.0, 0.0
