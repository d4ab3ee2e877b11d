"""Every PDF the tool writes is valid: `qpdf --check` finds nothing, pdfium draws every page
without an error and finds text on it, and every page is exactly the size asked for.

One build, shared by the tests here: the shipped handouts, the test handout with every block
on each layout (letter and A4), the booklet, its fold-and-staple version, and a handout and
booklet made for a client in toner-light grey.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4, LETTER

from handoutkit import cli
from handoutkit.content.project import load_project

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
PAPER = {"letter": LETTER, "a4": A4}
SHIPPED = sorted(p.stem for p in (REPO / "handouts").glob("*.yaml"))
LAYOUTS = sorted(p.stem for p in (REPO / "layouts").glob("*.yaml") if p.stem != "brand")
CLIENT = "Zoë O'Brien-Nguyễn"
COMPACT = """\
title: "A short one: <b>tags</b> & **stars** print as typed"
category: self-care
order: 1
reviewed: 2026-11-25
layout: two-column
blocks:
  - type: text
    text: Hello {{ client.name }}. Straight "quotes", 6--8 minutes, <i>not markup</i>.
  - type: image
    file: photo.png
    alt: A test photo
    width: 0.4
  - type: bullets
    items: [One, Two]
  - type: callout
    style: caution
    text: Stop if it hurts.
"""


def qpdf() -> str:
    """The qpdf program; the tests are skipped without it, except in CI (where it must be)."""
    found = shutil.which("qpdf")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("qpdf is not installed; .ci/run installs the Debian package 'qpdf'")
    pytest.skip("qpdf is not installed (apt-get install qpdf); CI always runs these checks")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder with everything built into out/."""
    root = tmp_path_factory.mktemp("validity")
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(REPO / "images", root / "images")
    shutil.copytree(REPO / "handouts", root / "handouts")
    for name in ("photo.png", "photo.jpg", "square.svg"):
        shutil.copy(FIXTURES / "images" / name, root / "images" / name)
    every_block = (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8")
    for i, layout in enumerate(LAYOUTS):  # all-blocks needs two columns to fit on one page
        blocks = COMPACT if "one-column" in layout else every_block
        (root / "handouts" / f"every-block-{layout}.yaml").write_text(
            blocks.replace("layout: two-column", f"layout: {layout}")
                  .replace("order: 1", f"order: {900 + i}"), encoding="utf-8")
    for argv in (["--root", root],
                 ["--root", root, "booklet", "--imposed"],
                 ["--root", root, "build", "psoas", "every-block-one-column", "--for", CLIENT,
                  "--note", "Two <b>stretches</b> & rest", "--grayscale"],
                 ["--root", root, "booklet", "psoas", "stretches", "--for", CLIENT, "--grayscale"]):
        assert cli.main([str(a) for a in argv]) == 0
    return root


def paper_of(root: Path) -> dict[str, tuple[float, float]]:
    """Each handout's slug and the default layout ('') -> the page size it asks for."""
    project = load_project(root)
    sizes = {e.slug: PAPER[e.layout.paper] for e in project.entries}
    sizes[""] = PAPER[project.layouts[project.brand.default_layout].paper]
    return sizes


def every_pdf(root: Path) -> list[Path]:
    found = sorted((root / "out").rglob("*.pdf"))
    assert len(found) >= len(SHIPPED) + len(LAYOUTS) + 4
    return found


def pages(path: Path) -> list[tuple[tuple[float, float], str]]:
    """(width, height) and text of each page, drawing each one (pdfium raises on errors)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        result = []
        for page in pdf:
            image = page.render(scale=0.25).to_pil()
            assert image.convert("L").getextrema()[0] < 200, f"{path.name}: a blank page"
            result.append((page.get_size(), page.get_textpage().get_text_range()))
        return result
    finally:
        pdf.close()


def same_size(actual: tuple[float, float], expected: tuple[float, float]) -> bool:
    return all(abs(a - e) < 0.01 for a, e in zip(actual, expected, strict=True))


def test_qpdf_finds_no_problem_in_any_pdf(built):
    program = qpdf()
    for path in every_pdf(built):
        done = subprocess.run([program, "--check", str(path)], capture_output=True, text=True,
                              check=False, timeout=60)
        assert done.returncode == 0, f"{path.name}: {done.stdout}{done.stderr}"
        assert "No syntax or stream encoding errors found" in done.stdout, path.name
        assert "WARNING" not in done.stdout + done.stderr, path.name


def test_every_handout_is_one_page_of_the_size_its_layout_asks_for_with_text(built):
    sizes = paper_of(built)
    for slug in [*SHIPPED, *(f"every-block-{layout}" for layout in LAYOUTS)]:
        [(size, text)] = pages(built / "out" / "handouts" / f"{slug}.pdf")
        assert same_size(size, sizes[slug]), (slug, size)
        assert len(text.split()) > 20, slug


def test_the_booklet_pages_are_the_sizes_asked_for_with_text(built):
    sizes = paper_of(built)
    project = load_project(built)
    booklet = pages(built / "out" / "booklet.pdf")
    handouts = [e.slug for e in project.entries]
    front = len(booklet) - len(handouts) - 1  # cover and contents, then handouts, then back
    assert front >= 2
    expected = [sizes[""]] * front + [sizes[s] for s in handouts] + [sizes[""]]
    for number, ((size, text), want) in enumerate(zip(booklet, expected, strict=True), 1):
        assert same_size(size, want), (number, size, want)
        assert text.strip(), f"page {number} has no text"


def test_the_fold_and_staple_booklet_is_landscape_sheets_with_text(built):
    sheets = pages(built / "out" / "booklet-imposed.pdf")
    width, height = LETTER
    assert len(sheets) % 2 == 0
    for size, text in sheets:  # tabloid, landscape: two letter pages side by side, full size
        assert same_size(size, (2 * width, height)), size
        assert text.strip()


def test_a_clients_handouts_and_booklet_are_valid_pages_with_their_name(built):
    made = sorted((built / "out" / "clients").rglob("*.pdf"))
    assert len(made) == 3
    sizes = paper_of(built)
    for path in made:
        drawn = pages(path)
        assert all(same_size(size, sizes[""]) for size, _ in drawn), path.name
        assert "Zoë" in "".join(text for _, text in drawn), path.name


def fonts_used(path: Path) -> set[str]:
    """The BaseFont of every font a PDF's pages and their forms (illustrations) use."""
    from pypdf import PdfReader

    found: set[str] = set()

    def walk(resources) -> None:
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]))
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in PdfReader(path).pages:
        walk(page.get("/Resources"))
    return found


def test_illustration_labels_use_only_the_brand_fonts(built):
    # daily-habits' drawings have bold "Vera" labels
    used = fonts_used(built / "out" / "handouts" / "daily-habits.pdf")
    assert used and all("BitstreamVeraSans" in name for name in used), used
