"""Large print is large throughout: every character the page itself prints (header band,
title, body, captions, footer and disclaimer, the client's line, the booklet's page
numbers, cover, contents and back page) measures 12 pt or more, and so does every picture
label of every shipped handout: their drawings carry labels large enough that pictures
which print them at 12 pt leave the words room on both sides of one sheet.

Measured as tests/layout/test_printed_sizes.py measures the standard set: pdfium gives each
character's whole matrix, so a label inside a picture drawn at half its size measures half
its font size.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.layout.test_printed_sizes import printed_sizes

REPO = Path(__file__).resolve().parents[2]
LEAST = 12.0  # pt: any character of a large-print page
TOLERANCE = 0.001  # pt: PDF numbers are written with a few decimals
NAME = "Paul Rivera"
NOTE = "Two gentle stretches a day, and ice for 15 minutes after a long drive."
Sizes = list[list[tuple[str, float, bool]]]


def _run(root: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, str(REPO / "make_handouts.py"), "--root", str(root),
                           *args], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Sizes]:
    """Every shipped handout in large print, English and Spanish; both large-print booklets;
    a client's large-print copies with a note: each PDF's printed characters, by file."""
    root = tmp_path_factory.mktemp("large")
    for folder in ("handouts", "layouts", "images"):
        shutil.copytree(REPO / folder, root / folder)
    out = root / "out"
    _run(root, "build", "--large-print", "--out", str(out / "en"))
    _run(root, "build", "--large-print", "--lang", "es", "--out", str(out / "es"))
    _run(root, "booklet", "--large-print", "--out", str(out / "booklet-en.pdf"))
    _run(root, "booklet", "--large-print", "--lang", "es", "--out", str(out / "booklet-es.pdf"))
    _run(root, "build", "psoas", "stretches", "pauls-ankle", "--large-print", "--for", NAME,
         "--note", NOTE, "--date", "2026-11-25", "--out", str(out / "client"))
    return {p.relative_to(out).as_posix(): printed_sizes(p) for p in sorted(out.rglob("*.pdf"))}


def test_everything_asked_for_is_measured(large: dict[str, Sizes]) -> None:
    slugs = sorted(p.stem for p in (REPO / "handouts").glob("*.yaml"))
    for folder, lang in (("en/handouts", "en"), ("es/es/handouts", "es")):  # es: out/es/
        assert {f"{folder}/{s}-large-print.pdf" for s in slugs} <= set(large)
        assert len(large[f"booklet-{lang}.pdf"]) > len(slugs) + 3  # some take both sides
    copies = [name for name in large if name.startswith("client/")]
    assert len(copies) == 3
    assert all(sum(len(chars) for chars in pages) > 300 for pages in large.values())
    labels = {name for name, pages in large.items()
              if any(scaled for chars in pages for *_, scaled in chars)}
    assert "en/handouts/psoas-large-print.pdf" in labels and "booklet-es.pdf" in labels


def test_every_character_of_the_page_itself_is_12pt_or_larger(large: dict[str, Sizes]) -> None:
    small: dict[str, str] = defaultdict(str)  # page: its characters under 12 pt
    for name, pages in large.items():
        for number, chars in enumerate(pages, 1):
            for char, size, scaled in chars:
                if not scaled and size < LEAST - TOLERANCE:
                    small[f"{name} page {number} ({size:.2f} pt)"] += char
    assert not small, f"characters under {LEAST} pt: {dict(small)}"


def test_every_picture_label_is_12pt_or_larger(large: dict[str, Sizes]) -> None:
    under: dict[str, float] = {}  # file: its smallest label, where that is under 12 pt
    for name, pages in large.items():
        sizes = [size for chars in pages for _, size, scaled in chars if scaled]
        if sizes and min(sizes) < LEAST - TOLERANCE:
            under[name] = round(min(sizes), 2)
    assert not under, f"picture labels under {LEAST} pt: {under}"


def test_the_clients_line_and_the_booklets_page_numbers_are_measured(large: dict[str, Sizes]) -> None:
    [copy] = [pages for name, pages in large.items() if name.startswith("client/")
              and "Psoas" in name]
    text = "".join(char for char, *_ in copy[0])
    assert "PreparedforPaulRivera" in text and "Fromyoursession" in text
    booklet = large["booklet-en.pdf"]
    numbered = [chars for chars in booklet[3:] if chars and chars[-1][0].isdigit()]
    assert len(numbered) >= len(booklet) - 4  # every handout page ends with its number
    assert min(size for chars in numbered for char, size, _ in chars[-1:]) >= LEAST - TOLERANCE
