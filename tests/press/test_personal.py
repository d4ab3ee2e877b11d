"""Personalized handouts: the client's name and note on the page, any script, as data."""

from __future__ import annotations

import glob
import re
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
HANDOUT = """\
    title: "Psoas: your deep hip flexor"
    subtitle: A test page
    category: muscle
    order: 1
    reviewed: 2026-01-15
    blocks:
      - type: text
        text: Hello {{ client.name }}, this page is for you.
      - type: image
        file: square.svg
        alt: A figure
        width: 0.6
    """


@pytest.fixture
def project(make_project):  # type: ignore[no-untyped-def]
    make_project.write("psoas", HANDOUT)
    make_project.write("other", HANDOUT.replace("order: 1", "order: 2").replace("Psoas:", "Other:"))
    return make_project


def _pdfs(folder: Path) -> list[Path]:
    return sorted(Path(p) for p in glob.glob(str(folder / "**" / "*.pdf"), recursive=True))


def _fonts(pdf: Path) -> list[str]:
    page = PdfReader(pdf).pages[0]
    fonts = page["/Resources"]["/Font"]
    return [str(fonts[k].get_object()["/BaseFont"]) for k in fonts]


def test_personal_handout_shows_name_date_and_note(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("build", "psoas", "--for", "Paul Rivera", "--note",
                             "Ice the ankle 15 min after games", "--date", "2026-11-25")
    assert code == 0, err
    pdf = project.out / "clients" / "paul-rivera" / "Psoas - for Paul Rivera.pdf"
    assert _pdfs(project.out) == [pdf]  # the unpersonalized set is not touched
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Prepared for Paul Rivera · 25 November 2026" in text
    assert "From your session" in text and "Ice the ankle 15 min after games" in text
    assert "Hello Paul Rivera, this page is for you." in text
    assert "Paul" not in str(reader.metadata)  # the name never goes into metadata


def test_unpersonalized_build_stays_where_it_was(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("build", "psoas")[0] == 0
    before = (project.out / "handouts" / "psoas.pdf").read_bytes()
    assert run_cli("build", "psoas", "--for", "Paul Rivera")[0] == 0
    assert (project.out / "handouts" / "psoas.pdf").read_bytes() == before
    text = PdfReader(project.out / "handouts" / "psoas.pdf").pages[0].extract_text()
    assert "Prepared for" not in text and "Hello , this page" in text


@pytest.mark.parametrize("name, needs_fallback", [
    ("Zoë Dupré", False), ("Nguyễn Văn An", True), ("O'Brien & Sons", False), ("Ольга Петрова", True),
    ("Σοφία Παπαδοπούλου", True), ("张伟", True), ("محمد علي", True)])
def test_any_real_name_prints(project, run_cli, name: str, needs_fallback: bool) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("build", "psoas", "--for", name, "--date", "2026-11-25")
    assert code == 0, err
    [pdf] = _pdfs(project.out)
    fonts = _fonts(pdf)
    assert all("+" in f for f in fonts), fonts  # every font embedded as a subset
    assert any("Vera" not in f for f in fonts) == needs_fallback, fonts
    page = pypdfium2.PdfDocument(pdf)[0]
    text = unicodedata.normalize("NFKC", page.get_textpage().get_text_range())
    text = text.replace("\u2019", "'")  # O'Brien prints with a typographic apostrophe
    for word in name.split():  # Arabic is shaped and drawn right to left, word by word
        assert unicodedata.normalize("NFKC", word) in text, (word, text)


def test_markup_and_template_syntax_in_names_and_notes_print_literally(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    name = "Ann <b>Lee</b> & {{ 7*7 }} **x**"
    note = "<font color=red>hi</font> {% if 1 %}yes{% endif %} *y* &amp;"
    code, _, err = run_cli("build", "psoas", "--for", name, "--note", note, "--date", "2026-11-25")
    assert code == 0, err
    [pdf] = _pdfs(project.out)
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "Ann <b>Lee</b> & {{ 7*7 }} **x**" in text
    assert "<font color=red>hi</font> {% if 1 %}yes{% endif %} *y* &amp;" in text
    assert "49" not in text


def test_a_character_no_font_has_is_named(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("build", "psoas", "--for", "Ann \U000f0001")
    assert code == 2
    assert "U+F0001" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _pdfs(project.out) == []


def test_note_without_a_name_is_wrong_usage(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("build", "psoas", "--note", "hello")
    assert code == 2 and "--note goes with --for" in err


def test_personal_booklet_of_just_those_handouts(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("booklet", "psoas", "--for", "Paul Rivera", "--date", "2026-11-25")
    assert code == 0, err
    pdf = project.out / "clients" / "paul-rivera" / "Your Low Back - for Paul Rivera.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 4  # cover, contents, psoas, back page
    assert "Prepared for Paul Rivera" in reader.pages[0].extract_text()
    assert "Other" not in reader.pages[1].extract_text()
    assert "Paul" not in str(reader.metadata)


def test_grayscale_has_no_colour_and_no_filled_band(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("build", "psoas", "--grayscale")[0] == 0
    pdf = project.out / "handouts" / "psoas-grayscale.pdf"
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("RGB")
    assert image.getpixel((image.width // 2, 10)) == (255, 255, 255)  # no band across the top
    pixels = image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata()
    assert max(max(p) - min(p) for p in pixels) <= 3  # shades of grey only
    assert run_cli("build", "psoas")[0] == 0
    colour = pypdfium2.PdfDocument(project.out / "handouts" / "psoas.pdf")[0]
    top = colour.render(scale=0.5).to_pil().convert("RGB").getpixel((10, 10))
    assert top != (255, 255, 255)  # the colour version keeps its band


def test_imposed_booklet_for_folding(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("booklet", "--imposed")
    assert code == 0, err
    booklet = PdfReader(project.out / "booklet.pdf")
    imposed = PdfReader(project.out / "booklet-imposed.pdf")
    assert len(booklet.pages) == 5  # cover, contents, 2 handouts, back
    assert len(imposed.pages) == 4  # padded to 8 pages: 2 sheets, 2 sides each
    box = imposed.pages[0].mediabox
    # tabloid, landscape: two letter pages side by side at full size
    assert (round(float(box.width)), round(float(box.height))) == (1224, 792)
    assert re.search("fold", out)
