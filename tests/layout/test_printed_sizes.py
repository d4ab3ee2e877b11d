"""Every character of every shipped PDF prints at 7 pt or more, picture labels included,
measured from the finished files as a reader gets them.

A character's printed size is its font size times the scale of everything it is drawn
through: pdfium's FPDFText_GetMatrix gives the character's whole matrix (text matrix times
the page's and any form's transform), so a 30-unit label in a picture drawn at a quarter
of its size measures 7.5 pt, not 30.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

REPO = Path(__file__).resolve().parents[2]
LEAST = 7.0  # pt: any character
BODY = 9.5  # pt: body text, the size most of a page's characters are set in
TOLERANCE = 0.001  # pt: PDF numbers are written with a few decimals


def printed_sizes(pdf: Path) -> list[list[tuple[str, float, bool]]]:
    """For each page, each printed character: (character, printed size in pt, whether it
    is drawn scaled, as picture labels are)."""
    pages = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            textpage = page.get_textpage()
            chars = []
            for i in range(textpage.count_chars()):
                char = textpage.get_text_range(i, 1)
                if not char.strip() or pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
                    continue
                matrix = pdfium_c.FS_MATRIX()
                assert pdfium_c.FPDFText_GetMatrix(textpage, i, matrix)
                scale = math.hypot(matrix.c, matrix.d)  # how tall the em is drawn
                size = pdfium_c.FPDFText_GetFontSize(textpage, i) * scale
                chars.append((char, size, abs(scale - 1) > 1e-3))
            pages.append(chars)
    finally:
        document.close()
    return pages


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[tuple[str, float, bool]]]]:
    """The shipped set built as the README says (every handout and out/booklet.pdf), on a
    copy of the repository's content: each PDF's printed characters, by file."""
    root = tmp_path_factory.mktemp("shipped")
    for folder in ("handouts", "layouts", "images"):
        shutil.copytree(REPO / folder, root / folder)
    done = subprocess.run([sys.executable, str(REPO / "make_handouts.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    out = root / "out"
    return {p.relative_to(out).as_posix(): printed_sizes(p) for p in sorted(out.rglob("*.pdf"))}


def test_the_whole_shipped_set_is_measured(shipped: dict) -> None:
    slugs = sorted(p.stem for p in (REPO / "handouts").glob("*.yaml"))
    assert "booklet.pdf" in shipped
    assert {f"handouts/{slug}.pdf" for slug in slugs} <= set(shipped)
    assert len(shipped["booklet.pdf"]) == len(slugs) + 3  # cover, contents, back page
    assert all(sum(len(chars) for chars in pages) > 500 for pages in shipped.values())


def test_every_printed_character_is_7pt_or_larger(shipped: dict) -> None:
    small = Counter()
    for name, pages in shipped.items():
        for number, chars in enumerate(pages, 1):
            for _char, size, _ in chars:
                if size < LEAST - TOLERANCE:
                    small[f"{name} page {number}: {size:.1f} pt"] += 1
    assert not small, f"characters under {LEAST} pt: {dict(small)}"


def test_body_text_is_9_5pt_or_larger(shipped: dict) -> None:
    for name, pages in shipped.items():
        for number, chars in enumerate(pages, 1):
            body, _ = Counter(round(size, 2) for _, size, _ in chars).most_common(1)[0]
            assert body >= BODY - TOLERANCE, f"{name} page {number}: body text at {body} pt"


def test_picture_labels_are_measured_at_their_printed_size(shipped: dict) -> None:
    [page] = shipped["handouts/stretches.pdf"]
    labels = "".join(char for char, _, scaled in page if scaled)  # spaces are not measured
    for label in ("Flattenback", "Hipsforward", "Ankleonknee"):
        assert label in labels
    sizes = [size for _, size, scaled in page if scaled]
    assert min(sizes) >= LEAST - TOLERANCE and max(sizes) < 9  # 30 units drawn at a quarter
    assert any(scaled for page in shipped["booklet.pdf"] for _, _, scaled in page)
