"""Rendering through real PDFs: every block type, one page always, fitting, reproducibility."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from handoutkit.errors import ContentError
from tests import support

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def _project(tmp: Path, handouts: dict[str, str]) -> Path:
    shutil.copytree(REPO / "layouts", tmp / "layouts")
    shutil.copytree(FIXTURES / "images", tmp / "images")
    (tmp / "handouts").mkdir()
    for slug, text in handouts.items():
        (tmp / "handouts" / f"{slug}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp


def _text(pdf: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(pdf).pages)


def _handout(order: int, paragraphs: int, words: int = 60, layout: str = "two-column") -> str:
    para = " ".join(["Gentle movement helps your back feel better each day."] * (words // 9))
    body = "\n".join(f"  - type: text\n    text: {para}" for _ in range(paragraphs))
    return (f"title: Handout {order}\ncategory: anatomy\norder: {order}\nreviewed: 2026-11-25\n"
            f"layout: {layout}\nblocks:\n  - type: heading\n    text: Start here\n{body}\n")


@pytest.fixture(scope="module")
def every_block(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("all"), {
        "all-blocks": (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8")})
    support.build(root, root / "out")
    return root / "out" / "handouts" / "all-blocks.pdf"


def test_every_block_type_renders_on_one_page(every_block: Path) -> None:
    reader = PdfReader(every_block)
    assert len(reader.pages) == 1
    text = _text(every_block)
    for expected in ("Text and lists", "First bullet", "Step two", "A smaller heading",
                     "A caption under the picture", "A helpful tip.", "Careful",
                     "See a doctor promptly if", "You have a fever", "Knee to chest",
                     "Lie on your back.", "Hold:", "20 seconds", "Stop if", "Head weight",
                     "10–12 lb", "Paul’s story", "Left column text.", "Book online",
                     "www.example.com/book", "Massage Aha!"):
        assert expected in text, expected


def test_markup_characters_print_as_themselves(every_block: Path) -> None:
    text = _text(every_block)
    assert "Every block <&> in one place" in text
    assert "<b>not markup</b>" in text
    assert "“quotes”" in text and "it’s" in text and "6–8 inches" in text


def test_brand_title_footer_on_page(every_block: Path) -> None:
    text = _text(every_block)
    assert "Massage Aha!" in text and "Aaron Harris, BCTMB" in text
    assert "not medical advice" in text
    assert "Reviewed 25" in text and "November 2026" in text


def test_page_is_letter_and_fonts_embedded_as_subsets(every_block: Path) -> None:
    page = PdfReader(every_block).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    fonts = page["/Resources"]["/Font"]
    names = [fonts[k].get_object()["/BaseFont"] for k in fonts]
    assert names and all("+" in n for n in names), names  # ABCDEF+Name marks a subset
    for k in fonts:
        font = fonts[k].get_object()
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in font["/FontDescriptor"]  # the TrueType program is embedded


def test_text_keeps_away_from_the_paper_edge(every_block: Path) -> None:
    pdf = pypdfium2.PdfDocument(every_block)
    page = pdf[0]
    width, height = page.get_size()
    textpage = page.get_textpage()
    limit = 0.4 * 72
    for i in range(textpage.count_chars()):
        if textpage.get_text_range(i, 1).isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        assert left >= limit - 0.5 and right <= width - limit + 0.5
        assert bottom >= limit - 0.5 and top <= height - limit + 0.5


def test_rendered_page_is_not_blank(every_block: Path) -> None:
    image = pypdfium2.PdfDocument(every_block)[0].render(scale=0.5).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.02 * image.width * image.height


def test_long_handout_is_shrunk_to_fit_one_page(tmp_path: Path) -> None:
    root = _project(tmp_path, {"long": _handout(1, paragraphs=11)})
    report = support.build(root, root / "out")
    assert report.handouts[0].shrunk
    assert 9.5 / 10.5 <= report.handouts[0].scale < 1.0
    assert len(PdfReader(root / "out/handouts/long.pdf").pages) == 1


def test_too_long_handout_is_refused_with_words_to_cut(tmp_path: Path) -> None:
    root = _project(tmp_path, {"huge": _handout(1, paragraphs=30)})
    with pytest.raises(ContentError) as info:
        support.build(root, root / "out")
    message = str(info.value)
    assert message.startswith("handouts/huge.yaml: does not fit on one page")
    words = int(message.split("cut about ")[1].split()[0])
    assert 400 <= words <= 1500  # 30 paragraphs of 54 words; about half must go
    assert not (root / "out" / "handouts" / "huge.pdf").exists()


def test_one_column_layout_keeps_a_comfortable_measure(tmp_path: Path) -> None:
    root = _project(tmp_path, {"one": _handout(1, paragraphs=3, layout="one-column")})
    support.build(root, root / "out")
    lines = [ln for ln in _text(root / "out/handouts/one.pdf").splitlines() if "Gentle" in ln]
    assert lines and max(len(ln) for ln in lines) <= 78


def test_a4_layout_gives_a4_paper(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a4": _handout(1, paragraphs=2, layout="two-column-a4")})
    support.build(root, root / "out")
    box = PdfReader(root / "out/handouts/a4.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a": _handout(1, 2), "b": _handout(2, 3)})
    support.build(root, root / "out", booklet_path=root / "out" / "booklet.pdf")
    first = {p.name: p.read_bytes() for p in (root / "out").rglob("*.pdf")}
    shutil.rmtree(root / "out")
    support.build(root, root / "out", booklet_path=root / "out" / "booklet.pdf")
    second = {p.name: p.read_bytes() for p in (root / "out").rglob("*.pdf")}
    assert first == second and len(first) == 3


def test_pdf_dates_come_from_content_not_clock(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a": _handout(1, 1)})
    support.build(root, root / "out")
    meta = PdfReader(root / "out/handouts/a.pdf").metadata
    assert meta["/CreationDate"].startswith("D:20261125")
    assert meta["/Title"] == "Handout 1"


@pytest.mark.parametrize("filler", range(20, 34))
def test_a_heading_never_ends_a_column(tmp_path: Path, filler: int) -> None:
    """Whatever the text before it, a heading stays in the column with its first lines."""
    para = " ".join(["Gentle movement helps your back feel better each day."] * 5)
    body = "\n".join("  - type: text\n    text: A short line." for _ in range(filler))
    text = (f"title: Headings\ncategory: anatomy\norder: 1\nreviewed: 2026-11-25\nblocks:\n{body}\n"
            "  - type: heading\n    text: Zqxheading\n"
            f"  - type: text\n    text: Zqxfirst words of the section. {para}\n")
    root = _project(tmp_path, {"h": text})
    support.build(root, root / "out")
    page = pypdfium2.PdfDocument(root / "out/handouts/h.pdf")[0]
    tp = page.get_textpage()
    full = tp.get_text_range()
    boxes = {}
    for mark in ("Zqxheading", "Zqxfirst"):
        i = full.index(mark)
        boxes[mark] = tp.get_charbox(i)
    (hx, hy, _, _), (px, py, _, _) = boxes["Zqxheading"], boxes["Zqxfirst"]
    assert abs(hx - px) < 5 and hy > py  # same column, heading just above its text


def test_large_photos_are_stored_no_larger_than_print_needs(tmp_path: Path) -> None:
    from PIL import Image

    root = _project(tmp_path, {"p": (
        "title: Photo\ncategory: anatomy\norder: 1\nreviewed: 2026-11-25\nblocks:\n"
        "  - type: image\n    file: big.png\n    alt: A big photo\n    width: 0.5\n")})
    Image.radial_gradient("L").resize((5000, 3000)).convert("RGB").save(root / "images" / "big.png")
    support.build(root, root / "out")
    page = PdfReader(root / "out/handouts/p.pdf").pages[0]
    sizes = [(img.image.width, img.image.height) for img in page.images]
    assert sizes and max(max(s) for s in sizes) <= 2400


def test_drawing_shapes_are_not_checked_attribute_by_attribute() -> None:
    """The settings module loads before ReportLab's drawing modules, whatever imports
    first (converting SVGs is a fifth slower with per-attribute checks)."""
    import subprocess
    import sys

    code = ("import handoutkit.layout.render; from reportlab.graphics import shapes; "
            "from reportlab import rl_config; "
            "print(rl_config.shapeChecking, rl_config.useA85, '__setattr__' in vars(shapes.Shape))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.split()
    assert out == ["0", "0", "False"]


def test_a_handout_is_the_same_file_whatever_was_built_before_it(tmp_path: Path) -> None:
    """Font subsets are cut and compressed once per process and reused: a handout built
    after others in one process is byte for byte the one a fresh process makes."""
    import subprocess
    import sys

    root = _project(tmp_path, {"a": _handout(5, 2), "b": _handout(6, 3, layout="one-column"),
                               "c": (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8")})
    support.build(root, root / "together", jobs=1)
    subprocess.run([sys.executable, str(REPO / "make_handouts.py"), "--root", str(root), "build",
                    "c", "--out", str(root / "alone")], check=True, capture_output=True)
    together = (root / "together" / "handouts" / "c.pdf").read_bytes()
    assert together == (root / "alone" / "handouts" / "c.pdf").read_bytes()
    fonts = PdfReader(root / "together" / "handouts" / "a.pdf").pages[0]["/Resources"]["/Font"]
    assert all(fonts[k]["/FontDescriptor"]["/FontFile2"].get_data()[:4] == b"\x00\x01\x00\x00"
               for k in fonts)  # each embedded font is a TrueType file


def test_illustration_labels_follow_the_brand_font_when_brands_change(tmp_path: Path) -> None:
    """svglib keeps one font mapping per process: after another brand's fonts were used
    (as in `watch`), a picture's labels are in this brand's font again, not the other."""
    import subprocess
    import sys

    first = _project(tmp_path / "a", {"plain": _handout(5, 1)})
    other = _project(tmp_path / "b", {"c": (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8")})
    (other / "fonts").mkdir()
    for name, as_name in (("Vera.ttf", "VeraBd.ttf"), ("VeraBd.ttf", "Vera.ttf")):
        shutil.copy(_font(name), other / "fonts" / as_name)  # another family: faces swapped
    support.build(first, first / "out")  # this brand's fonts first
    support.build(other, other / "out")  # then the other brand's
    (first / "handouts" / "c.yaml").write_text((FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8"))
    support.build(first, first / "out", jobs=1)  # its pictures converted now
    subprocess.run([sys.executable, str(REPO / "make_handouts.py"), "--root", str(first), "build",
                    "c", "--out", str(first / "alone")], check=True, capture_output=True)
    assert (first / "out" / "handouts" / "c.pdf").read_bytes() == \
        (first / "alone" / "handouts" / "c.pdf").read_bytes()


def _font(name: str) -> Path:
    import reportlab

    return Path(reportlab.__file__).parent / "fonts" / name


def test_a_picture_converted_for_one_brand_is_converted_again_for_another(tmp_path: Path) -> None:
    """In one process (`watch`), changing the brand's fonts redraws the illustrations'
    labels in the new font rather than reusing the drawing made for the old one."""
    import subprocess
    import sys

    root = _project(tmp_path, {"c": (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8")})
    support.build(root, root / "before", jobs=1)
    (root / "fonts").mkdir()
    for name, as_name in (("Vera.ttf", "VeraBd.ttf"), ("VeraBd.ttf", "Vera.ttf")):
        shutil.copy(_font(name), root / "fonts" / as_name)  # the brand's faces now swapped
    support.build(root, root / "after", jobs=1)
    subprocess.run([sys.executable, str(REPO / "make_handouts.py"), "--root", str(root), "build",
                    "c", "--out", str(root / "alone")], check=True, capture_output=True)
    assert (root / "after" / "handouts" / "c.pdf").read_bytes() == \
        (root / "alone" / "handouts" / "c.pdf").read_bytes()
