"""Translations: checked against their English source (blocks, pictures, numbers, age),
and built with the page's own words, dates, file names and metadata in their language."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

ENGLISH = """\
    title: Gentle stretches
    category: self-care
    order: 1
    reviewed: 2026-11-25
    blocks:
      - type: heading
        text: Knee to chest
      - type: steps
        name: Knee to chest
        image: square.svg
        alt: Someone hugging one knee.
        steps:
          - Lie on your back.
          - Hug one knee.
        hold: 20--30 seconds
        repeat: 2--3 times
      - type: text
        text: Stop if it hurts.
    """
SPANISH = """\
    title: Estiramientos suaves
    category: self-care
    order: 1
    reviewed: 2026-12-02
    blocks:
      - type: heading
        text: Rodilla al pecho
      - type: steps
        name: Rodilla al pecho
        image: square.svg
        alt: Una persona abraza una rodilla.
        steps:
          - Acuéstese boca arriba.
          - Abrace una rodilla.
        hold: 20--30 segundos
        repeat: 2--3 veces
      - type: text
        text: Deténgase si le duele.
    """


@pytest.fixture
def project(make_project):  # type: ignore[no-untyped-def]
    make_project.write("stretches", ENGLISH)
    (make_project.handouts / "es").mkdir()
    return make_project


def write_es(project, text: str) -> Path:  # type: ignore[no-untyped-def]
    path = project.handouts / "es" / "stretches.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def check_es(run_cli) -> tuple[int, list[str], list[str]]:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("check", "--lang", "es")
    assert "Traceback" not in err
    lines = err.splitlines()
    return code, [x for x in lines if not x.startswith("warning:")], \
        [x for x in lines if x.startswith("warning:")]


def test_a_faithful_translation_passes(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH)
    code, errors, _ = check_es(run_cli)
    assert code == 0, errors


def test_a_changed_dose_is_an_error_naming_both_sides(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH.replace("hold: 20--30 segundos", "hold: 10--30 segundos"))
    code, errors, _ = check_es(run_cli)
    assert code == 1
    (line,) = [x for x in errors if "numbers" in x]
    assert line.startswith("handouts/es/stretches.yaml:8: ")  # the Spanish steps block
    assert "handouts/stretches.yaml:8" in line and "20, 30" in line and "10, 30" in line


def test_a_missing_block_is_an_error(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH.split("      - type: text")[0])
    code, errors, _ = check_es(run_cli)
    assert code == 1
    assert any(x.startswith("handouts/es/stretches.yaml:6: a 'text' block is missing "
                            "(handouts/stretches.yaml:17)") for x in errors), errors


def test_a_different_picture_is_an_error(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH.replace("image: square.svg", "image: logo.svg"))
    code, errors, _ = check_es(run_cli)
    assert code == 1
    assert any(x.startswith("handouts/es/stretches.yaml:10: picture 'logo.svg' differs from "
                            "handouts/stretches.yaml:10 ('square.svg')") for x in errors), errors


def test_blocks_out_of_order_are_an_error(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    swapped = SPANISH.replace("      - type: heading\n        text: Rodilla al pecho\n", "")
    swapped = swapped.replace("        text: Deténgase si le duele.\n",
                              "        text: Deténgase si le duele.\n      - type: heading\n"
                              "        text: Rodilla al pecho\n")
    write_es(project, swapped)
    code, errors, _ = check_es(run_cli)
    assert code == 1 and any("'steps' block where handouts/stretches.yaml:6 has a 'heading'" in x
                             for x in errors), errors


def test_a_translation_older_than_its_source_is_a_warning(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH.replace("reviewed: 2026-12-02", "reviewed: 2026-11-01"))
    code, errors, warnings = check_es(run_cli)
    assert code == 0, errors
    assert any("handouts/es/stretches.yaml:4: handouts/stretches.yaml was reviewed on "
               "2026-11-25, after this translation (2026-11-01)" in w for w in warnings), warnings


def test_an_untranslated_handout_is_a_warning_and_left_out_of_the_booklet(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH)
    project.write("psoas", ENGLISH.replace("order: 1", "order: 2").replace("Gentle stretches",
                                                                            "Psoas"))
    _, _, warnings = check_es(run_cli)
    assert any("handouts/psoas.yaml has no translation into 'es' yet" in w for w in warnings)
    code, out, err = run_cli()
    assert code == 0, err
    assert "note: the 'es' booklet leaves out psoas (not translated yet)" in out
    booklet = PdfReader(project.out / "es" / "booklet.pdf")
    assert [o.title for o in booklet.outline] == ["Contenido", "Estiramientos suaves",
                                                  "Reserve su próxima sesión"]
    assert len(PdfReader(project.out / "booklet.pdf").outline) == 4  # English: both handouts
    code, out, err = run_cli("booklet", "--lang", "es")
    assert code == 0 and "note: the 'es' booklet leaves out psoas (not translated yet)" in out


def test_spanish_pages_speak_spanish(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH)
    code, _, err = run_cli("build", "stretches", "--lang", "es", "--for", "María López",
                             "--date", "2026-11-25")
    assert code == 0, err
    path = project.out / "clients" / "maría-lópez" / "Estiramientos suaves - para María López.pdf"
    reader = PdfReader(path)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Preparado para María López · 25 de noviembre de 2026" in text
    assert "Mantenga: 20–30 segundos" in text and "Repita: 2–3 veces" in text
    assert "Revisado el 2 de diciembre de 2026." in text
    assert reader.trailer["/Root"]["/Lang"] == "es-US"
    assert reader.metadata.title == "Estiramientos suaves"


def test_the_spanish_booklet_has_spanish_contents(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH)
    code, _, err = run_cli("booklet", "--lang", "es")
    assert code == 0, err
    reader = PdfReader(project.out / "es" / "booklet.pdf")
    contents = reader.pages[1].extract_text()
    assert contents.startswith("Contenido") and "Estiramientos suaves" in contents
    assert reader.metadata.title == "Su espalda baja"
    assert "Reserve su próxima sesión" in reader.pages[-1].extract_text()


def test_an_unknown_language_is_refused_in_one_line(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("build", "--lang", "fr")
    assert code == 2
    assert err.strip() == ("make_handouts.py: there are no handouts in the language 'fr'; "
                           "the languages are: en")


def test_json_check_gives_the_spanish_reading_ease(project, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_es(project, SPANISH)
    code, out, err = run_cli("check", "--lang", "es", "--json")
    assert code == 0, err
    (item,) = json.loads(out)["handouts"]
    assert item["grade"] is None and isinstance(item["ease"], float)
