"""Pictures of the handouts: a PNG of each page, a contact sheet of them all, and a small
web page (out/index.html) of thumbnails that link to the PDFs.

Pages are drawn from the built PDFs by pypdfium2 (no system tools); the contact sheet is
drawn with Pillow in ReportLab's own Vera font. Never prints; returns what it wrote.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..press.pipeline import BuildReport, build
from ..press.request import Progress, Request
from ..content.markup import plain
from ..content.project import Project, load
from ..errors import HandoutError

DPI = 100  # a US Letter page becomes 850 x 1100 pixels
THUMB_W = 240  # contact sheet and gallery thumbnails
COLUMNS = 5
PAD = 28
TITLE_SIZE = 15
TITLE_LINES = 3
BACKGROUND = (238, 241, 242)
INK = (38, 52, 58)


@dataclass
class GalleryItem:
    """One handout as shown in the contact sheet and the gallery."""

    slug: str
    title: str
    pdf: Path
    png: Path


@dataclass
class PreviewReport:
    """What a preview run built and wrote."""

    build: BuildReport
    pictures: list[Path] = field(default_factory=list)
    items: list[GalleryItem] = field(default_factory=list)
    contact_sheet: Path | None = None
    index: Path | None = None


def make_previews(request: Request, progress: Progress | None = None) -> PreviewReport:
    """Build the handouts *request* asks for, draw each as out/preview/<slug>.png, then
    refresh the contact sheet and out/index.html with every handout that has a PDF and a
    picture (in another language: out/<code>/preview/ and out/<code>/index.html)."""
    from ..press.naming import variant
    from ..press.outputs import locked, write_atomic

    root, lock = request.root, request.outputs.folder
    out_dir = variant(request).folder(lock)  # out/, or out/es/ for Spanish
    report = PreviewReport(build(request, progress=progress))
    built = [h for h in report.build.handouts if h.path is not None]
    pictures: dict[Path, bytes] = {}
    for i, h in enumerate(built, 1):
        pictures[out_dir.resolve() / "preview" / f"{h.slug}.png"] = page_png(h.path)  # type: ignore[arg-type]
        if progress:
            progress(i, len(built), f"picture of {h.slug}")
    with locked(lock):
        for path, data in pictures.items():
            write_atomic(path, data)
        report.pictures = list(pictures)
        project = load(root, request.language)
        report.items = gallery_items(project, out_dir)
        if report.items:
            report.contact_sheet = out_dir.resolve() / "preview" / "contact-sheet.png"
            write_atomic(report.contact_sheet, contact_sheet(report.items))
            report.index = out_dir.resolve() / "index.html"
            title = f"{plain(project.brand.practice.name)} handouts"
            write_atomic(report.index, gallery_html(report.items, out_dir.resolve(), title).encode())
    return report


def page_png(pdf: Path, dpi: int = DPI, *, quick: bool = False) -> bytes:
    """The first page of *pdf* as PNG bytes at *dpi* (*quick*: compressed fast, for a
    picture shown at once rather than kept)."""
    try:
        import pypdfium2
    except ImportError:
        raise HandoutError("preview needs the pypdfium2 package; install it with "
                           "'pip install pypdfium2' and run preview again") from None
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        image = doc[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", **({"compress_level": 3} if quick else {"optimize": True}))
    return buf.getvalue()


def gallery_items(project: Project, out_dir: Path) -> list[GalleryItem]:
    """Every handout, in booklet order, that has both a built PDF and a preview picture."""
    items = []
    for e in project.entries:
        pdf = out_dir.resolve() / "handouts" / f"{e.slug}.pdf"
        png = out_dir.resolve() / "preview" / f"{e.slug}.png"
        if pdf.is_file() and png.is_file():
            items.append(GalleryItem(e.slug, plain(e.handout.title), pdf, png))
    return items


def _font(bold: bool, size: int) -> Any:  # PIL.ImageFont.FreeTypeFont
    import reportlab
    from PIL import ImageFont

    name = "VeraBd.ttf" if bold else "Vera.ttf"
    return ImageFont.truetype(os.path.join(os.path.dirname(reportlab.__file__), "fonts", name), size)


def wrap(text: str, font: Any, width: int, max_lines: int) -> list[str]:
    """*text* broken into lines no wider than *width* pixels, the last shortened with '…'."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    for i, line in enumerate(lines):  # a single very long word, or the ellipsis, may overrun
        while font.getlength(line) > width and len(line) > 1:
            line = line[:-2] + "…"
        lines[i] = line
    return lines


