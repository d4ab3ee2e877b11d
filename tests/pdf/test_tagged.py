"""Every PDF a client may get is a tagged PDF (PDF/UA-1): read back with pdfminer.six and
Poppler, for every shipped handout in both languages, the booklets (plain, personal, large
print, Spanish) and stamped personal copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pdfminer.pdftypes import resolve1, stream_value
from pypdf import PdfReader

from handoutkit.content.markup import paragraphs, plain
from handoutkit.content.model import (
    Bullets,
    Callout,
    Columns,
    Facts,
    Heading,
    Image,
    Numbered,
    Qr,
    Steps,
    Story,
    TextBlock,
)
from handoutkit.content.project import load

from .tags import Element, Tagged, poppler_text, poppler_tree, read_tagged, squeeze

REPO = Path(__file__).resolve().parent.parent.parent
LANGUAGES = ("en", "es")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped set built as the README says, plus a large-print booklet, a client's
    booklet and a batch of stamped copies, on a copy of the repository's content."""
    root = tmp_path_factory.mktemp("tagged")
    for folder in ("handouts", "layouts", "images"):
        shutil.copytree(REPO / folder, root / folder)
    # a name in another script: printed with a fallback font, whose glyphs map to Unicode too
    (root / "clients.csv").write_text("name,note\nAna Diaz,\nBo Li,\n李明,\n", encoding="utf-8")
    tool = [sys.executable, str(REPO / "make_handouts.py"), "--root", str(root)]
    for args in ([], ["booklet", "--large-print"], ["booklet", "--for", "Paul Rivera"],
                 ["--out", str(root / "paper" / "booklet.pdf"), "booklet", "--imposed"],
                 ["build", "psoas", "stretches", "--clients", str(root / "clients.csv")]):
        result = subprocess.run([*tool, *args], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    return root / "out"


def _pdfs(out: Path) -> list[Path]:
    found = sorted(p for p in out.rglob("*.pdf") if "imposed" not in p.name)
    assert len(found) > 30
    return found


def _handouts(language: str) -> list[tuple[str, Any]]:
    project = load(REPO, language)
    return [(e.slug, e.handout) for e in project.entries]


def _folder(out: Path, language: str) -> Path:
    return out / "handouts" if language == "en" else out / language / "handouts"


def test_every_pdf_declares_itself_tagged(built: Path) -> None:
    for pdf in _pdfs(built):
        tagged = read_tagged(pdf)
        catalog = tagged.catalog
        assert resolve1(catalog["MarkInfo"])["Marked"] is True, pdf
        root = resolve1(catalog["StructTreeRoot"])
        assert "ParentTree" in root, pdf
        assert str(catalog["Lang"], "latin-1") in ("en-US", "es-US"), pdf
        prefs = resolve1(catalog["ViewerPreferences"])
        assert resolve1(prefs["DisplayDocTitle"]) is True, pdf
        xmp = stream_value(catalog["Metadata"]).get_data().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<dc:title>" in xmp, pdf
        for page in tagged.pages:
            assert isinstance(resolve1(page["StructParents"]), int), pdf
            assert resolve1(page["Tabs"]).name == "S", pdf


def test_every_text_is_tagged_content_or_an_artifact(built: Path) -> None:
    for pdf in _pdfs(built):
        tagged = read_tagged(pdf)
        assert tagged.loose == "", (pdf, tagged.loose[:200])
        assert tagged.unmapped == 0, pdf  # every glyph maps to Unicode
        reached = tagged.reached()
        assert len(reached) == len(set(reached)), pdf  # each marked content in one place
        assert set(tagged.shown) <= set(reached), (pdf, set(tagged.shown) - set(reached))
        assert "Prepared for" not in tagged.artifact, pdf
        # decoration is an artifact: the practice's name in the header band or footer
        assert "Massage Aha!" in tagged.artifact, pdf


def test_poppler_reads_the_same_tree(built: Path) -> None:
    for language in LANGUAGES:
        for slug, _ in _handouts(language):
            pdf = _folder(built, language) / f"{slug}.pdf"
            assert poppler_text(pdf) == squeeze(read_tagged(pdf).text()), pdf


def _expected(handout: Any) -> list[str]:
    """The handout's own words in the order a person reads them."""
    out = [handout.title, *([handout.subtitle] if handout.subtitle else [])]
    for block in handout.blocks:
        out += _words(block)
    return [squeeze(plain(text)) for text in out if text]


def _words(block: Any) -> list[str]:
    if isinstance(block, Columns):  # the first column before the second
        return [w for b in [*block.left, *block.right] for w in _words(b)]
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, (TextBlock, Story)):
        return [*([block.title] if getattr(block, "title", None) else []), *paragraphs(block.text)]
    if isinstance(block, (Bullets, Numbered)):
        return list(block.items)
    if isinstance(block, Image):
        return [block.caption] if block.caption else []  # the caption after the picture
    if isinstance(block, Callout):
        return [*([block.title] if block.title else []), *paragraphs(block.text or ""),
                *(block.items or [])]
    if isinstance(block, Steps):  # a step's text before its dose, and when to stop last
        return [block.name, *block.steps, *[v for v in (block.hold, block.repeat,
                                                        block.how_often, block.stop_if) if v]]
    if isinstance(block, Facts):
        return [*([block.title] if block.title else []),
                *[w for r in block.rows for w in (r.label, r.value)]]
    if isinstance(block, Qr):
        return [block.label]
    raise AssertionError(f"a block type this test does not know: {block.type}")


