"""`check`: page fullness, pictures, unused images, placeholders, colour contrast, --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handoutkit.authoring import checking
from handoutkit.authoring.advice import contrast
from handoutkit.authoring.checking import check
from tests import support

REPO = Path(__file__).resolve().parents[2]
GOOD_COLOURS = {"primary": "#1F5F66", "accent": "#9E3B30", "text": "#26343A", "muted": "#5B6B70",
                "tint": "#E6F0F1", "caution": "#FFF4DC", "doctor": "#FBE3DD"}
SENTENCE = "Gentle movement helps your back feel better each day."



def handout(title: str, order: int, blocks: str) -> str:
    """A two-column handout of *blocks*."""
    return support.handout_yaml(title, order, layout="two-column", blocks=blocks)


def paragraphs(n: int, words: int = 70) -> str:
    text = " ".join([SENTENCE] * (words // 9))
    return "".join(f"  - type: text\n    text: {text}\n" for _ in range(n))


def set_brand(root: Path, **changes: object) -> None:
    """Rewrite layouts/brand.yaml of a test project with some fields changed."""
    path = root / "layouts" / "brand.yaml"
    support.without_placeholders(root)  # only what a test lists stays a placeholder
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def messages(problems: list) -> list[str]:
    return [str(p) for p in problems]


# -- colour contrast ------------------------------------------------------------------------


def test_contrast_ratio_matches_the_wcag_formula() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#1F5F66", "#1F5F66") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert contrast("#777777", "#FFFFFF") < 4.5


def test_good_brand_colours_give_no_contrast_warning(make_project) -> None:
    set_brand(make_project.root, colours=GOOD_COLOURS, placeholders=[])
    make_project.write("one", handout("One", 1, blocks=paragraphs(1)))
    report = check(make_project.root)
    assert report.errors == []
    assert not [w for w in report.warnings if w.file == "layouts/brand.yaml"], messages(report.warnings)


def test_faint_muted_colour_is_a_warning_naming_the_pair_and_ratio(make_project) -> None:
    set_brand(make_project.root, colours={**GOOD_COLOURS, "muted": "#999999"}, placeholders=[])
    make_project.write("one", handout("One", 1, blocks=paragraphs(1)))
    report = check(make_project.root)
    assert report.errors == []
    brand = [str(w) for w in report.warnings if w.file == "layouts/brand.yaml"]
    assert len(brand) == 1, brand
    assert "muted text on white (#999999 on #FFFFFF" in brand[0]
    assert f"{contrast('#999999', '#FFFFFF'):.2f}:1" in brand[0]
    assert "4.5:1" in brand[0] and "a darker 'muted'" in brand[0]


def test_light_primary_fails_both_ways_it_is_used(make_project) -> None:
    set_brand(make_project.root, colours={**GOOD_COLOURS, "primary": "#6FA8AE"}, placeholders=[])
    make_project.write("one", handout("One", 1, blocks=paragraphs(1)))
    brand = [str(w) for w in check(make_project.root).warnings if w.file == "layouts/brand.yaml"]
    assert any("primary text on white" in w for w in brand), brand
    assert any("white text on primary" in w and "a darker 'primary'" in w for w in brand), brand
    assert any("primary text on tint" in w for w in brand), brand


def test_text_on_each_box_fill_is_checked(make_project) -> None:
    set_brand(make_project.root, colours={**GOOD_COLOURS, "caution": "#8A8A8A"}, placeholders=[])
    make_project.write("one", handout("One", 1, blocks=paragraphs(1)))
    brand = [str(w) for w in check(make_project.root).warnings if w.file == "layouts/brand.yaml"]
    assert any(w.startswith("layouts/brand.yaml:") and "text text on caution" in w for w in brand), brand


def test_unfilled_placeholders_are_warnings_with_their_line(make_project) -> None:
    set_brand(make_project.root, colours=GOOD_COLOURS, placeholders=["phone", "website"])
    make_project.write("one", handout("One", 1, blocks=paragraphs(1)))
    report = check(make_project.root)
    found = [w for w in report.warnings if "still a placeholder" in w.message]
    assert [w.message.split("'")[1] for w in found] == ["phone", "website"]
    assert all(w.line for w in found)
    assert report.ok


# -- page fullness --------------------------------------------------------------------------


def test_fullness_grows_with_the_content_and_agrees_with_fitting(make_project) -> None:
    make_project.write("short", handout("Short", 1, blocks=paragraphs(2)))
    make_project.write("double", handout("Double", 2, blocks=paragraphs(4)))
    make_project.write("long", handout("Long", 3, blocks=paragraphs(10)))
    make_project.write("huge", handout("Huge", 4, blocks=paragraphs(40)))
    report = check(make_project.root)
    items = {i.slug: i for i in report.items}
    short, double, long_, huge = items["short"], items["double"], items["long"], items["huge"]
    assert short.scale == 1.0 and not short.shrunk and 0.05 < short.fullness < 0.5
    assert 1.6 < double.fullness / short.fullness < 2.4
    assert long_.shrunk and long_.scale is not None and long_.fullness > 1.0
    assert huge.scale is None and huge.fullness > long_.fullness
    assert any(e.file == "handouts/huge.yaml" and "does not fit" in e.message for e in report.errors)
    # one handout that does not fit no longer hides how the others fit
    assert short.scale == 1.0 and long_.scale is not None


def test_fullness_of_the_shipped_handouts_is_consistent_with_their_fit() -> None:
    for item in check(REPO).items:
        assert item.fullness is not None, item.slug
        if item.shrunk:
            assert item.fullness > 0.9, (item.slug, item.fullness)
        else:
            assert 0.3 < item.fullness <= 1.08, (item.slug, item.fullness)


# -- pictures and images --------------------------------------------------------------------

PICTURES = """\
  - type: text
    text: Hello.
  - type: image
    file: square.svg
    alt: A square.
  - type: image
    file: photo.png
    alt: A photo.
    caption: A photo with a caption.
  - type: steps
    name: Knee hug
    image: square.svg
    alt: Someone hugging one knee.
    steps: [Lie down., Hug one knee.]
  - type: columns
    left:
      - type: image
        file: square.svg
        alt: square.svg
        caption: Alt text that only repeats the file name.
    right:
      - type: text
        text: Right.
