"""Turn pydantic's validation errors into one plain line per problem, with the YAML line."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem, shown
from .yamlload import Loaded, Path_

M = TypeVar("M", bound=BaseModel)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """" (did you mean 'x'?)" when *word* looks like a typo of one of *choices*, else ""."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Map pydantic's error location onto the YAML data (dropping union tags).

    For a block in a list, pydantic puts the block's type right after the index, even when
    the block also has a field of that name (a 'text' block's 'text').
    """
    path: list[str | int] = []
    node = data
    expect_tag = False
    for part in loc:
        if expect_tag and isinstance(node, dict) and node.get("type") == part:
            expect_tag = False
            continue
        expect_tag = False
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if (isinstance(node, dict) and part in node) or in_list:
            path.append(part)
            node = node[part]
            expect_tag = in_list
        else:
            path.append(part)
            node = None
    return tuple(path)


def _describe(path: Path_) -> str:
    """A friendly name for where the problem is, e.g. "'caption'"."""
    names = [p for p in path if isinstance(p, str)]
    return f"'{shown(names[-1])}'" if names else "this value"


def _parent(data: Any, path: Path_) -> Any:
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _block_kind(data: Any, path: Path_) -> str:
    parent = _parent(data, path)
    if isinstance(parent, dict) and isinstance(parent.get("type"), str):
        return f" in this {parent['type']} block"
    return ""


def _allowed_fields(model: type[BaseModel], data: Any, path: Path_) -> list[str]:
    """The field names allowed where an unknown one was found (best effort)."""
    from . import model as m

    parent = _parent(data, path)
    if isinstance(parent, dict) and isinstance(parent.get("type"), str):
        for cls in (m.Heading, m.TextBlock, m.Bullets, m.Numbered, m.Image, m.Callout, m.Steps,
                    m.Facts, m.Story, m.Qr, m.Columns):
            if cls.model_fields["type"].annotation.__args__[0] == parent["type"]:  # type: ignore[union-attr]
                return list(cls.model_fields)
    target: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(target, "model_fields", {}).get(part)
        if field is None:
            return []
        target = field.annotation
        args = getattr(target, "__args__", None)
        if args:
            target = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), target)
    return list(getattr(target, "model_fields", {}))


def _message(err: dict[str, Any], model: type[BaseModel], data: Any, path: Path_) -> str:
    kind = err["type"]
    ctx = err.get("ctx", {})
    what = _describe(path)
    value = err.get("input")
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        hint = did_you_mean(name, _allowed_fields(model, data, path))
        return f"unknown field '{shown(name)}'{_block_kind(data, path)}{hint}; remove it or fix the spelling"
    if kind == "alt_missing":
        return ("this picture has no 'alt'; add 'alt:' saying in a sentence what it shows "
                "(a screen reader reads it to a client who cannot see the page)")
    if kind == "missing":
        return f"missing {what}{_block_kind(data, path)}; add it"
    if kind == "union_tag_invalid":
        from .model import BLOCK_TYPES

        tag = str(ctx.get("tag", ""))
        expected = {t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")}
        allowed = [t for t in BLOCK_TYPES if t in expected] or list(BLOCK_TYPES)
        if tag in BLOCK_TYPES and tag not in allowed:  # e.g. columns inside columns
            return (f"a '{tag}' block cannot go here (inside another block); move its content "
                    f"up, or use one of: {', '.join(allowed)}")
        return (f"unknown block type '{shown(tag)}'{did_you_mean(tag, allowed)}; "
                f"use one of: {', '.join(allowed)}")
    if kind == "union_tag_not_found":
        return "this block has no 'type:'; add one, e.g. 'type: text'"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        return (f"{what} cannot be '{shown(value)}'{did_you_mean(str(value), options)}; "
                f"use one of: {', '.join(options)}")
    if kind in ("string_type",):
        return f"{what} should be text; put it in quotes"
    if kind == "string_unicode":
        return f"{what} holds a character that is not text (a lone surrogate such as \\ud800); delete it"
    if kind in ("list_type",):
        return f"{what} should be a list; write each item on its own line starting with '- '"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{what} should be a group of fields; write 'name: value' lines indented below it"
    if kind == "string_too_short":
        return f"{what} is empty; write something or remove it"
    if kind == "string_too_long":
        return f"{what} is too long (at most {ctx.get('max_length')} characters); shorten it"
    if kind == "too_short":
        return f"{what} needs at least {ctx.get('min_length')} item(s); add some"
    if kind == "too_long":
        return f"{what} has too many items (at most {ctx.get('max_length')}); remove some"
    if kind == "string_pattern_mismatch":
        if "colours" in path:
            return f"{what} should be a colour like '#1F5F66'; write '#' and six digits or letters A-F"
        return f"{what} has an unexpected form ('{shown(value)}'); see docs/format.md"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{what} should be a whole number; write it like 3"
    if kind == "finite_number":
        return f"{what} should be an ordinary number, not .nan or .inf; write it like 1"
    if kind in ("float_parsing", "float_type"):
        return f"{what} should be a number; write it like 0.5"
    if kind.startswith("greater_than") or kind.startswith("less_than"):
        bound = next(iter(ctx.values()), "")
        rel = "at least" if kind.startswith("greater") else "at most"
        return f"{what} should be {rel} {bound} (it is {shown(value)}); change it"
    if kind.startswith("date"):
        return f"{what} should be a date; write it like 2026-11-25"
    if kind in ("bool_type", "bool_parsing"):
        return f"{what} should be true or false; write one of those"
    return f"{what} is not valid ({shown(err['msg'], 120)}); see docs/format.md"


def validate(model: type[M], loaded: Loaded) -> M:
    """Validate *loaded* data as *model*; raise ContentError listing every problem, with
    values the YAML reader could not read (said once, not again by validation)."""
    problems = list(loaded.problems)
    unreadable = {p.line for p in problems}
    try:
        result = model.model_validate(loaded.data)
    except ValidationError as exc:
        for err in exc.errors():
            path = _data_path(loaded.data, tuple(err["loc"]))
            line = loaded.line_of(path)
            if line not in unreadable:
                problems.append(Problem(loaded.file, line,
                                        _message(dict(err), model, loaded.data, path)))
    if problems:
        raise ContentError(list(dict.fromkeys(problems))) from None
    return result