def test_structure_order_is_the_reading_order(built: Path) -> None:
    for language in LANGUAGES:
        for slug, handout in _handouts(language):
            text = squeeze(read_tagged(_folder(built, language) / f"{slug}.pdf").text())
            at = 0
            for words in _expected(handout):
                found = text.find(words, at)
                assert found >= 0, (language, slug, words, text[at:at + 200])
                at = found + len(words)


def _text_of(tagged: Tagged, role: str) -> list[str]:
    return [squeeze(tagged.text(e)) for e in tagged.all(role)]


def test_each_heading_appears_as_its_tag(built: Path) -> None:
    for language in LANGUAGES:
        for slug, handout in _handouts(language):
            tagged = read_tagged(_folder(built, language) / f"{slug}.pdf")
            assert _text_of(tagged, "H1") == [squeeze(plain(handout.title))], slug
            headings = [b for b in _all(handout.blocks) if isinstance(b, Heading)]
            assert _text_of(tagged, "H2") == [squeeze(plain(b.text)) for b in headings
                                              if b.level == 1], slug
            h3 = _text_of(tagged, "H3")
            for b in _all(handout.blocks):
                if (isinstance(b, Heading) and b.level == 2) or isinstance(b, Steps):
                    name = b.text if isinstance(b, Heading) else b.name
                    assert squeeze(plain(name)) in h3, (slug, name)


def _all(blocks: list[Any]) -> list[Any]:
    out = []
    for b in blocks:
        out += _all([*b.left, *b.right]) if isinstance(b, Columns) else [b]
    return out


def test_each_figure_carries_the_yaml_alt_text(built: Path) -> None:
    for language in LANGUAGES:
        for slug, handout in _handouts(language):
            tagged = read_tagged(_folder(built, language) / f"{slug}.pdf")
            alts = [b.alt for b in _all(handout.blocks)
                    if isinstance(b, Image) or (isinstance(b, Steps) and b.image)]
            assert [plain(e.alt or "") for e in tagged.all("Figure")] == \
                [plain(a) for a in alts], slug
            assert all(e.alt for e in tagged.all("Figure")), slug


def _sections(tagged: Tagged) -> list[Element]:
    return [k for k in tagged.document.kids if isinstance(k, Element) and k.role == "Sect"]


