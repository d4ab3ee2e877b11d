"""The exercise library: every `steps` block of every handout is an exercise a program can use.

An exercise's id is its handout and its name ('stretches/knee-to-chest') unless the block
gives its own `id:`. A translation's block carries its English source's id (the same
steps block, in the same place), so a program is the same in every language. Ids are
unique in a project; a clash is a problem naming both places.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from .model import Steps
from .project import Entry, Project


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id, the handout it comes from, and its block as written there."""

    id: str
    handout: str  # the handout's slug
    file: str
    line: int | None
    block: Steps
    entry: Entry = field(repr=False, compare=False)

    @property
    def where(self) -> str:
        """'handouts/stretches.yaml:14'."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_dict(self) -> dict[str, Any]:
        """What the library shows of it (the fields of `GET /api/exercises`)."""
        b = self.block
        return {"id": self.id, "name": b.name, "handout": self.handout, "image": b.image,
                "steps": list(b.steps), "hold": b.hold, "repeat": b.repeat,
                "how_often": b.how_often, "stop_if": b.stop_if}


@dataclass
class Library:
    """Every exercise of a project in booklet order, and the ids that clash."""

    exercises: list[Exercise]
    problems: list[Problem]

    def by_id(self) -> dict[str, Exercise]:
        """The exercises by id (the first, when two clash)."""
        found: dict[str, Exercise] = {}
        for e in self.exercises:
            found.setdefault(e.id, e)
        return found


def name_id(name: str) -> str:
    """A name as the last part of an id: 'Child's pose' -> 'childs-pose'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['\u2019]", "", text)
    return "-".join(re.findall(r"[a-z0-9]+", text))[:60].strip("-") or "exercise"


def steps_blocks(blocks: list[Any], path: tuple[Any, ...] = ("blocks",)
                 ) -> Iterator[tuple[tuple[Any, ...], Steps]]:
    """Every steps block with its path in the file, in reading order (columns too)."""
    for i, block in enumerate(blocks):
        here = (*path, i)
        if isinstance(block, Steps):
            yield here, block
        for side in ("left", "right"):
            inner = getattr(block, side, None)
            if isinstance(inner, list):
                yield from steps_blocks(inner, (*here, side))


def entry_ids(entry: Entry) -> list[str]:
    """The ids of an English handout's exercises, in reading order."""
    return [b.id or f"{entry.slug}/{name_id(b.name)}" for _, b in steps_blocks(entry.handout.blocks)]


def library(project: Project, english: Project | None = None) -> Library:
    """Every exercise of *project*. A translation takes each block's id from *english*
    (its source), block by block; a block with its own `id:` keeps it."""
    sources = {e.slug: e for e in english.entries} if english is not None else {}
    exercises: list[Exercise] = []
    for entry in project.entries:
        source = sources.get(entry.slug)
        theirs = entry_ids(source) if source is not None else []
        for n, (path, block) in enumerate(steps_blocks(entry.handout.blocks)):
            given = block.id or (theirs[n] if n < len(theirs) else None)
            ident = given or f"{entry.slug}/{name_id(block.name)}"
            line = entry.loaded.line_of((*path, "id") if block.id else path)
            exercises.append(Exercise(ident, entry.slug, entry.file, line, block, entry))
    return Library(exercises, clashes(exercises))


def clashes(exercises: list[Exercise]) -> list[Problem]:
    """A problem for every exercise whose id an earlier one already has, naming both."""
    seen: dict[str, Exercise] = {}
    problems = []
    for e in exercises:
        first = seen.setdefault(e.id, e)
        if first is not e:
            problems.append(Problem(e.file, e.line, f"the exercise id '{e.id}' is also used at "
                                    f"{first.where}; give one of them its own 'id:'"))
    return problems
