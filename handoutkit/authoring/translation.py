"""A translation checked against its English source: the same blocks in the same order,
the same pictures, and exactly the same numbers (doses, seconds, repetitions, degrees,
pounds, ages, hours), so no dose or warning drifts. Also: which translations may be out of
date, and which handouts have none yet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..content.exercises import entry_ids
from ..content.project import Entry, Project
from ..errors import Problem

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PICTURE_FIELDS = ("file", "image")
_NOT_WORDS = frozenset({"type", "id", "file", "image", "style", "align", "layout", "category",
                        "order", "reviewed", "width", "size", "level", "url"})


def _blocks(blocks: list[Any], path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every block with its path in the file, columns' blocks included, in reading order."""
    for i, block in enumerate(blocks):
        here = (*path, i)
        yield here, block
        for side in ("left", "right"):
            inner = getattr(block, side, None)
            if isinstance(inner, list):
                yield from _blocks(inner, (*here, side))


def numbers(obj: Any) -> Counter[str]:
    """Every number written in an object's words (a decimal comma read as a point)."""
    found: Counter[str] = Counter()
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name not in _NOT_WORDS and name not in ("left", "right"):
                found += numbers(getattr(obj, name))
    elif isinstance(obj, list):
        for item in obj:
            found += numbers(item)
    elif isinstance(obj, str):
        found.update(n.replace(",", ".") for n in _NUMBER.findall(obj))
    return found


def _where(entry: Entry, path: tuple[Any, ...]) -> str:
    line = entry.loaded.line_of(path)
    return f"{entry.file}:{line}" if line else entry.file


def _listed(counts: Counter[str]) -> str:
    return ", ".join(sorted(counts.elements(), key=lambda n: (float(n), n))) or "none"


def compare(source: Entry, translation: Entry) -> list[Problem]:
    """Every way *translation* departs from *source* in blocks, pictures or numbers; each
    problem at the translation's line, naming the English file and line."""
    problems: list[Problem] = []

    def at(path: tuple[Any, ...], message: str) -> None:
        problems.append(Problem(translation.file, translation.loaded.line_of(path), message))

    for field in ("title", "subtitle"):
        want = numbers(getattr(source.handout, field))
        if numbers(getattr(translation.handout, field)) != want:
            at((field,), f"the {field}'s numbers ({_listed(numbers(getattr(translation.handout, field)))}) "
                         f"differ from {_where(source, (field,))} ({_listed(want)})")
    theirs = list(_blocks(source.handout.blocks, ("blocks",)))
    ours = list(_blocks(translation.handout.blocks, ("blocks",)))
    ids = iter(entry_ids(source))
    for (path, block), (their_path, their) in zip(ours, theirs, strict=False):
        if block.type != their.type:
            at(path, f"this is a '{block.type}' block where {_where(source, their_path)} has a "
                     f"'{their.type}' block; keep the same blocks in the same order")
            return problems  # after one block is out of step, the rest would all differ
        if block.type == "steps":
            want_id = next(ids, None)
            if block.id is not None and block.id != want_id:
                at((*path, "id"), f"id '{block.id}' differs from the exercise's id at "
                                  f"{_where(source, their_path)} ('{want_id}'); a translated "
                                  "exercise keeps its source's id (or leave 'id:' out)")
        for field in _PICTURE_FIELDS:
            mine, english = getattr(block, field, None), getattr(their, field, None)
            if mine != english:
                at((*path, field), f"picture '{mine}' differs from {_where(source, (*their_path, field))}"
                                   f" ('{english}'); a translation shows the same pictures")
        if numbers(block) != numbers(their):
            at(path, f"the numbers here ({_listed(numbers(block))}) differ from "
                     f"{_where(source, their_path)} ({_listed(numbers(their))}); a translation "
                     "keeps every dose, time and number exactly as the English gives it")
    if len(ours) < len(theirs):
        path, their = theirs[len(ours)]
        at(("blocks",), f"a '{their.type}' block is missing ({_where(source, path)}); keep every "
                        "block of the English")
    elif len(ours) > len(theirs):
        path, block = ours[len(theirs)]
        at(path, f"this '{block.type}' block is not in {source.file}; keep the same blocks")
    return problems


def translation_report(english: Project, translated: Project) -> tuple[list[Problem], list[Problem]]:
    """Errors (a translation that departs from its source, or has none) and warnings (a
    translation older than its source's review, a handout with no translation)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    sources = {e.slug: e for e in english.entries}
    lang = translated.language
    for entry in translated.entries:
        source = sources.get(entry.slug)
        if source is None:
            errors.append(Problem(entry.file, None, f"there is no English handouts/{entry.slug}.yaml "
                                  "to translate from; give the file the English handout's name"))
            continue
        errors += compare(source, entry)
        if source.handout.reviewed > entry.handout.reviewed:
            warnings.append(Problem(entry.file, entry.loaded.line_of(("reviewed",)),
                                    f"{source.file} was reviewed on {source.handout.reviewed}, after "
                                    f"this translation ({entry.handout.reviewed}); it may be out of "
                                    "date: compare them, then update its 'reviewed' date"))
    done = {e.slug for e in translated.entries} | set(translated.broken)
    for slug, source in sources.items():
        if slug not in done:
            warnings.append(Problem(f"handouts/{lang}/{slug}.yaml", None,
                                    f"{source.file} has no translation into '{lang}' yet; the "
                                    f"'{lang}' booklet leaves it out"))
    return errors, warnings