"""


def test_missing_captions_and_alt_text_are_warnings_on_their_lines(make_project) -> None:
    make_project.write("pics", handout("Pictures", 1, blocks=PICTURES))
    report = check(make_project.root)
    assert report.ok, messages(report.errors)
    pics = [w for w in report.warnings if w.file == "handouts/pics.yaml"]
    # lines: the first image is at line 9, the column image at 23 (a steps picture
    # without alt text is an error: test_a_missing_alt_is_an_error_and_counted)
    assert [(w.line, w.message.split(";")[0]) for w in pics] == [
        (9, "picture 'square.svg' has no caption"),
        (23, "picture 'square.svg' has no real alt text"),
    ]
    (item,) = [i for i in report.items if i.slug == "pics"]
    assert (item.pictures, item.described) == (4, 3)  # the column's alt is its file name


def test_a_missing_alt_is_an_error_and_counted(make_project) -> None:
    make_project.write("pics", handout("Pictures", 1, blocks=PICTURES.replace(
        "    alt: Someone hugging one knee.\n", "")))
    report = check(make_project.root)
    assert not report.ok
    assert [(e.file, e.line, e.message.split(";")[0]) for e in report.errors] == [
        ("handouts/pics.yaml", 16, "this picture has no 'alt'")]


def test_images_nobody_uses_are_warnings_but_used_ones_are_not(make_project) -> None:
    make_project.write("uses-square", handout("Square", 1, blocks="""\
  - type: image
    file: square.svg
    alt: A square.
    caption: A square.
"""))
    broken = handout("Broken", 2, blocks="""\
  - type: image
    file: photo.jpg
    alt: A photo.
    caption: A photo.
    wdith: 0.5
""")
    make_project.write("broken", broken)  # a file with a mistake still uses its picture
    (make_project.images / "drafts").mkdir()
    square = (make_project.images / "square.svg").read_bytes()
    (make_project.images / "drafts" / "old.svg").write_bytes(square)
    (make_project.images / "notes.txt").write_text("not a picture")
    report = check(make_project.root)
    unused = sorted(w.file for w in report.warnings if "not used by any handout" in w.message)
    # logo.svg is the brand's logo; square.svg and photo.jpg are used
    assert unused == ["images/drafts/old.svg", "images/photo.png"]
    assert any(e.file == "handouts/broken.yaml" for e in report.errors)


# -- the command ----------------------------------------------------------------------------


def test_warnings_do_not_fail_the_check_and_lines_say_how_full(run_cli, make_project) -> None:
    make_project.write("pics", handout("Pictures", 1, blocks=PICTURES))
    code, out, err = run_cli("check")
    assert code == 0, err
    assert "Traceback" not in err
    assert "warning: handouts/pics.yaml:9: picture 'square.svg' has no caption" in err
    line = next(x for x in out.splitlines() if x.startswith("pics: "))
    assert line.startswith("pics: ") and "reading grade" in line
    assert "% of the page used, columns level within " in line and line.endswith(" pt")


def test_json_report_has_the_same_facts(run_cli, make_project) -> None:
    make_project.write("short", handout("Short <&>", 1, blocks=paragraphs(2)))
    make_project.write("long", handout("Long", 2, blocks=paragraphs(10)))
    make_project.write("pics", handout("Pictures", 3, blocks=PICTURES))
    code, out, err = run_cli("check", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ok"] is True and data["errors"] == []
    rows = {h["slug"]: h for h in data["handouts"]}
    assert rows["short"]["title"] == "Short <&>"
    assert rows["short"]["fits"] is True and rows["short"]["shrunk"] is False
    assert rows["long"]["shrunk"] is True and rows["long"]["fullness_percent"] > 100
    for row in rows.values():
        assert set(row) >= {"words", "grade", "scale", "fullness", "fullness_percent"}
    assert any(w["file"] == "handouts/pics.yaml" and w["line"] == 9 for w in data["warnings"])


def test_json_report_with_errors_exits_1_and_is_still_json(run_cli, make_project) -> None:
    make_project.write("huge", handout("Huge", 1, blocks=paragraphs(40)))
    make_project.write("bad", "title: [unclosed\n")
    code, out, _ = run_cli("check", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    assert {e["file"] for e in data["errors"]} == {"handouts/huge.yaml", "handouts/bad.yaml"}
    assert data["handouts"][0]["fits"] is False


def test_check_help_and_the_parser_load_no_pdf_libraries() -> None:
    code = ("import sys; from handoutkit import cli; cli.parser(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'reportlab', 'pypdf', 'pypdfium2', 'PIL', 'selenium'}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
    assert checking.GRADE_LIMIT == 8.0
