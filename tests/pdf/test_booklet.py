"""The booklet, checked in the finished PDF: pages, contents, bookmarks, labels, metadata."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests import support

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
TITLES = ["Your spine", "The sacrum", "Paul's hip muscles", "Gentle stretches"]
PRINTED = [t.replace("'", "\u2019") for t in TITLES]  # the page sets a curly apostrophe


def _handout(i: int, title: str) -> str:
    return textwrap.dedent(f"""\
        title: {title}
        subtitle: Part {i} of the set
        category: anatomy
        order: {10 * (len(TITLES) - i)}
        reviewed: 2026-11-{10 + i}
        layout: {"one-column" if i % 2 else "two-column"}
        blocks:
          - type: text
            text: This is handout {title.lower()}, marker HANDOUT-{i}.
          - type: image
            file: square.svg
            alt: A figure
            width: 0.5
        """)


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("booklet")
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(FIXTURES / "images", root / "images")
    (root / "handouts").mkdir()
    for i, title in enumerate(TITLES):
        (root / "handouts" / f"h{i}.yaml").write_text(_handout(i, title), encoding="utf-8")
    support.build(root, root / "out", booklet_path=root / "out" / "booklet.pdf")
    return root / "out" / "booklet.pdf"


def test_page_count_cover_contents_handouts_back(booklet: Path) -> None:
    reader = PdfReader(booklet)
    assert len(reader.pages) == 1 + 1 + len(TITLES) + 1
    texts = [p.extract_text() for p in reader.pages]
    assert "Your Low Back" in texts[0] and "Aaron Harris" in texts[0]
    assert "Contents" in texts[1]
    assert "Book your next session" in texts[-1]


def test_handouts_are_in_booklet_order(booklet: Path) -> None:
    texts = [p.extract_text() for p in PdfReader(booklet).pages]
    markers = [int(m.group(1)) for t in texts for m in re.finditer(r"HANDOUT-(\d)", t)]
    # order: field is 30, 20, 10, 0 for handouts 0..3, so the booklet runs 3, 2, 1, 0
    assert markers == [3, 2, 1, 0]


def test_contents_page_numbers_match_the_real_pages(booklet: Path) -> None:
    reader = PdfReader(booklet)
    labels = reader.page_labels
    contents = reader.pages[1].extract_text()
    for title in PRINTED:
        match = re.search(re.escape(title) + r".*?(\d+)\s*$", contents, re.S | re.M)
        assert match, title
        number = match.group(1)
        index = labels.index(number)
        page_text = reader.pages[index].extract_text()
        assert title in page_text
        # the number printed in the page's footer matches too (a line of its own)
        assert re.search(rf"(?m)^{number}$", page_text), page_text


def test_bookmarks_one_per_handout_pointing_at_it(booklet: Path) -> None:
    reader = PdfReader(booklet)
    marks = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    for title in PRINTED:  # the outline carries exactly the words its page prints
        assert title in reader.pages[marks[title]].extract_text()
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_page_labels_roman_then_numbers(booklet: Path) -> None:
    labels = PdfReader(booklet).page_labels
    assert labels[:2] == ["i", "ii"]
    assert labels[2:2 + len(TITLES)] == [str(n) for n in range(1, len(TITLES) + 1)]


def test_metadata_and_title_bar(booklet: Path) -> None:
    reader = PdfReader(booklet)
    meta = reader.metadata
    assert meta.title == "Your Low Back"
    assert "Aaron Harris" in meta.author
    assert meta.subject and "low back" in meta["/Keywords"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] is True or \
        bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_fonts_and_pictures_are_stored_once(booklet: Path) -> None:
    reader = PdfReader(booklet)
    font_files = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for key in fonts:
            font = fonts[key].get_object()
            font_files.add(font["/FontDescriptor"].indirect_reference.idnum)
    # four faces of one family at most, however many handouts
    assert len(font_files) <= 4
    forms = set()
    for page in reader.pages[2:2 + len(TITLES)]:
        xobjects = page["/Resources"]["/XObject"]
        forms |= {xobjects[k].indirect_reference.idnum for k in xobjects}
    # the logo and the one illustration every handout uses: two objects for four pages
    assert len(forms) == 2


def test_booklet_page_matches_the_standalone_handout(booklet: Path) -> None:
    """Each handout page in the booklet looks exactly like its standalone PDF, but for the
    page number in the bottom right corner."""
    import pypdfium2 as pdfium
    from PIL import ImageChops

    standalone = booklet.parent / "handouts"
    reader = PdfReader(booklet)
    whole = pdfium.PdfDocument(booklet)
    for i in range(len(TITLES)):
        index = next(n for n, p in enumerate(reader.pages) if f"HANDOUT-{i}" in p.extract_text())
        assert reader.pages[index].extract_text().rstrip().endswith(str(index - 1))
        alone = pdfium.PdfDocument(standalone / f"h{i}.pdf")[0].render(scale=1).to_pil().convert("RGB")
        page = whole[index].render(scale=1).to_pil().convert("RGB")
        box = ImageChops.difference(alone, page).getbbox()
        assert box is not None, "the page number is missing"
        left, top, _, _ = box
        width, height = page.size
        assert left > width * 0.8 and top > height * 0.9, (i, box)


def test_equal_objects_are_recognised_from_their_bytes(booklet: Path) -> None:
    """Fonts are compared from the bytes of the files, without parsing; an object that
    cannot be read that way (not at its recorded place) is parsed, with the same verdict."""
    import io

    from handoutkit.pdf.pages import Prints

    standalone = booklet.parent / "handouts"
    readers = [PdfReader(io.BytesIO((standalone / f"h{i}.pdf").read_bytes())) for i in (0, 1)]
    prints = Prints()
    fonts = [r.pages[0]["/Resources"]["/Font"] for r in readers]
    by_face = [{f[k]["/BaseFont"]: prints.of(f.raw_get(k)) for k in f} for f in fonts]
    shared = set(by_face[0]) & set(by_face[1])
    assert shared and all(by_face[0][n] == by_face[1][n] for n in shared)
    assert len(set(by_face[0].values())) == len(by_face[0])  # different faces differ
    parsed = Prints()
    parsed._raw = lambda ref: None  # type: ignore[method-assign]
    again = [{f[k]["/BaseFont"]: parsed.of(f.raw_get(k)) for k in f} for f in fonts]
    assert all(again[0][n] == again[1][n] for n in shared)
