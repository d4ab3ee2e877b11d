"""Saddle-stitch imposition: the booklet two pages per landscape sheet side, ready to fold.

Print the result double-sided, flipping on the short edge, fold the stack in half and
staple on the fold; the pages then read in order. Like booklet.py, this module uses pypdf.
"""

from __future__ import annotations

import hashlib
import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, ByteStringObject

from ..errors import OutputError

Side = tuple[int | None, int | None]


def saddle_stitch_order(page_count: int) -> list[Side]:
    """The (left, right) 0-based source page of every sheet side, in printing order.

    The page count is padded with blank pages (``None``) at the end to a multiple of four.
    Sheet *k* (from the outside in) carries four pages: its front shows (last - 2k, 2k),
    its back (2k + 1, second-to-last - 2k). Eight pages, numbered from 1 here::

        sheet 1 front  [ 8 | 1 ]    sheet 1 back  [ 2 | 7 ]
        sheet 2 front  [ 6 | 3 ]    sheet 2 back  [ 4 | 5 ]

    Five pages give the same layout with 6, 7 and 8 blank (``None``).
    """
    if page_count < 0:
        raise ValueError(f"page_count must not be negative, got {page_count}")
    padded = -(-page_count // 4) * 4

    def real(index: int) -> int | None:
        return index if index < page_count else None

    sides: list[Side] = []
    for sheet in range(padded // 4):
        sides.append((real(padded - 1 - 2 * sheet), real(2 * sheet)))
        sides.append((real(2 * sheet + 1), real(padded - 2 - 2 * sheet)))
    return sides


def _placement(page: PageObject, x0: float, width: float, height: float) -> Transformation:
    """Move *page* into the half-sheet starting at *x0*, scaled to fit (aspect kept) and
    centred; a page of the half-sheet's own size gets a scale of exactly 1."""
    box = page.mediabox
    src_w, src_h = float(box.width), float(box.height)
    scale = min(width / src_w, height / src_h)
    dx = x0 + (width - src_w * scale) / 2
    dy = (height - src_h * scale) / 2
    return (Transformation().translate(-float(box.left), -float(box.bottom))
            .scale(scale, scale).translate(dx, dy))


def impose(pdf: bytes, *, sheet: tuple[float, float] | None = None,
           reading_order: list[int | None] | None = None) -> bytes:
    """Lay out *pdf* for saddle stitching: two source pages per landscape sheet side, in
    :func:`saddle_stitch_order`.

    By default a sheet side is twice as wide as the first source page (letter pages give
    1224 x 792 pt, 11 x 17 in) and pages of that size are placed unscaled. Pass *sheet*
    (width, height in points, e.g. ``(792, 612)`` for letter paper) to print on another
    paper size. Pages that do not fill their half exactly are scaled to fit, centred,
    aspect kept. Pad pages stay blank. *reading_order* (source page indices, None for a
    blank) replaces the plain 0..n-1 order. The same input gives the same bytes.
    Raises OutputError if *pdf* is empty, not a readable PDF or has no pages.
    """
    try:
        reader = PdfReader(io.BytesIO(pdf))
        sources = list(reader.pages)
    except (PyPdfError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split())
        raise OutputError(f"cannot impose the booklet: the PDF is unreadable ({reason})") from exc
    if not sources:
        raise OutputError("cannot impose the booklet: the PDF has no pages")
    for page in sources:
        if page.rotation:
            page.transfer_rotation_to_content()

    if sheet is None:
        sheet = (2 * float(sources[0].mediabox.width), float(sources[0].mediabox.height))
    half_w, height = sheet[0] / 2, sheet[1]
    writer = PdfWriter()
    order = reading_order if reading_order is not None else list(range(len(sources)))
    for left, right in saddle_stitch_order(len(order)):
        side = writer.add_blank_page(2 * half_w, height)
        for slot, x0 in ((left, 0.0), (right, half_w)):
            index = None if slot is None else order[slot]
            if index is not None:
                page = sources[index]
                side.merge_transformed_page(page, _placement(page, x0, half_w, height))
        side.compress_content_streams()

    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items()
                             if isinstance(key, str)})
    # for paper only: its pages are cut and turned, so it carries no tags (the booklet does)
    subject = str((reader.metadata or {}).get("/Subject") or "")
    writer.add_metadata({"/Subject": f"{subject} (for printing and folding: untagged; the "
                                     "booklet's own PDF is the one tagged for screen readers)".strip()})
    # A file identifier from the content, not the clock, so rebuilds are byte-identical.
    digest = ByteStringObject(hashlib.md5(b"imposed:" + pdf, usedforsecurity=False).digest())
    writer._ID = ArrayObject([digest, digest])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SHEETS = {  # portrait width, height in points
    "letter": (612.0, 792.0), "tabloid": (792.0, 1224.0),
    "a4": (595.28, 841.89), "a3": (841.89, 1190.55),
}


def full_size_sheet(page: tuple[float, float]) -> str | None:
    """The sheet that holds two *page*s side by side at full size (tabloid for letter,
    A3 for A4), or None for other page sizes."""
    for name, (w, h) in SHEETS.items():
        if abs(page[0] * 2 - h) < 2 and abs(page[1] - w) < 2:
            return name
    return None


def page_scale(page: tuple[float, float], sheet: str) -> float:
    """How large a *page* prints on a landscape *sheet*, two to a side (1.0: full size)."""
    w, h = SHEETS[sheet]
    return min(1.0, h / 2 / page[0], w / page[1])


def impose_booklet(pdf: bytes, sheet: str | None = None) -> bytes:
    """The booklet ready to fold and staple, two pages a side on a landscape *sheet* (a
    name in SHEETS; default: the one that keeps the pages at full size, tabloid for letter
    and A3 for A4). Blank pages needed to reach a multiple of four go before the back page,
    so the back page stays on the outside."""
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    page = (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height))
    sheet = sheet or full_size_sheet(page)
    blanks = -count % 4
    order: list[int | None] = [*range(count - 1), *([None] * blanks), count - 1]
    size = (SHEETS[sheet][1], SHEETS[sheet][0]) if sheet else None  # landscape
    return impose(pdf, sheet=size, reading_order=order)
