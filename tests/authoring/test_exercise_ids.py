"""A translated exercise keeps its English source's id: the sync check says so when not."""

from __future__ import annotations

from pathlib import Path

from handoutkit.authoring.checking import check
from handoutkit.content.exercises import library
from handoutkit.content.project import load
from tests.program_support import program_project


def give_id(path: Path, name: str, ident: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"name: {name}", f"id: {ident}\n    name: {name}", 1),
                    encoding="utf-8")


def test_a_translation_with_another_id_is_out_of_step(tmp_path: Path) -> None:
    root = program_project(tmp_path)
    spanish = root / "handouts" / "es" / "stretches.yaml"
    give_id(spanish, "Figura de cuatro", "stretches/figura-de-cuatro")
    errors = [str(p) for p in check(root, "es").errors]
    line = spanish.read_text(encoding="utf-8").splitlines().index(
        "    id: stretches/figura-de-cuatro") + 1
    assert errors == [f"handouts/es/stretches.yaml:{line}: id 'stretches/figura-de-cuatro' "
                      "differs from the exercise's id at handouts/stretches.yaml:52 "
                      "('stretches/figure-four'); a translated exercise keeps its source's id "
                      "(or leave 'id:' out)"]


def test_an_id_given_in_english_is_carried_by_the_translation(tmp_path: Path) -> None:
    root = program_project(tmp_path)
    give_id(root / "handouts" / "stretches.yaml", "Figure-four", "piriformis-stretch")
    english = load(root)
    ids = [e.id for e in library(load(root, "es"), english).exercises]
    assert "piriformis-stretch" in ids and "stretches/figure-four" not in ids
    assert not check(root, "es").errors
