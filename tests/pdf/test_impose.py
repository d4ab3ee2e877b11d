"""Saddle-stitch imposition: the page order, and the imposed PDF checked half by half."""

from __future__ import annotations

import io

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen.canvas import Canvas

from handoutkit.errors import OutputError
from handoutkit.pdf.impose import impose, saddle_stitch_order

N = None


def _source(sizes: list[tuple[float, float]]) -> bytes:
    """A PDF whose page i (from 1) says "PAGE i" in big type, in the middle of the page."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=sizes[0], invariant=True)
    for number, (width, height) in enumerate(sizes, start=1):
        canvas.setPageSize((width, height))
        canvas.setFont("Helvetica-Bold", 48)
        canvas.drawCentredString(width / 2, height / 2, f"PAGE {number}")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _halves(page: PageObject) -> tuple[str, str]:
    """The text on the left and on the right half of an imposed page."""
    middle = float(page.mediabox.width) / 2
    parts: dict[str, list[str]] = {"left": [], "right": []}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            parts["left" if x < middle else "right"].append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(parts["left"]), " ".join(parts["right"])


def _label(index: int | None) -> str:
    return "" if index is None else f"PAGE {index + 1}"


@pytest.mark.parametrize(("count", "expected"), [
    (1, [(N, 0), (N, N)]),
    (2, [(N, 0), (1, N)]),
    (4, [(3, 0), (1, 2)]),
    (5, [(N, 0), (1, N), (N, 2), (3, 4)]),
    (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
])
def test_saddle_stitch_order(count: int, expected: list[tuple[int | None, int | None]]) -> None:
    assert saddle_stitch_order(count) == expected


def test_order_uses_every_page_once_and_pads_to_four() -> None:
    for count in range(13):
        sides = saddle_stitch_order(count)
        slots = [i for side in sides for i in side]
        assert len(slots) % 4 == 0 and len(slots) - count < 4
        assert sorted(i for i in slots if i is not None) == list(range(count))


@pytest.mark.parametrize("count", [1, 2, 4, 5, 8])
def test_imposed_halves_hold_the_expected_pages(count: int) -> None:
    reader = PdfReader(io.BytesIO(impose(_source([letter] * count))))
    order = saddle_stitch_order(count)
    assert len(reader.pages) == len(order)
    for page, (left, right) in zip(reader.pages, order, strict=True):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (1224, 792)
        assert _halves(page) == (_label(left), _label(right))  # pad halves: no text at all


def test_folded_booklet_reads_in_order() -> None:
    """Stack the sheets, fold them, and read: fronts' right halves and backs' left halves
    going in, then backs' right halves and fronts' left halves coming back out."""
    count = 7
    reader = PdfReader(io.BytesIO(impose(_source([letter] * count))))
    sides = [_halves(page) for page in reader.pages]
    sheets = list(zip(sides[0::2], sides[1::2], strict=True))  # (front, back) of each sheet, outside in
    reading = [text for front, back in sheets for text in (front[1], back[0])]
    reading += [text for front, back in reversed(sheets) for text in (back[1], front[0])]
    assert reading == [f"PAGE {n}" for n in range(1, count + 1)] + [""]


def test_a4_pages_make_a3_sheets() -> None:
    page = PdfReader(io.BytesIO(impose(_source([A4] * 2)))).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((2 * A4[0], A4[1]))


def test_mixed_sizes_are_scaled_to_fit_their_half() -> None:
    reader = PdfReader(io.BytesIO(impose(_source([letter, A4, letter, A4]))))
    front, back = reader.pages
    assert (float(front.mediabox.width), float(front.mediabox.height)) == (1224, 792)
    assert _halves(front) == ("PAGE 4", "PAGE 1")
    assert _halves(back) == ("PAGE 2", "PAGE 3")


def test_sheet_size_can_be_given() -> None:
    reader = PdfReader(io.BytesIO(impose(_source([letter] * 4), sheet=(792, 612))))
    assert [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages] == [(792, 612)] * 2
    assert _halves(reader.pages[0]) == ("PAGE 4", "PAGE 1")


def test_imposing_is_deterministic_and_small() -> None:
    source = _source([letter] * 6)
    imposed = impose(source)
    assert imposed == impose(source)
    assert len(imposed) < 1.5 * len(source)


@pytest.mark.parametrize("data", [b"", b"not a pdf"], ids=["empty", "garbage"])
def test_unreadable_input_is_an_output_error(data: bytes) -> None:
    with pytest.raises(OutputError, match="unreadable") as info:
        impose(data)
    assert "\n" not in str(info.value)


def test_pdf_without_pages_is_an_output_error() -> None:
    buf = io.BytesIO()
    PdfWriter().write(buf)
    with pytest.raises(OutputError, match="no pages"):
        impose(buf.getvalue())
