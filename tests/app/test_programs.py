"""Home programs through the application layer: the library, doses, languages, the fit
gate, checked overrides, and a kept program made again byte for byte."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from handoutkit.app import programs
from handoutkit.authoring.checking import check
from handoutkit.content.client import Client
from handoutkit.errors import ContentError
from tests.program_support import LONG, pages, program_project, text_of

PAUL = Client.checked("Paul Rivera", "", _dt.date(2026, 12, 8))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return program_project(tmp_path_factory.mktemp("programs"))


def make(root: Path, exercises: list[dict[str, str]], **kw: object) -> programs.MadeProgram:
    lang = str(kw.pop("language", "en"))
    save = bool(kw.pop("save", False))
    program = programs.program_from({"exercises": exercises}, PAUL, language=lang, **kw)  # type: ignore[arg-type]
    return programs.make(programs.ProgramRequest(root, root / "out", program, save=save))


def test_the_library_lists_every_steps_block_with_ids_from_handout_and_name(root: Path) -> None:
    found = programs.exercises(root)
    ids = [e.id for e in found]
    assert ids[:5] == ["stretches/knee-to-chest", "stretches/pelvic-tilt",
                       "stretches/hip-flexor-stretch", "stretches/figure-four",
                       "stretches/childs-pose"]
    assert len(ids) == 5 + LONG and len(set(ids)) == len(ids)
    spanish = programs.exercises(root, "es")
    assert [e.id for e in spanish] == ids[:5]  # the translation carries the English ids
    assert spanish[0].block.name == "Rodilla al pecho"
    first = found[0].as_dict()
    assert set(first) == {"id", "name", "handout", "image", "steps", "hold", "repeat",
                          "how_often", "stop_if"}
    assert first["hold"] == "20--30 seconds" and first["handout"] == "stretches"


def test_three_exercises_print_the_new_doses_and_not_the_old(root: Path) -> None:
    made = make(root, [
        {"id": "stretches/knee-to-chest", "hold": "45 seconds", "note": "Keep the other leg bent"},
        {"id": "stretches/figure-four", "repeat": "4 times each side", "hold": ""},
        {"id": "stretches/pelvic-tilt", "how_often": "every evening"}])
    words = text_of(made.data)
    assert pages(made.data) == 1 and made.name == "Home program - for Paul Rivera.pdf"
    assert "Your home program" in words and "Prepared for Paul Rivera" in words
    assert "Hold: 45 seconds" in words and "Keep the other leg bent" in words
    assert "Repeat: 4 times each side" in words and "How often: every evening" in words
    assert "Hold: 5 seconds" in words  # pelvic tilt keeps its own hold
    # knee to chest's old hold and figure-four's old repeat are gone (each is left once: the
    # other exercise's), and figure-four's empty hold kept its own
    assert words.count("20–30 seconds") == 1 and words.count("2–3 times each side") == 1
    assert words.index("Hold: 20–30 seconds") > words.index("Figure-four")
    assert words.index("Knee to chest") < words.index("Figure-four") < words.index("Pelvic tilt")
    assert "Hip flexor" not in words and "Stop if" in words


def test_a_program_in_spanish_comes_from_the_spanish_handouts(root: Path) -> None:
    made = make(root, [{"id": "stretches/childs-pose", "hold": "1 minuto"},
                       {"id": "stretches/knee-to-chest"}], language="es")
    words = text_of(made.data)
    assert made.name == "Programa en casa - para Paul Rivera.pdf"
    assert "Postura del niño" in words and "Rodilla al pecho" in words
    assert "Mantenga: 1 minuto" in words and "Preparado para Paul Rivera" in words
    assert "Su programa de ejercicios en casa" in words and "Child" not in words


def test_a_missing_translation_names_it(root: Path) -> None:
    with pytest.raises(ContentError) as caught:
        make(root, [{"id": "long-exercises/long-exercise-1"}], language="es")
    assert "'long-exercises/long-exercise-1' has no translation into 'es'" in str(caught.value)


def test_large_print_takes_two_pages(root: Path) -> None:
    made = make(root, [{"id": f"stretches/{n}"} for n in
                       ("knee-to-chest", "pelvic-tilt", "figure-four", "childs-pose")],
                large_print=True)
    assert pages(made.data) == 2 and made.name.endswith("(large print).pdf")


def test_too_long_says_how_many_exercises_to_remove(root: Path) -> None:
    chosen = [{"id": f"long-exercises/long-exercise-{n}"} for n in range(1, LONG + 1)]
    with pytest.raises(ContentError) as caught:
        make(root, chosen)
    remove = programs.to_remove(caught.value)
    assert remove is not None and 0 < remove < LONG
    make(root, chosen[: LONG - remove])  # and with that many fewer, it fits


def test_an_unknown_id_is_named_with_a_did_you_mean(root: Path) -> None:
    with pytest.raises(ContentError) as caught:
        make(root, [{"id": "stretches/knee-to-chset"}])
    assert "no exercise 'stretches/knee-to-chset'" in str(caught.value)
    assert "did you mean 'stretches/knee-to-chest'" in str(caught.value)


@pytest.mark.parametrize("value", ["45 seconds\nthen rest", "<b>45</b> seconds", "x" * 61])
def test_an_override_is_one_plain_line_of_60(root: Path, value: str) -> None:
    with pytest.raises(ContentError):
        make(root, [{"id": "stretches/knee-to-chest", "hold": value}])


def test_more_than_12_exercises_are_refused(root: Path) -> None:
    with pytest.raises(ContentError, match="at most 12"):
        make(root, [{"id": "stretches/knee-to-chest"}] * 13)


def test_an_override_prints_exactly_as_typed(root: Path) -> None:
    made = make(root, [{"id": "stretches/knee-to-chest", "hold": "*30* s & <3 breaths"}])
    assert "Hold: *30* s & <3 breaths" in text_of(made.data)


def test_a_kept_program_is_made_again_byte_for_byte(root: Path) -> None:
    made = make(root, [{"id": "stretches/figure-four", "hold": "1 minute"}], save=True)
    assert made.saved_id and made.path == root / "out" / "clients" / "paul-rivera" / made.name
    listed = programs.saved(root / "out", "paul rivera")
    assert listed[0]["id"] == made.saved_id
    assert listed[0]["exercises"][0]["hold"] == "1 minute"
    assert programs.rebuild(root, root / "out", made.saved_id).data == made.data
    assert list((root / "out").rglob("*.json")) == [
        root / "out" / "clients" / "paul-rivera" / "programs" / f"{made.saved_id}.json"]


def test_check_reports_an_id_clash_with_both_places(tmp_path: Path) -> None:
    root = program_project(tmp_path)
    path = root / "handouts" / "long-exercises.yaml"
    path.write_text(path.read_text().replace("name: Long exercise 2",
                                             "id: stretches/figure-four\n    name: Long exercise 2"))
    report = check(root)
    clash = [str(p) for p in report.errors if "also used" in p.message]
    line = path.read_text().splitlines().index("    id: stretches/figure-four") + 1
    assert clash == [f"handouts/long-exercises.yaml:{line}: the exercise id 'stretches/figure-four' is "
                     "also used at handouts/stretches.yaml:52; give one of them its own 'id:'"]


@pytest.mark.parametrize("large_print", [False, True])
def test_every_printed_character_is_7pt_or_more(root: Path, tmp_path: Path,
                                                large_print: bool) -> None:
    from tests.layout.test_printed_sizes import BODY, LEAST, TOLERANCE, printed_sizes

    every = [{"id": e.id, "note": "Slowly"} for e in programs.exercises(root)[:5]]
    made = make(root, every, large_print=large_print)
    pdf = tmp_path / "program.pdf"
    pdf.write_bytes(made.data)
    sizes = [size for page in printed_sizes(pdf) for _, size, _ in page]
    assert len(sizes) > 500 and min(sizes) >= LEAST - TOLERANCE
    body = 14 if large_print else BODY  # the steps are body text, never under it
    assert sum(1 for s in sizes if s >= body - TOLERANCE) > 300
