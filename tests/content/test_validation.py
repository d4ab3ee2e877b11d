"""Validation of whole projects: every problem as one plain line with the file and line."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from handoutkit.content.model import BLOCK_TYPES
from handoutkit.content.project import load_project
from handoutkit.errors import ContentError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# A valid handout head: 'blocks:' is line 5, the first block line 6 (later by each extra line).
HEAD = """\
title: A test handout
category: muscle
order: {order}
reviewed: 2026-11-25
{extra}blocks:
"""
TEXT_BLOCK = "  - type: text\n    text: Hello there.\n"


def handout(blocks: str = TEXT_BLOCK, *, order: int = 1, extra: str = "") -> str:
    """A handout file: the valid head, then *blocks* (indented two spaces)."""
    return HEAD.format(order=order, extra=extra) + blocks


def problems(root) -> list[str]:
    """Every problem in the project under *root*, as printed ('file:line: message')."""
    with pytest.raises(ContentError) as info:
        load_project(root).select(None)
    return [str(p) for p in info.value.problems]


def test_a_valid_project_loads(make_project):
    make_project.write("psoas", handout(order=2))
    make_project.write("all-blocks", (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8"))
    project = load_project(make_project.root)
    entries = project.select(None)
    assert [e.slug for e in entries] == ["all-blocks", "psoas"]  # booklet order
    assert entries[1].handout.title == "A test handout"
    assert entries[1].file == "handouts/psoas.yaml"


def test_unknown_block_type_exact_message(make_project):
    make_project.write("x", handout(TEXT_BLOCK + "  - type: buletts\n    items: [a, b]\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:8: unknown block type 'buletts' (did you mean 'bullets'?); "
        f"use one of: {', '.join(BLOCK_TYPES)}"
    ]


def test_misspelled_field_suggests_the_right_one(make_project):
    make_project.write("x", handout(
        "  - type: image\n    file: square.svg\n    alt: A square\n    captoin: Hello\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:9: unknown field 'captoin' in this image block (did you mean 'caption'?); "
        "remove it or fix the spelling"
    ]


def test_misspelled_top_level_field(make_project):
    make_project.write("x", handout(extra="subtitel: Hi\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:5: unknown field 'subtitel' (did you mean 'subtitle'?); "
        "remove it or fix the spelling"
    ]


def test_misspelled_field_inside_columns(make_project):
    make_project.write("x", handout(
        "  - type: columns\n"
        "    left:\n"
        "      - type: bullets\n"
        "        itmes: [a]\n"
        "    right:\n"
        "      - type: story\n"
        "        name: Paul\n"
        "        text: Paul was fine.\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:8: missing 'items' in this bullets block; add it",
        "handouts/x.yaml:9: unknown field 'itmes' in this bullets block (did you mean 'items'?); "
        "remove it or fix the spelling",
    ]


def test_misspelled_field_in_a_text_block(make_project):
    make_project.write("x", handout("  - type: text\n    text: Hello\n    textt: again\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:8: unknown field 'textt' in this text block (did you mean 'text'?); "
        "remove it or fix the spelling"
    ]


def test_misspelled_field_in_a_steps_block(make_project):
    make_project.write("x", handout(
        "  - type: steps\n    name: Knee hug\n    steps: [Lie down, Hug a knee]\n    hoold: 20 s\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:9: unknown field 'hoold' in this steps block (did you mean 'hold'?); "
        "remove it or fix the spelling"
    ]


def test_missing_field_in_a_steps_block(make_project):
    make_project.write("x", handout("  - type: steps\n    steps: [Lie down, Hug a knee]\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:6: missing 'name' in this steps block; add it"
    ]


def test_missing_required_field_in_a_block(make_project):
    make_project.write("x", handout(TEXT_BLOCK + "  - type: story\n    text: Paul got better.\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:8: missing 'name' in this story block; add it"
    ]


def test_missing_required_top_level_field(make_project):
    make_project.write("x", handout().replace("title: A test handout\n", ""))
    assert problems(make_project.root) == ["handouts/x.yaml:1: missing 'title'; add it"]


def test_block_without_type(make_project):
    make_project.write("x", handout("  - text: Hello\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:6: this block has no 'type:'; add one, e.g. 'type: text'"
    ]


def test_wrong_category_suggests_the_close_one(make_project):
    make_project.write("x", handout().replace("category: muscle", "category: musle"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:2: 'category' cannot be 'musle' (did you mean 'muscle'?); "
        "use one of: anatomy, condition, muscle, self-care, story, referral"
    ]


def test_number_where_text_is_expected(make_project):
    make_project.write("x", handout(TEXT_BLOCK + "  - type: story\n    name: 42\n    text: Hi.\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:9: 'name' should be text; put it in quotes"
    ]


@pytest.mark.parametrize(("extra", "message"), [
    ("subtitle: [a, b]\n", "'subtitle' should be text; put it in quotes"),
    ("layout: 2\n", "'layout' should be text; put it in quotes"),
])
def test_other_wrong_types(make_project, extra, message):
    make_project.write("x", handout(extra=extra))
    assert problems(make_project.root) == [f"handouts/x.yaml:5: {message}"]


def test_order_must_be_a_whole_number(make_project):
    make_project.write("x", handout().replace("order: 1", "order: first"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:3: 'order' should be a whole number; write it like 3"]


def test_out_of_range_number(make_project):
    make_project.write("x", handout(
        "  - type: image\n    file: square.svg\n    alt: A square\n    width: 3\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:9: 'width' should be at most 1.0 (it is 3); change it"
    ]


def test_every_problem_in_every_file_is_reported_at_once(make_project):
    make_project.write("a-first", handout(
        "  - type: buletts\n    items: [a]\n"
        "  - type: image\n    file: square.svg\n    alt: A square\n    captoin: x\n", order=1))
    make_project.write("b-second", handout(order=2).replace("category: muscle", "category: musle"))
    make_project.write("c-third", "title: [unclosed\n")
    make_project.write("d-fine", handout(order=4))
    make_project.write("e-fifth", handout(
        "  - type: image\n    file: nothere.png\n    alt: x\n", order=5))
    found = problems(make_project.root)
    assert [p.split(": ", 1)[0] for p in found] == [
        "handouts/a-first.yaml:6", "handouts/a-first.yaml:11", "handouts/b-second.yaml:2",
        "handouts/c-third.yaml:2", "handouts/e-fifth.yaml:7",
    ]
    assert "unknown block type 'buletts'" in found[0]
    assert "(did you mean 'caption'?)" in found[1]
    assert "(did you mean 'muscle'?)" in found[2]
    assert "not valid YAML" in found[3]
    assert "image 'nothere.png' was not found" in found[4]


def test_missing_image_is_reported_alongside_other_problems_in_the_same_file(make_project):
    make_project.write("x", handout(
        "  - type: image\n    file: squre.svg\n    alt: x\n  - type: buletts\n    items: [a]\n"))
    assert [p.split(": ", 1)[0] for p in problems(make_project.root)] == [
        "handouts/x.yaml:7", "handouts/x.yaml:9"]


def test_problem_in_one_handout_does_not_hide_the_others(make_project):
    make_project.write("good", handout(order=1))
    make_project.write("bad", handout(order=2).replace("title: A test handout\n", ""))
    assert problems(make_project.root) == ["handouts/bad.yaml:1: missing 'title'; add it"]


def test_duplicate_order_across_two_files(make_project):
    make_project.write("aaa", handout(order=3))
    make_project.write("bbb", handout(order=3))
    assert problems(make_project.root) == [
        "handouts/bbb.yaml:3: order 3 is also used by handouts/aaa.yaml; "
        "give each handout its own number"
    ]


def test_unknown_slug_in_select_suggests_the_close_one(make_project):
    make_project.write("psoas", handout(order=1))
    make_project.write("swayback", handout(order=2))
    project = load_project(make_project.root)
    with pytest.raises(ContentError) as info:
        project.select(["psoaz"])
    assert [str(p) for p in info.value.problems] == [
        "handouts/psoaz.yaml: there is no handout 'psoaz' (did you mean 'psoas'?); "
        "run 'make_handouts.py list' to see them"
    ]
    assert [e.slug for e in project.select(["swayback", "psoas", "swayback"])] == ["swayback",
                                                                                   "psoas"]


def test_unknown_layout(make_project):
    make_project.write("x", handout(extra="layout: two-colum\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:5: layout 'two-colum' is not a file in layouts/ (did you mean 'two-column'?); "
        "use one of: one-column, two-column, two-column-a4, or leave 'layout:' out"
    ]


def test_bad_file_name_is_reported(make_project):
    make_project.write("Bad_Name", handout())
    [problem] = problems(make_project.root)
    assert problem.startswith("handouts/Bad_Name.yaml: file names of handouts use only small letters")


# -- images ---------------------------------------------------------------------------------


def image_problem(make_project, name: str) -> str:
    """The one problem reported for an image block naming *name* (the 'file:' is on line 7)."""
    make_project.write("x", handout(f"  - type: image\n    file: '{name}'\n    alt: A picture\n"))
    [problem] = problems(make_project.root)
    assert problem.startswith("handouts/x.yaml:7: "), problem
    return problem.split(": ", 1)[1]


@pytest.mark.parametrize("name", ["square.svg", "photo.png", "photo.jpg"])
def test_good_images_pass(make_project, name):
    make_project.write("x", handout(f"  - type: image\n    file: {name}\n    alt: A picture\n"))
    assert len(load_project(make_project.root).select(None)) == 1


def test_missing_image_suggests_the_close_one(make_project):
    assert image_problem(make_project, "squre.svg") == (
        "image 'squre.svg' was not found in images/ (did you mean 'square.svg'?); "
        "check the name or copy the picture there")


def test_missing_step_image_is_found_too(make_project):
    make_project.write("x", handout(
        "  - type: steps\n    name: Knee hug\n    image: photo.jpeg\n    alt: A knee hug\n"
        "    steps: [Lie down]\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:8: image 'photo.jpeg' was not found in images/ (did you mean 'photo.jpg'?); "
        "check the name or copy the picture there"
    ]


@pytest.mark.parametrize("name", ["../layouts/brand.yaml", "../../etc/passwd.png", "/etc/passwd",
                                  "sub/../square.svg"])
def test_paths_leaving_images_are_refused(make_project, name):
    assert image_problem(make_project, name) == (
        f"image '{name}' must be a file inside images/; give just its name, like 'psoas.svg'")


def test_absolute_path_to_a_real_image_is_refused(make_project):
    name = str(make_project.images / "square.svg")
    assert "must be a file inside images/" in image_problem(make_project, name)


def test_symlink_pointing_outside_images_is_refused(make_project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    os.symlink(outside, make_project.images / "link.svg")
    assert image_problem(make_project, "link.svg") == (
        "image 'link.svg' points outside images/ (a link?); copy the picture into images/")


@pytest.mark.parametrize("name", ["https://example.com/psoas.png", "http://x/y.svg",
                                  "data:image/png;base64,iVBORw0KGgo="])
def test_web_addresses_are_refused(make_project, name):
    assert image_problem(make_project, name).startswith(f"image '{name}' is a web address")


def test_png_that_is_really_text_is_refused(make_project):
    (make_project.images / "fake.png").write_text("I am not a picture\n")
    assert image_problem(make_project, "fake.png") == (
        "image 'fake.png' is not really a PNG file; export it again in that format")


def test_svg_that_is_not_a_drawing_is_refused(make_project):
    (make_project.images / "fake.svg").write_bytes(b"\x89PNG\r\n\x1a\nnot svg")
    assert image_problem(make_project, "fake.svg") == \
        "image 'fake.svg' is not an SVG drawing inside; export it again as SVG"


def test_other_file_types_are_refused(make_project):
    (make_project.images / "notes.txt").write_text("hello")
    assert image_problem(make_project, "notes.txt") == \
        "image 'notes.txt' is not an SVG, PNG or JPEG file; export it as one of those"


def test_over_large_png_is_refused(make_project):
    path = make_project.images / "huge.png"
    Image.new("1", (9000, 9000)).save(path)  # 81 megapixels in a small file
    assert path.stat().st_size < 100_000
    assert image_problem(make_project, "huge.png") == (
        "image 'huge.png' is 9000x9000 pixels, too large to print; save a copy under 6000 pixels wide")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny real PNG whose header (IHDR) claims *width* x *height* pixels."""
    buf = io.BytesIO()
    Image.new("1", (8, 8)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_png_header_claiming_a_huge_size_is_refused(make_project):
    (make_project.images / "bomb.png").write_bytes(png_claiming(20_000, 20_000))
    assert image_problem(make_project, "bomb.png").startswith("image 'bomb.png' is ")


def test_png_header_claiming_a_huge_size_says_it_is_too_large(make_project):
    (make_project.images / "bomb.png").write_bytes(png_claiming(20_000, 20_000))
    assert "20000x20000 pixels, too large" in image_problem(make_project, "bomb.png")


def test_a_value_that_cannot_be_read_does_not_hide_other_mistakes(make_project):
    make_project.write("x", """\
        title: X
        category: musle
        order: 1
        reviewed: 2026-11-31
        blocks:
          - type: buletts
            items: [a]
        """)
    with pytest.raises(ContentError) as info:
        load_project(make_project.root).select(None)
    assert [str(p) for p in info.value.problems] == [
        "handouts/x.yaml:2: 'category' cannot be 'musle' (did you mean 'muscle'?); use one of: "
        "anatomy, condition, muscle, self-care, story, referral",
        "handouts/x.yaml:4: '2026-11-31' is not a real date; write it like 2026-11-25",
        "handouts/x.yaml:6: unknown block type 'buletts' (did you mean 'bullets'?); use one of: "
        "heading, text, bullets, numbered, image, callout, steps, facts, story, columns, qr",
    ]


def test_a_steps_picture_without_alt_is_an_error(make_project):
    make_project.write("x", handout(
        "  - type: steps\n    name: Knee to chest\n    image: square.svg\n"
        "    steps: [Lie down.]\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:6: this picture has no 'alt'; add 'alt:' saying in a sentence what it "
        "shows (a screen reader reads it to a client who cannot see the page)"
    ]


def test_an_image_without_alt_is_an_error(make_project):
    make_project.write("x", handout("  - type: image\n    file: square.svg\n"))
    assert problems(make_project.root) == [
        "handouts/x.yaml:6: missing 'alt' in this image block; add it"
    ]
