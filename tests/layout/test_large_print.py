"""Large print: body text 14 pt or more in Atkinson Hyperlegible, at most both sides of a
sheet, named so it is never confused with the standard file, and a booklet whose contents,
bookmarks and page labels follow the extra pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

from tests import support

SENTENCE = "Gentle movement every day keeps the muscles of the low back supple and strong."


def _sizes(pdf: Path) -> Counter[float]:
    """How many letters are printed at each font size, over every page."""
    sizes: Counter[float] = Counter()
    doc = pdfium.PdfDocument(str(pdf))
    for page in doc:
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1).isalpha():
                sizes[round(pdfium_c.FPDFText_GetFontSize(text, i), 1)] += 1
    return sizes


def _long(n: int) -> str:
    return "".join(f"  - type: heading\n    text: Part {k}\n  - type: text\n    text: "
                   f"{' '.join([SENTENCE] * 4)}\n" for k in range(n))


def test_large_print_body_is_14_pt_or_more_on_at_most_two_pages(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    make_project.write("long", support.handout_yaml("Long", 1, blocks=_long(6)))
    code, _, err = run_cli("build", "long", "--large-print")
    assert code == 0, err
    path = make_project.out / "handouts" / "long-large-print.pdf"
    assert path.is_file() and not (make_project.out / "handouts" / "long.pdf").exists()
    reader = PdfReader(path)
    assert len(reader.pages) == 2  # this much text needs both sides of the sheet
    sizes = _sizes(path)
    body = sizes.most_common(1)[0][0]
    assert body >= 14, sizes
    assert min(sizes) >= 7, sizes  # and nothing on the page is printed smaller than 7 pt
    fonts = {str(f["/BaseFont"]) for p in reader.pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("AtkinsonHyperlegible" in f for f in fonts), fonts


def test_the_standard_page_is_unchanged_beside_it(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    make_project.write("short", support.handout_yaml("Short", 1, text=" ".join([SENTENCE] * 8)))
    assert run_cli("build", "short")[0] == 0
    assert run_cli("build", "short", "--large-print")[0] == 0
    standard = _sizes(make_project.out / "handouts" / "short.pdf").most_common(1)[0][0]
    large = _sizes(make_project.out / "handouts" / "short-large-print.pdf").most_common(1)[0][0]
    assert standard < 12 <= 14 <= large


def test_too_long_even_on_two_pages_says_how_much_to_cut(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    make_project.write("huge", support.handout_yaml("Huge", 1, blocks=_long(30)))
    code, _, err = run_cli("build", "huge", "--large-print")
    assert code == 1 and "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("handouts/huge.yaml: does not fit on both sides of one sheet, even "
                           "with the type at its smallest (14 pt); cut about ")
    assert not (make_project.out / "handouts" / "huge-large-print.pdf").exists()


def test_a_large_print_booklet_counts_the_extra_pages(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    make_project.write("a-long", support.handout_yaml("Long one", 1, blocks=_long(6)))
    make_project.write("b-short", support.handout_yaml("Short one", 2, text=SENTENCE))
    code, _, err = run_cli("booklet", "--large-print")
    assert code == 0, err
    reader = PdfReader(make_project.out / "booklet-large-print.pdf")
    marks = {o.title: reader.get_destination_page_number(o) for o in reader.outline}
    assert marks["Short one"] - marks["Long one"] == 2  # the long one takes both sides
    labels = reader.page_labels
    assert labels[marks["Long one"]] == "1" and labels[marks["Short one"]] == "3"
    contents = reader.pages[1].extract_text()
    assert "Long one" in contents and "Short one" in contents
    assert contents.split("Short one")[1].split()[0] == "3"  # its page number, as labelled
    assert "3" in reader.pages[marks["Short one"]].extract_text().split()  # and stamped on it


def test_a_clients_large_print_file_says_so_in_its_name(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    make_project.write("short", support.handout_yaml("Short", 1, text=SENTENCE))
    code, _, err = run_cli("build", "short", "--large-print", "--grayscale", "--for", "Ann Lee")
    assert code == 0, err
    assert (make_project.out / "clients" / "ann-lee" /
            "Short - for Ann Lee (large print, ink saver).pdf").is_file()