def contact_sheet(items: list[GalleryItem]) -> bytes:
    """One PNG showing every handout as a thumbnail with its title underneath."""
    from PIL import Image, ImageDraw

    font = _font(True, TITLE_SIZE)
    line_h = round(TITLE_SIZE * 1.35)
    thumbs = []
    for item in items:
        with Image.open(item.png) as img:
            img = img.convert("RGB")
            img.thumbnail((THUMB_W, THUMB_W * 3))
            thumbs.append(img)
    thumb_h = max(t.height for t in thumbs)
    cell_h = thumb_h + 10 + TITLE_LINES * line_h
    cols = min(COLUMNS, len(items))
    rows = -(-len(items) // cols)
    sheet = Image.new("RGB", (PAD + cols * (THUMB_W + PAD), PAD + rows * (cell_h + PAD)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for i, (item, thumb) in enumerate(zip(items, thumbs, strict=True)):
        x = PAD + (i % cols) * (THUMB_W + PAD)
        y = PAD + (i // cols) * (cell_h + PAD)
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=(170, 180, 184))
        sheet.paste(thumb, (x, y))
        for n, line in enumerate(wrap(item.title, font, THUMB_W, TITLE_LINES)):
            draw.text((x, y + thumb_h + 10 + n * line_h), line, font=font, fill=INK)
    buf = io.BytesIO()
    sheet.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _href(path: Path, base: Path) -> str:
    return quote(Path(os.path.relpath(path, base)).as_posix())


def gallery_html(items: list[GalleryItem], out_dir: Path, title: str) -> str:
    """A self-contained web page of thumbnails; each opens its handout's PDF."""
    from PIL import Image

    cards = []
    for item in items:
        with Image.open(item.png) as img:
            height = round(THUMB_W * img.height / img.width)
        version = hashlib.sha256(item.png.read_bytes()).hexdigest()[:10]  # fresh after a rebuild
        name = html.escape(item.title)
        pdf = html.escape(_href(item.pdf, out_dir))
        png = html.escape(f"{_href(item.png, out_dir)}?v={version}")
        cards.append(f'  <li><a href="{pdf}" id="{html.escape(item.slug)}">'
                     f'<img src="{png}" width="{THUMB_W}" height="{height}" alt="Page of {name}">'
                     f"<span>{name}</span></a></li>")
    booklet = out_dir / "booklet.pdf"
    extra = (f' or the whole <a href="{html.escape(_href(booklet, out_dir))}">booklet</a>'
             if booklet.is_file() else "")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<style>
  body {{ font-family: Verdana, "Bitstream Vera Sans", sans-serif; margin: 2rem;
         background: #eef1f2; color: #26343a; }}
  h1 {{ font-size: 1.5rem; margin: 0 0 .3rem; }}
  p {{ margin: 0 0 1.5rem; }}
  ul {{ list-style: none; padding: 0; margin: 0; display: grid; gap: 1.6rem;
       grid-template-columns: repeat(auto-fill, minmax({THUMB_W}px, 1fr)); }}
  a {{ color: inherit; text-decoration: none; }}
  li a {{ display: block; width: {THUMB_W}px; }}
  img {{ display: block; max-width: 100%; height: auto; background: #fff;
        border: 1px solid #aab4b8; box-shadow: 0 1px 4px rgba(0,0,0,.15); }}
  li a:hover img, li a:focus img {{ outline: 3px solid #1f5f66; }}
  span {{ display: block; margin-top: .5rem; font-weight: bold; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{len(items)} handouts. Click one to open its PDF, then print it{extra}.</p>
<ul>
{chr(10).join(cards)}
</ul>
</body>
</html>
"""
