"""The fold-and-staple booklet prints its pages at full size unless a smaller sheet is asked
for, and then says how small the body text prints (measured here on the printed glyphs)."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from tests import support


def _glyph_height(path: Path, index: int) -> float:
    """The median height of the letters printed on page *index* (in points)."""
    page = pdfium.PdfDocument(str(path))[index]
    text = page.get_textpage()
    heights = []
    for i in range(text.count_chars()):
        if text.get_text_range(i, 1).isalpha():
            _, bottom, _, top = text.get_charbox(i)
            heights.append(top - bottom)
    return statistics.median(heights)


@pytest.fixture
def project(make_project):  # type: ignore[no-untyped-def]
    for n in (1, 2, 3):
        make_project.write(f"h{n}", support.handout_yaml(f"Handout {n}", n, text="Words " * 60))
    return make_project


def test_the_default_sheet_holds_two_pages_at_full_size(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("booklet", "--imposed")
    assert code == 0, err
    assert "note:" not in out
    imposed = project.out / "booklet-imposed.pdf"
    (width, height) = (float(v) for v in PdfReader(imposed).pages[0].mediabox[2:])
    assert (width, height) == (1224, 792)  # tabloid, landscape: two letter pages side by side
    # sheet 1's back holds booklet pages 2 and second-to-last; page 2 is the contents
    full = _glyph_height(project.out / "booklet.pdf", 1)
    assert _glyph_height(imposed, 1) == pytest.approx(full, rel=0.02)


def test_a_same_size_sheet_says_how_small_the_text_prints(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("booklet", "--imposed", "--sheet", "letter")
    assert code == 0, err
    (note,) = [line for line in out.splitlines() if line.startswith("note:")]
    assert "--sheet tabloid prints them at full size" in note
    scale = float(re.search(r"print at (\d+)% of their size", note).group(1)) / 100
    assert scale == pytest.approx(0.65, abs=0.01)
    imposed = project.out / "booklet-imposed.pdf"
    assert [float(v) for v in PdfReader(imposed).pages[0].mediabox[2:]] == [792, 612]
    full = _glyph_height(project.out / "booklet.pdf", 1)
    assert _glyph_height(imposed, 1) / full == pytest.approx(scale, abs=0.02)


def test_sheet_without_imposed_is_a_usage_error(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("booklet", "--sheet", "a3")
    assert code == 2 and "--sheet goes with --imposed" in err
