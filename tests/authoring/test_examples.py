"""The block examples the editor inserts: one of each, indented into a new handout's blocks
and into a column cell, is valid and still fits the page."""

from __future__ import annotations

from pypdf import PdfReader

from handoutkit.app.editing import block_examples
from handoutkit.authoring.examples import EXAMPLES, example
from handoutkit.authoring.template import handout_text
from handoutkit.content.model import BLOCK_TYPES
from handoutkit.content.project import load_project
from tests import support
from tests.conftest import TempProject


def indented(text: str, indent: int) -> str:
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


def test_one_of_each_example_builds_to_one_page(make_project: TempProject) -> None:
    assert list(EXAMPLES) == sorted(EXAMPLES, key=BLOCK_TYPES.index)
    assert set(EXAMPLES) == set(BLOCK_TYPES)
    for order, category in enumerate(("anatomy", "self-care"), 1):
        text = handout_text("x", "Every block", category, order, "2026-12-01")
        text += "".join(indented(example(kind, "square.svg"), 2) for kind in BLOCK_TYPES)
        make_project.write(f"every-{category}", text)
    report = support.build(make_project.root)
    assert len(report.handouts) == 2
    for made in report.handouts:
        assert made.path is not None and len(PdfReader(made.path).pages) == 1


def test_examples_go_into_a_column_cell(make_project: TempProject) -> None:
    cells = "".join(indented(example(kind, "square.svg"), 6)
                    for kind in BLOCK_TYPES if kind in ("text", "bullets", "callout", "image"))
    blocks = f"  - type: columns\n    left:\n{cells}    right:\n      - type: text\n" \
             "        text: Right.\n"
    make_project.write("cells", support.handout_yaml("Cells", 1, blocks=blocks))
    project = load_project(make_project.root)
    assert not project.broken and [e.slug for e in project.entries] == ["cells"]


def test_the_image_example_shows_a_picture_of_the_project(make_project: TempProject) -> None:
    found = {name: text for name, _, text in block_examples(make_project.root)}
    assert list(found) == list(BLOCK_TYPES)
    assert "  file: logo.svg\n" in found["image"]
