"""The brand's fonts: bold and italic words stay bold and italic however the pictures were
converted (svglib is only loaded, and its label font mapped, when a drawing is converted)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests import support

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

PAGE = """\
  - type: text
    text: A **bold** word and an *italic* one.
  - type: image
    file: {picture}
    alt: A figure
    width: 0.5
"""


def _fonts(pdf: Path) -> set[str]:
    """The base names of the fonts the page's text uses (subset prefix dropped)."""
    resources = PdfReader(pdf).pages[0]["/Resources"]["/Font"]
    return {str(resources[name].get_object()["/BaseFont"]).split("+", 1)[-1] for name in resources}


@pytest.mark.parametrize("jobs", [1, 2])
def test_bold_and_italic_survive_a_picture_converted_in_the_build(tmp_path: Path, jobs: int) -> None:
    # with one job the build converts the picture itself, after registering the fonts;
    # with two, a helper converts it (and a worker, for whatever the helper did not finish)
    shutil.copytree(REPO / "layouts", tmp_path / "layouts")
    shutil.copytree(FIXTURES / "images", tmp_path / "images")
    picture = next(p.name for p in sorted((tmp_path / "images").glob("*.svg")))
    (tmp_path / "handouts").mkdir()
    for n in (1, 2):
        (tmp_path / "handouts" / f"page-{n}.yaml").write_text(support.handout_yaml(
            f"Page {n}", n, blocks=PAGE.format(picture=picture)), encoding="utf-8")
    report = support.build(tmp_path, tmp_path / "out", jobs=jobs)
    for result in report.handouts:
        assert result.path is not None
        used = _fonts(result.path)
        assert {"BitstreamVeraSans-Bold", "BitstreamVeraSans-Oblique"} <= used, used


def test_the_label_font_is_mapped_only_when_a_drawing_is_converted(tmp_path: Path) -> None:
    from reportlab.lib.fonts import ps2tt, tt2ps

    from handoutkit.content.project import load_project
    from handoutkit.layout import fonts, pictures
    from handoutkit.layout.theme import Theme

    shutil.copytree(REPO / "layouts", tmp_path / "layouts")
    shutil.copytree(FIXTURES / "images", tmp_path / "images")
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "one.yaml").write_text(support.handout_yaml("One", 1), encoding="utf-8")
    project = load_project(tmp_path)
    entry = project.entries[0]
    theme = Theme(project.brand, entry.layout, tmp_path)
    svg = tmp_path / "images" / "fresh.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                   '<text x="2" y="12" font-family="Vera" font-size="9">Hip</text></svg>')
    fonts._svg_mapped[0] = None  # as in a process that has converted nothing yet
    pictures.load_svg(svg, "images/fresh.svg")
    assert fonts._svg_mapped[0] == theme.family
    assert fonts.svg_family() == theme.family
    family = ps2tt(theme.font())[0]  # how a paragraph finds <b> and <i> from its face
    assert tt2ps(family, 1, 0) == theme.font("bold")
    assert tt2ps(family, 0, 1) == theme.font("italic")
    assert tt2ps(family, 1, 1) == theme.font("bold_italic")
