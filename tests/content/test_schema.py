"""The JSON Schemas in schema/: generated from the loader's own models, referenced from
every shipped YAML file, accepting every shipped file and rejecting what the loader rejects."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from handoutkit.content.project import load_project
from handoutkit.content.schema import schemas
from handoutkit.content.settings import Brand, Layout
from handoutkit.content.validation import validate
from handoutkit.content.yamlload import Loaded
from handoutkit.errors import ContentError

REPO = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO / "schema"


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text (YAML 1.2 core)."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def editor_data(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(name: str, data: Any) -> list[str]:
    return [e.message for e in validator(name).iter_errors(data)]


def shipped() -> list[tuple[Path, str]]:
    files = [(p, "handout.schema.json") for p in sorted((REPO / "handouts").glob("*.yaml"))]
    for p in sorted((REPO / "layouts").glob("*.yaml")):
        files.append((p, "brand.schema.json" if p.name == "brand.yaml" else "layout.schema.json"))
    return files


def test_committed_schemas_equal_what_the_schema_command_generates() -> None:
    generated = schemas()
    assert sorted(generated) == sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    for name, text in generated.items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is out of date; run 'python make_handouts.py schema'")


@pytest.mark.parametrize(("path", "schema"), shipped(), ids=lambda v: getattr(v, "name", v))
def test_every_shipped_file_names_its_schema_and_validates(path: Path, schema: str) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schema/{schema}"
    assert (path.parent / f"../schema/{schema}").resolve().is_file()
    assert schema_errors(schema, editor_data(path)) == []


def test_the_test_fixture_with_every_block_type_validates() -> None:
    data = editor_data(REPO / "tests" / "fixtures" / "all-blocks.yaml")
    assert schema_errors("handout.schema.json", data) == []


# -- what the loader rejects, the schema rejects --------------------------------------------

GOOD: dict[str, Any] = {
    "title": "A good one", "category": "muscle", "order": 1, "reviewed": "2026-11-25",
    "blocks": [{"type": "heading", "text": "Hi"},
               {"type": "image", "file": "square.svg", "alt": "A square."},
               {"type": "text", "text": "Hello there."}],
}


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


BROKEN_HANDOUTS: dict[str, dict[str, Any]] = {
    "unknown-block-type": _broken(lambda d: d["blocks"][0].update(type="buletts")),
    "unknown-field": _broken(lambda d: d.update(titel="Typo")),
    "unknown-field-in-a-block": _broken(lambda d: d["blocks"][1].update(wdith=0.5)),
    "wrong-category": _broken(lambda d: d.update(category="massage")),
    "missing-title": _broken(lambda d: d.pop("title")),
    "missing-alt": _broken(lambda d: d["blocks"][1].pop("alt")),
    "heading-level-3": _broken(lambda d: d["blocks"][0].update(level=3)),
    "image-too-wide": _broken(lambda d: d["blocks"][1].update(width=1.5)),
    "no-blocks": _broken(lambda d: d.update(blocks=[])),
    "order-zero": _broken(lambda d: d.update(order=0)),
    "not-a-date": _broken(lambda d: d.update(reviewed="next tuesday")),
    "callout-style": _broken(lambda d: d["blocks"].append(
        {"type": "callout", "style": "warning", "text": "Hmm."})),
    "columns-in-columns": _broken(lambda d: d["blocks"].append(
        {"type": "columns", "left": [{"type": "text", "text": "a"}],
         "right": [{"type": "columns", "left": [{"type": "text", "text": "b"}],
                    "right": [{"type": "text", "text": "c"}]}]})),
    "empty-title": _broken(lambda d: d.update(title="")),
    "steps-picture-without-alt": _broken(lambda d: d["blocks"].append(
        {"type": "steps", "name": "Knee hug", "image": "square.svg", "steps": ["Lie down."]})),
}


def test_schema_rejects_the_broken_handouts_the_loader_rejects(make_project) -> None:
    assert schema_errors("handout.schema.json", GOOD) == []
    make_project.write("good", yaml.safe_dump(GOOD))
    cases = {slug: {**data, "order": i} if data.get("order") == 1 else data  # orders must differ
             for i, (slug, data) in enumerate(BROKEN_HANDOUTS.items(), 2)}
    for slug, data in cases.items():
        make_project.write(slug, yaml.safe_dump(data))
    project = load_project(make_project.root)
    assert [e.slug for e in project.entries] == ["good"]
    for slug, data in cases.items():
        assert slug in project.broken, f"the loader accepts {slug}"
        assert schema_errors("handout.schema.json", data), f"the schema accepts {slug}"


BROKEN_BRANDS: dict[str, Any] = {
    "colour-not-hex": lambda d: d["colours"].update(primary="teal"),
    "unknown-placeholder": lambda d: d.update(placeholders=["fax"]),
    "bad-language": lambda d: d.update(language="english"),
    "no-practice": lambda d: d.pop("practice"),
    "unknown-field": lambda d: d.update(colors={"primary": "#000000"}),
    "no-phone": lambda d: d["practice"].pop("phone"),
}
BROKEN_LAYOUTS: dict[str, Any] = {
    "paper-a5": lambda d: d.update(paper="a5"),
    "three-columns": lambda d: d.update(columns=3),
    "margin-too-small": lambda d: d.setdefault("margins", {}).update(left=0.1),
    "no-name": lambda d: d.pop("name"),
    "typo": lambda d: d.update(colums=2),
}


@pytest.mark.parametrize(("model", "schema", "base", "cases"), [
    (Brand, "brand.schema.json", "brand.yaml", BROKEN_BRANDS),
    (Layout, "layout.schema.json", "two-column.yaml", BROKEN_LAYOUTS),
], ids=["brand", "layout"])
def test_schema_rejects_the_broken_brand_and_layouts_the_loader_rejects(
        model: type, schema: str, base: str, cases: dict[str, Any]) -> None:
    good = editor_data(REPO / "layouts" / base)
    validate(model, Loaded(good, base))  # the unbroken file is fine for both
    assert schema_errors(schema, good) == []
    for name, change in cases.items():
        data = copy.deepcopy(good)
        change(data)
        with pytest.raises(ContentError):
            validate(model, Loaded(data, base))
        assert schema_errors(schema, data), f"the schema accepts {name}"
