"""How each block is tagged: the handout with every block type, read back with pdfminer.six
(tests/pdf/tags.py), its structure element by element."""

from __future__ import annotations

from pathlib import Path

from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from tests.conftest import FIXTURES
from tests.pdf.tags import Element, Tagged, read_tagged, squeeze


def _build(make_project, run_cli, out: str = "out") -> Path:  # type: ignore[no-untyped-def]
    make_project.write("all-blocks", (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8"))
    code, _, err = run_cli("--out", str(make_project.root / out), "build", "all-blocks")
    assert code == 0, err
    return make_project.root / out / "handouts" / "all-blocks.pdf"


def _roles(elems: list[object]) -> list[str]:
    return [e.role for e in elems if isinstance(e, Element)]


def test_every_block_is_tagged_as_what_it_is(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    tagged = read_tagged(_build(make_project, run_cli))
    assert tagged.loose == "" and tagged.unmapped == 0
    top = tagged.document.kids  # type: ignore[union-attr]
    assert _roles(top) == [
        "H1", "P",  # the title and subtitle
        "H2", "P", "P", "L", "L", "H3", "Figure", "Caption",  # heading, text, lists, picture
        "Div", "Div", "Div", "Div",  # three callouts and the steps
        "Table", "Div",  # facts and the story
        "P", "Figure",  # the columns: the left column, then the right
        "Link", "P", "P"]  # the QR code, its label and the printed address
    first = [e for e in top if isinstance(e, Element)]
    assert squeeze(tagged.text(first[0])) == squeeze("Every block <&> in one place")
    figure = first[8]
    assert figure.alt == "A test figure"
    assert squeeze(tagged.text(first[9])) == "Acaptionunderthepicture"


def test_lists_are_l_li_lbl_lbody(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    tagged = read_tagged(_build(make_project, run_cli))
    bullets, numbered = tagged.all("L")[:2]
    for lst, labels in ((bullets, ["\u2022", "\u2022"]), (numbered, ["1", "2"])):
        items = [k for k in lst.kids if isinstance(k, Element)]
        assert _roles(items) == ["LI", "LI"]
        for item, label in zip(items, labels, strict=True):
            assert _roles(item.kids) == ["Lbl", "LBody"]
            assert tagged.text(item.kids[0]).strip() == label  # type: ignore[arg-type]
    assert squeeze(tagged.text(numbered)) == "1Stepone2Steptwo"


def test_facts_are_a_table_with_row_headers(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    tagged = read_tagged(_build(make_project, run_cli))
    (table,) = tagged.all("Table")
    assert _roles(table.kids) == ["Caption", "TR", "TR"]
    assert squeeze(tagged.text(table.kids[0])) == "Headweight"  # type: ignore[arg-type]
    for row in table.kids[1:]:
        assert _roles(row.kids) == ["TH", "TD"]  # type: ignore[union-attr]
        header = row.kids[0]  # type: ignore[union-attr]
        assert header.scope == "Row"  # type: ignore[union-attr]
        assert resolve1(header.attrs["O"]).name == "Table"  # type: ignore[union-attr]


def test_callouts_steps_and_stories_hold_their_own_heading(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    tagged = read_tagged(_build(make_project, run_cli))
    divs = tagged.document.kids  # type: ignore[union-attr]
    divs = [e for e in divs if isinstance(e, Element) and e.role == "Div"]
    assert [_roles(d.kids)[0] for d in divs] == ["H3"] * 5
    steps = divs[3]
    # the name, the picture, the steps, then the dose and when to stop
    assert _roles(steps.kids) == ["H3", "Figure", "L", "P", "P"]
    assert steps.kids[1].alt == "Someone lying on their back"  # type: ignore[union-attr]
    assert squeeze(tagged.text(steps.kids[3])).startswith("Hold:20seconds")  # type: ignore[arg-type]


def _objr(tagged: Tagged, link: Element) -> dict[str, object]:
    (objr,) = [k for k in link.kids if isinstance(k, dict)]
    return resolve1(objr["Obj"])  # type: ignore[no-any-return]


def test_a_qr_code_and_its_address_are_links_to_annotations(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    tagged = read_tagged(_build(make_project, run_cli))
    links = tagged.all("Link")
    assert len(links) == 2  # the code, and the address printed beside it
    nums = resolve1(resolve1(resolve1(tagged.catalog["StructTreeRoot"])["ParentTree"])["Nums"])
    parents = dict(zip(nums[::2], nums[1::2], strict=True))
    for link in links:
        annot = _objr(tagged, link)
        assert resolve1(annot["Subtype"]).name == "Link"
        assert decode_text(resolve1(annot["Contents"])).endswith("example.com/book")
        assert decode_text(resolve1(resolve1(annot["A"])["URI"])) == "https://www.example.com/book"
        owner = resolve1(parents[annot["StructParent"]])  # the annotation leads back to its Link
        assert resolve1(owner["S"]).name == "Link"
    assert squeeze(tagged.text(links[1])) == "www.example.com/book"


def test_decoration_is_an_artifact(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    tagged = read_tagged(_build(make_project, run_cli))
    text = squeeze(tagged.text())
    for decoration in ("Professionaltherapeuticmassage", "(816)555-0142", "educationonly"):
        assert decoration in squeeze(tagged.artifact)  # header band and footer
        assert decoration not in text


def test_tagged_pages_are_byte_reproducible(make_project, run_cli) -> None:  # type: ignore[no-untyped-def]
    first = _build(make_project, run_cli, "a").read_bytes()
    assert first == _build(make_project, run_cli, "b").read_bytes()
