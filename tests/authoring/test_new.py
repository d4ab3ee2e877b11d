"""`new`: a commented starting file that passes check and builds to one page."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pypdf import PdfReader

from handoutkit import cli
from handoutkit.authoring import template as new
from handoutkit.authoring.checking import check
from handoutkit.content import model
from tests import support

REPO = Path(__file__).resolve().parents[2]


def run(root: Path, *args: str) -> int:
    return cli.main(["--root", str(root), "new", *args])


@pytest.mark.parametrize("category", ["self-care", "anatomy"])
def test_new_file_passes_check_and_builds_to_one_page(make_project, capsys, category) -> None:
    assert run(make_project.root, "hip-stretches", "--title", "Hip stretches", "--category", category) == 0
    out = capsys.readouterr().out
    path = make_project.handouts / "hip-stretches.yaml"
    assert out.startswith("wrote ") and "hip-stretches.yaml" in out and "check" in out
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/handout.schema.json"
    report = check(make_project.root)
    assert report.errors == []
    assert [w for w in report.warnings if w.file == "handouts/hip-stretches.yaml"] == []
    (item,) = report.items
    assert item.title == "Hip stretches" and item.scale == 1.0 and item.fullness < 0.6
    built = support.build(make_project.root, make_project.out)
    assert len(PdfReader(built.handouts[0].path).pages) == 1
    data = yaml.safe_load(text)
    assert data["category"] == category
    has_steps = any(b["type"] == "steps" for b in data["blocks"])
    assert has_steps == (category == "self-care")  # an exercise to start from, or a commented one
    assert "# - type: steps" in text or has_steps


def test_new_file_validates_against_the_editor_schema(make_project) -> None:
    assert run(make_project.root, "x", "--title", "X") == 0
    schema = json.loads((REPO / "schema" / "handout.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((make_project.handouts / "x.yaml").read_text(encoding="utf-8"))
    data["reviewed"] = data["reviewed"].isoformat()  # editors read dates as text
    jsonschema.validate(data, schema)


def test_title_is_kept_exactly_however_it_is_punctuated(make_project) -> None:
    title = 'Psoas: "the hidden one" # really & truly — Zoë\'s notes'
    assert run(make_project.root, "psoas", "--title", title) == 0
    data = yaml.safe_load((make_project.handouts / "psoas.yaml").read_text(encoding="utf-8"))
    assert data["title"] == title
    assert check(make_project.root).ok


def test_order_follows_the_highest_one_in_use(make_project) -> None:
    make_project.write("first", "title: First\ncategory: muscle\norder: 7\nreviewed: 2026-11-25\n"
                                "blocks:\n  - type: text\n    text: Hi.\n")
    make_project.write("broken", "title: [unclosed\n")  # unreadable files are skipped
    assert run(make_project.root, "second", "--title", "Second") == 0
    data = yaml.safe_load((make_project.handouts / "second.yaml").read_text(encoding="utf-8"))
    assert data["order"] == 8


def test_order_when_999_is_taken_is_the_first_free_one(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("order: 999\n")
    (tmp_path / "b.yaml").write_text("order: 1\n")
    assert new.next_order(tmp_path) == 2
    assert new.next_order(tmp_path / "missing") == 1


def test_existing_slug_is_refused_in_one_line(make_project, capsys) -> None:
    path = make_project.write("psoas", "title: Mine\n")
    assert run(make_project.root, "psoas", "--title", "Psoas") == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "psoas.yaml already exists" in err
    assert path.read_text() == "title: Mine\n"
    (make_project.handouts / "other.yml").write_text("title: Mine\n")
    assert run(make_project.root, "other", "--title", "Other") == 1
    assert not (make_project.handouts / "other.yaml").exists()


@pytest.mark.parametrize("slug", ["Psoas", "hip stretches", "../escape", "x" * 70, "hip_stretch", "é"])
def test_bad_slug_is_refused_in_one_line(make_project, capsys, slug) -> None:
    assert run(make_project.root, slug, "--title", "T") == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "small letters, digits and hyphens" in err
    assert list(make_project.handouts.iterdir()) == []
    assert not (make_project.root / "escape.yaml").exists()


@pytest.mark.parametrize("title", ["", "   ", "two\nlines", "x" * 201])
def test_bad_title_is_refused(make_project, capsys, title) -> None:
    assert run(make_project.root, "ok", "--title", title) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert list(make_project.handouts.iterdir()) == []


def test_unknown_category_is_a_usage_error(run_cli, make_project) -> None:
    code, _, err = run_cli("new", "ok", "--title", "Ok", "--category", "massage")
    assert code == 2
    assert "invalid choice: 'massage'" in err and "Traceback" not in err


def test_categories_offered_are_the_models() -> None:
    from handoutkit.cli.commands import new as command

    assert command.CATEGORIES == model.CATEGORIES
