"""One Spanish page, rendered and compared as a picture with the one recorded when it was
checked by eye (tests/fixtures/es-page.png): the page's own words, the date, the picture
and the layout all land where they did. Record it again, after looking at the new page,
with HANDOUTKIT_RECORD=1."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from tests.content.test_translation import ENGLISH, SPANISH

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "es-page.png"
SCALE = 100 / 72  # 100 dpi: enough to see every word, small enough to keep in the repo


def test_a_spanish_page_looks_as_recorded(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    make_project.write("stretches", ENGLISH)
    (make_project.handouts / "es").mkdir()
    (make_project.handouts / "es" / "stretches.yaml").write_text(
        SPANISH, encoding="utf-8")
    code, _, err = run_cli("build", "stretches", "--lang", "es", "--for", "María López",
                           "--note", "Hielo 15 min", "--date", "2026-11-25")
    assert code == 0, err
    pdf = make_project.out / "clients" / "maría-lópez" / "Estiramientos suaves - para María López.pdf"
    page = pdfium.PdfDocument(str(pdf))[0].render(scale=SCALE, grayscale=True).to_pil().convert("L")
    if os.environ.get("HANDOUTKIT_RECORD"):
        page.save(GOLDEN, optimize=True)
        pytest.skip("recorded the Spanish page again")
    golden = Image.open(GOLDEN).convert("L")
    assert page.size == golden.size
    diff = ImageChops.difference(page, golden).point(lambda v: 255 if v > 64 else 0)
    changed = diff.histogram()[255] / (page.size[0] * page.size[1])
    assert changed < 0.002, f"{changed:.2%} of the page differs from the recorded picture"