@pytest.mark.parametrize("name", ["booklet.pdf", "es/booklet.pdf", "booklet-large-print.pdf"])
def test_a_booklet_holds_each_handout_as_a_section_with_its_h1(built: Path, name: str) -> None:
    pdf = built / name
    tagged = read_tagged(pdf)
    sections = _sections(tagged)
    marks = _outline(PdfReader(pdf))
    assert len(sections) == len([m for m in marks if "/SE" in m]) >= 10
    for section in sections:
        first = next(k for k in section.kids if isinstance(k, Element))
        assert first.role == "H1", name
    # the bookmarks go to each handout's H1
    h1s = [squeeze(tagged.text(s.kids[0])) for s in sections]  # type: ignore[arg-type]
    assert [m["/SE"].get_object()["/S"] for m in marks if "/SE" in m] == ["/H1"] * len(h1s)
    assert [squeeze(m["/Title"]) for m in marks if "/SE" in m] == h1s
    # the cover, contents (a TOC of TOCIs) and back page are tagged too
    (toc,) = tagged.all("TOC")
    assert len([k for k in toc.kids if isinstance(k, Element)]) == len(sections)
    assert tagged.all("H1")[0] is not sections[0].kids[0]  # the cover's title comes first
    assert tagged.document.kids[-1] is not sections[-1]  # the back page comes last
    assert "Link" in poppler_tree(pdf)


def _outline(reader: PdfReader) -> list[Any]:
    """The booklet's bookmarks as pypdf reads them raw (its outline drops /SE)."""
    marks = []
    item = reader.trailer["/Root"]["/Outlines"].get("/First")
    while item is not None:
        marks.append(item.get_object())
        item = marks[-1].get("/Next")
    return marks


def test_a_client_booklet_and_stamped_copies_say_who_they_are_for(built: Path) -> None:
    (booklet,) = (built / "clients" / "paul-rivera").glob("*.pdf")
    tagged = read_tagged(booklet)
    assert len(_sections(tagged)) >= 10
    assert any(squeeze(tagged.text(e)) == "PreparedforPaulRivera" or
               squeeze(tagged.text(e)).startswith("PreparedforPaulRivera")
               for e in tagged.all("P")), booklet  # on the cover
    copies = sorted(p for p in (built / "clients").rglob("*.pdf") if p.parent != booklet.parent)
    assert len(copies) == 6
    for pdf in copies:
        tagged = read_tagged(pdf)
        first = tagged.document.kids[0]
        assert isinstance(first, Element) and first.role == "P"
        assert squeeze(tagged.text(first)).startswith("Preparedfor"), pdf
        assert tagged.all("H1"), pdf


def test_fold_and_staple_booklet_says_it_is_untagged(built: Path) -> None:
    (pdf,) = (built.parent / "paper").glob("*imposed*.pdf")
    assert "untagged" in PdfReader(pdf).metadata.subject, pdf


def test_qpdf_finds_nothing_wrong(built: Path) -> None:
    for pdf in _pdfs(built):
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, (pdf, result.stdout[-500:])


def test_a_pdf_ua_checker_finds_nothing(built: Path) -> None:
    """pdfua (PyPI; pikepdf, no JVM, no network) checks 16 of the Matterhorn Protocol's
    106 failure conditions: a structure tree, /MarkInfo, content tagged or an artifact,
    /Lang, Figure /Alt, table structure, link and annotation descriptions, empty headings,
    the title shown, PDF/UA identification in XMP. What it does not check is listed in
    docs/format.md (Tagged PDF)."""
    from pdfua import validate

    for pdf in _pdfs(built):
        report = validate(str(pdf))
        assert [(f.rule_id, f.message) for f in report.findings] == [], pdf
    (untagged,) = (built.parent / "paper").glob("*imposed*.pdf")  # sound: the paper-only
    # booklet fails it
    assert any(f.rule_id == "UA-01-005" for f in validate(str(untagged)).findings)
