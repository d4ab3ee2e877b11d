"""The handouts this project ships: each builds to one good page, and the main job works."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from handoutkit.authoring import checking

REPO = Path(__file__).resolve().parent.parent
EDGE = 0.4 * 72


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The main job, run exactly as the README says, on a copy of the repository's content."""
    root = tmp_path_factory.mktemp("shipped")
    for folder in ("handouts", "layouts", "images"):
        shutil.copytree(REPO / folder, root / folder)
    result = subprocess.run([sys.executable, str(REPO / "make_handouts.py"), "--root", str(root)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "out"


def test_check_passes_on_shipped_content() -> None:
    report = checking.check(REPO)
    assert report.errors == []
    assert len(report.items) >= 3
    for item in report.items:
        assert item.scale is not None
        assert item.grade <= checking.GRADE_LIMIT, (item.slug, item.grade)


def test_every_shipped_handout_is_one_page_with_text_inside_the_safe_area(built: Path) -> None:
    slugs = sorted(p.stem for p in (REPO / "handouts").glob("*.yaml"))
    assert sorted(p.stem for p in (built / "handouts").glob("*.pdf")) == slugs
    for slug in slugs:
        pdf = built / "handouts" / f"{slug}.pdf"
        assert len(PdfReader(pdf).pages) == 1, slug
        page = pypdfium2.PdfDocument(pdf)[0]
        width, height = page.get_size()
        text = page.get_textpage()
        assert text.count_chars() > 500, slug
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1).isspace():
                continue
            left, bottom, right, top = text.get_charbox(i)
            assert left >= EDGE - 0.5 and right <= width - EDGE + 0.5, slug
            assert bottom >= EDGE - 0.5 and top <= height - EDGE + 0.5, slug


def test_booklet_holds_every_shipped_handout(built: Path) -> None:
    reader = PdfReader(built / "booklet.pdf")
    count = len(list((REPO / "handouts").glob("*.yaml")))
    assert len(reader.pages) == count + 3
    assert len(reader.outline) == count + 2  # contents, each handout, back page
    # one font subset per face, illustrations once: small enough to email
    assert (built / "booklet.pdf").stat().st_size < 60_000 * (count + 3)
