"""Picture labels print at 7 pt or more: measured through every transform, widened when
they need it, and refused in one line saying how to fix the handout when they cannot be."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from handoutkit.content.project import load
from handoutkit.errors import ContentError
from handoutkit.layout.fitting import fit_all
from handoutkit.layout.labels import LEAST_LABEL, placed_labels, smallest_label
from handoutkit.layout.pictures import Picture, load_svg
from handoutkit.layout.pictures import smallest_label as drawing_label

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
HEAD = "category: anatomy\norder: {order}\nreviewed: 2026-11-25\nlayout: {layout}\nblocks:\n"


def _svg(font_size: float, *, width: int = 400, height: int = 200, group: str = "") -> str:
    """A drawing with one label of *font-size* (inside a group with *group* as its transform)."""
    text = f'<text x="20" y="40" font-family="Vera" font-size="{font_size}">Label</text>'
    if group:
        text = f'<g transform="{group}">{text}</g>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><rect x="10" y="10" width="100" height="100" '
            f'fill="#D7E8EA"/>{text}</svg>')


def _project(tmp: Path, handouts: dict[str, str], pictures: dict[str, str]) -> Path:
    shutil.copytree(REPO / "layouts", tmp / "layouts")
    shutil.copytree(FIXTURES / "images", tmp / "images")
    (tmp / "handouts").mkdir()
    for name, svg in pictures.items():
        (tmp / "images" / name).write_text(svg, encoding="utf-8")
    for slug, text in handouts.items():
        (tmp / "handouts" / f"{slug}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp


def _handout(blocks: str, *, layout: str = "two-column", order: int = 1) -> str:
    return f"title: Labels\n{HEAD.format(order=order, layout=layout)}{textwrap.dedent(blocks)}"


def _image(name: str, width: float = 1.0, indent: str = "  ") -> str:
    return (f"{indent}- type: image\n{indent}  file: {name}\n{indent}  alt: A figure\n"
            f"{indent}  width: {width}\n{indent}  caption: A caption\n")


def _fit(root: Path) -> list:
    project = load(root)
    return fit_all(project, project.entries)


def _refusal(root: Path) -> str:
    with pytest.raises(ContentError) as info:
        _fit(root)
    assert len(info.value.problems) == 1
    text = str(info.value)
    assert "\n" not in text
    return text


def test_a_labels_size_includes_every_transform_above_it(tmp_path: Path) -> None:
    path = tmp_path / "nested.svg"
    path.write_text(_svg(20, group="translate(5,5) scale(0.5)"), encoding="utf-8")
    drawing = load_svg(path, "test")
    # 20 units, halved by the group, in a 400-unit canvas that svglib makes 300 pt wide
    assert drawing_label(drawing) == pytest.approx(20 * 0.5 * 0.75)
    picture = Picture(drawing, float(drawing.width) / 3, 1000)
    assert picture.label_size == pytest.approx(20 * 0.5 * 0.75 / 3)
    plain = tmp_path / "plain.svg"
    plain.write_text(_svg(13).replace(">Label<", "> <"), encoding="utf-8")
    assert drawing_label(load_svg(plain, "test")) is None  # blank text is no label


def test_a_picture_is_made_wide_enough_for_its_labels(tmp_path: Path) -> None:
    # 16 units in 400: at width 0.3 of a 252 pt column it would print at 3.0 pt
    root = _project(tmp_path, {"wide": _handout("  - type: text\n    text: Hello.\n"
                                                + _image("label16.svg", 0.3))},
                    {"label16.svg": _svg(16)})
    [fitted] = _fit(root)
    [placed] = placed_labels(fitted)
    assert placed.name == "label16.svg"
    assert LEAST_LABEL <= placed.size < LEAST_LABEL + 0.01
    assert placed.width == pytest.approx(7 * 400 / 16, rel=1e-3)
    assert smallest_label(fitted) == pytest.approx(placed.size)


def test_labels_already_large_enough_are_left_as_designed(tmp_path: Path) -> None:
    root = _project(tmp_path, {"fine": _handout(_image("label20.svg", 0.8))},
                    {"label20.svg": _svg(20)})
    [fitted] = _fit(root)
    [placed] = placed_labels(fitted)
    assert placed.width == pytest.approx(252 * 0.8, rel=1e-3)
    assert placed.size == pytest.approx(20 * 252 * 0.8 / 400, rel=1e-3)


def test_a_handout_without_labelled_pictures_has_no_smallest_label(tmp_path: Path) -> None:
    root = _project(tmp_path, {"plain": _handout("  - type: text\n    text: Hello.\n")}, {})
    [fitted] = _fit(root)
    assert placed_labels(fitted) == [] and smallest_label(fitted) is None


def test_a_picture_in_too_narrow_a_column_is_refused_in_one_line(tmp_path: Path) -> None:
    blocks = ("  - type: columns\n    left:\n      - type: text\n        text: Left.\n"
              "    right:\n" + _image("label13.svg", 1.0, indent="      "))
    root = _project(tmp_path, {"narrow": _handout(blocks)}, {"label13.svg": _svg(13)})
    message = _refusal(root)
    # a 120 pt half of a 252 pt column: 13 units print at 3.9 pt
    assert message == ("handouts/narrow.yaml:13: picture 'label13.svg' would print its smallest "
                       "label at 3.9 pt (7 pt is the least); give it a wider place (a one-column "
                       "row, outside 'columns'), or use fewer, larger labels")
    assert (root / "handouts/narrow.yaml").read_text().splitlines()[12].strip() == \
        "file: label13.svg"  # the line that names the picture


def test_the_fix_offered_fits_where_the_picture_is(tmp_path: Path) -> None:
    tiny = {"label6.svg": _svg(6)}  # 6 units: 3.78 pt across a whole two-column column
    two = _refusal(_project(tmp_path / "two", {"two": _handout(_image("label6.svg"))}, tiny))
    assert two.startswith("handouts/two.yaml:8: picture 'label6.svg' would print its smallest "
                          "label at 3.7 pt (7 pt is the least); give it a wider place "
                          "(layout: one-column), or use fewer, larger labels")
    one = _refusal(_project(tmp_path / "one", {"one": _handout(_image("label6.svg"),
                                                               layout="one-column")}, tiny))
    assert one.endswith("(7 pt is the least); use fewer, larger labels")  # no wider place
    steps = ("  - type: steps\n    name: Knee to chest\n    image: label6.svg\n    alt: A figure\n"
             "    steps: [Lie down.]\n")
    beside = _refusal(_project(tmp_path / "steps", {"steps": _handout(steps)}, tiny))
    assert beside.startswith("handouts/steps.yaml:9: picture 'label6.svg' would print")
    assert "an image block of its own" in beside and beside.endswith("use fewer, larger labels")


def test_a_tall_picture_is_not_told_to_find_a_wider_place(tmp_path: Path) -> None:
    tall = {"tall.svg": _svg(8, height=1600)}  # held by its height, not by the column
    message = _refusal(_project(tmp_path, {"tall": _handout(_image("tall.svg"))}, tall))
    assert message.endswith("(7 pt is the least); use fewer, larger labels")


def test_every_shipped_picture_prints_its_labels_at_7pt_or_more() -> None:
    fitted = _fit(REPO)
    sizes = {f.source.slug: smallest_label(f) for f in fitted}
    assert sizes["stretches"] is not None and sizes["see-your-doctor"] is not None
    small = {slug: size for slug, size in sizes.items() if size is not None and size < LEAST_LABEL}
    assert not small, small


def _fit_large(root: Path) -> list:
    project = load(root).in_large_print()
    return fit_all(project, project.entries)


def test_in_large_print_a_picture_grows_until_its_labels_print_at_12pt(tmp_path: Path) -> None:
    root = _project(tmp_path, {"wide": _handout("  - type: text\n    text: Hello.\n"
                                                + _image("label16.svg", 0.3))},
                    {"label16.svg": _svg(16)})
    [placed] = placed_labels(_fit_large(root)[0])
    assert 12 <= placed.size < 12.01
    assert placed.width == pytest.approx(12 * 400 / 16, rel=1e-3)


def test_in_large_print_columns_holding_a_picture_stack_so_it_gets_the_width(tmp_path: Path) -> None:
    blocks = ("  - type: columns\n    left:\n      - type: text\n        text: Left.\n"
              "    right:\n" + _image("label13.svg", 1.0, indent="      "))
    root = _project(tmp_path, {"narrow": _handout(blocks)}, {"label13.svg": _svg(13)})
    _refusal(root)  # standard: half a column is too narrow for 7 pt
    [placed] = placed_labels(_fit_large(root)[0])
    assert 12 <= placed.size < 12.01


def test_in_large_print_a_picture_held_by_its_place_prints_as_large_as_it_allows(
        tmp_path: Path) -> None:
    steps = ("  - type: steps\n    name: Knee to chest\n    image: label13.svg\n    alt: A figure\n"
             "    steps: [Lie down.]\n")
    root = _project(tmp_path, {"steps": _handout(steps)}, {"label13.svg": _svg(13)})
    _refusal(root)  # standard: beside the steps, its labels would print under 7 pt
    [fitted] = _fit_large(root)
    [placed] = placed_labels(fitted)
    # as wide as a picture beside the steps may be (55% of the box), not just wide enough
    # for 7 pt: 8.1 pt here
    assert LEAST_LABEL + 1 < placed.size < 12
    assert placed.width == pytest.approx(300 * placed.size / (13 * 0.75), rel=1e-3)
