"""The floor: a minimal hand-written ReportLab script for the same handouts.

No validation, no templating, no fitting, no cache: read each YAML file, set its text in
two columns with the same fonts and pictures, write one PDF per handout, and merge them
with pypdf. The benchmark measures the real tool against this.

    python bench/floor.py ROOT OUT_DIR [--only SLUG] [--clients N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from pypdf import PdfWriter
from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from svglib.svglib import svg2rlg

for face, file in (("V", "Vera.ttf"), ("V-B", "VeraBd.ttf"), ("V-I", "VeraIt.ttf")):
    pdfmetrics.registerFont(TTFont(face, file))
BODY = ParagraphStyle("b", fontName="V", fontSize=10.5, leading=14, spaceAfter=5)
HEAD = ParagraphStyle("h", parent=BODY, fontName="V-B", fontSize=13, leading=17)


class Svg(Flowable):
    """An SVG drawing scaled to a width."""

    def __init__(self, path: Path, width: float) -> None:
        super().__init__()
        self.d = svg2rlg(str(path))
        self.s = width / self.d.width
        self.width, self.height = width, self.d.height * self.s

    def draw(self) -> None:
        self.canv.scale(self.s, self.s)
        renderPDF.draw(self.d, self.canv, 0, 0)


def texts(block: dict) -> list[str]:
    """Every piece of text in a block."""
    out = [str(block[k]) for k in ("title", "name", "text", "caption", "hold", "stop_if") if k in block]
    for k in ("items", "steps"):
        out += [str(x) for x in block.get(k, [])]
    out += [f"{r['label']}: {r['value']}" for r in block.get("rows", [])]
    for side in ("left", "right"):
        for b in block.get(side, []):
            out += texts(b)
    return out


def handout(root: Path, path: Path, out: Path, client: str = "") -> None:
    """One handout as a PDF, the plainest way."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    col = (LETTER[0] - 1.5 * inch) / 2
    frames = [Frame(0.6 * inch + i * (col + 0.3 * inch), 0.8 * inch, col, 8.4 * inch) for i in (0, 1)]

    def header(canv, _doc) -> None:  # type: ignore[no-untyped-def]
        canv.setFillColorRGB(0.12, 0.37, 0.4)
        canv.rect(0, LETTER[1] - inch, LETTER[0], inch, stroke=0, fill=1)
        canv.setFillColorRGB(1, 1, 1)
        canv.setFont("V-B", 15)
        canv.drawString(0.6 * inch, LETTER[1] - 0.6 * inch, "Massage Aha!")
        canv.drawRightString(LETTER[0] - 0.6 * inch, LETTER[1] - 0.6 * inch, client)
        canv.setFillColorRGB(0, 0, 0)
        canv.setFont("V", 8)
        canv.drawString(0.6 * inch, 0.5 * inch, "Educational information, not medical advice.")

    story: list[Flowable] = [Paragraph(str(data["title"]), HEAD)]
    for block in data["blocks"]:
        if block["type"] == "image":
            story.append(Svg(root / "images" / block["file"], col * float(block.get("width", 1))))
        style = HEAD if block["type"] == "heading" else BODY
        story += [Paragraph(t.replace("&", "&amp;").replace("<", "&lt;"), style) for t in texts(block)]
    doc = BaseDocTemplate(str(out), pagesize=LETTER, invariant=1)
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=header)])
    doc.build(story)


def main() -> None:
    """Build the set and merge it, or one handout for N clients."""
    args = argparse.ArgumentParser()
    args.add_argument("root", type=Path)
    args.add_argument("out", type=Path)
    args.add_argument("--only", help="one handout (slug)")
    args.add_argument("--clients", type=int, default=0, help="make it for this many clients")
    a = args.parse_args()
    (a.out / "handouts").mkdir(parents=True, exist_ok=True)
    if a.clients:
        for i in range(a.clients):
            handout(a.root, a.root / "handouts" / f"{a.only}.yaml",
                    a.out / "handouts" / f"{a.only}-{i}.pdf", f"Client {i}")
        return
    slugs = [a.only] if a.only else sorted(p.stem for p in (a.root / "handouts").glob("*.yaml"))
    merged = PdfWriter()
    for slug in slugs:
        target = a.out / "handouts" / f"{slug}.pdf"
        handout(a.root, a.root / "handouts" / f"{slug}.yaml", target)
        merged.append(str(target))
    if not a.only:
        merged.write(str(a.out / "booklet.pdf"))


if __name__ == "__main__":
    main()
