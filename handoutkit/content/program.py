"""A home program: exercises from the library, in the therapist's order, with this client's
doses. Checked here (ids, overrides) before anything is laid out.

Overrides are what the therapist typed for one client: at most one line of 60 characters,
never markup, printed exactly as typed (as a client's name is). An empty override keeps
the exercise's own dose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ContentError, Problem, shown
from .client import Client
from .exercises import Exercise, Library
from .markup import protect
from .model import Short, Steps
from .validation import did_you_mean

MAX_EXERCISES = 12
MAX_OVERRIDE = 60
DOSES = ("hold", "repeat", "how_often")
OVERRIDES = (*DOSES, "note")
MAX_TITLE = 80
_BREAKS = re.compile(r"[\r\n\v\f\u0085\u2028\u2029]")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|&#?\w+;|\{\{|\}\}|\{%|%\}")


@dataclass(frozen=True)
class Chosen:
    """One exercise of a program and this client's doses (None: the exercise's own)."""

    id: str
    hold: str | None = None
    repeat: str | None = None
    how_often: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """As it is saved and shown: the id and every override."""
        return {"id": self.id, **{k: getattr(self, k) for k in OVERRIDES}}


@dataclass(frozen=True)
class Program:
    """A title, a client, a language, and the exercises in order."""

    client: Client
    exercises: tuple[Chosen, ...]
    title: str | None = None  # None: the language's "Your home program"
    language: str = "en"
    large_print: bool = False
    grayscale: bool = False


class ProgramSteps(Steps):
    """An exercise as a program prints it: its steps block, and a note for this client."""

    note: Short | None = None


@dataclass(frozen=True)
class Dosed:
    """One exercise as this program prints it: its block with the doses put in place."""

    exercise: Exercise
    block: Any  # content.model.Steps with this client's doses (protected from markup)
    note: str | None = None  # protected from markup
    changed: dict[str, str] = field(default_factory=dict)  # the overrides, as typed


def override(value: object, what: str) -> str | None:
    """One typed override: None when empty (the default stays), else the text as typed;
    ContentError when it breaks a line, holds markup, or is too long."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ContentError.single("program", None, f"{what} must be text")
    if _BREAKS.search(value):
        raise ContentError.single("program", None, f"{what} holds a line break; keep it to one line")
    text = value.strip()
    if _MARKUP.search(text):
        raise ContentError.single("program", None, f"{what} holds markup ('{shown(text, 30)}'); "
                                  "type plain words, they are printed exactly as typed")
    if len(text) > MAX_OVERRIDE:
        raise ContentError.single("program", None, f"{what} is {len(text)} characters long; "
                                  f"keep it to {MAX_OVERRIDE}")
    return text or None


def chosen(item: dict[str, Any], n: int) -> Chosen:
    """One exercise of a program from what a front door was given (a dict with 'id' and
    any overrides); ContentError saying what to change."""
    ident = item.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise ContentError.single("program", None, f"exercise {n} has no id")
    unknown = sorted(set(item) - {"id", *OVERRIDES})
    if unknown:
        raise ContentError.single("program", None, f"exercise {n} has '{shown(unknown[0])}', which "
                                  f"a program does not know; use {', '.join(OVERRIDES)}")
    values = {k: override(item.get(k), f"the {k.replace('_', ' ')} of exercise {n}")
              for k in OVERRIDES}
    return Chosen(ident.strip(), **values)


def checked_title(title: object) -> str | None:
    """The program's title as typed, or None (the language's own "Your home program");
    one plain line of at most MAX_TITLE characters."""
    if title is None:
        return None
    if not isinstance(title, str) or _BREAKS.search(title) or _MARKUP.search(title) \
            or len(title.strip()) > MAX_TITLE:
        raise ContentError.single("program", None, "the title must be one line of plain words, "
                                  f"at most {MAX_TITLE} characters")
    return " ".join(title.split()) or None


def checked_exercises(items: list[Chosen]) -> tuple[Chosen, ...]:
    """The exercises, at least one and at most MAX_EXERCISES."""
    if not items:
        raise ContentError.single("program", None, "a program needs at least one exercise")
    if len(items) > MAX_EXERCISES:
        raise ContentError.single("program", None, f"a program holds at most {MAX_EXERCISES} "
                                  f"exercises on its page; this one has {len(items)}: remove "
                                  f"{len(items) - MAX_EXERCISES}")
    return tuple(items)


def resolve(program: Program, found: Library, *, english: Library | None = None) -> list[Dosed]:
    """Each exercise of *program* from *found* (the library in its language) with this
    client's doses; ContentError naming every unknown id (with a did-you-mean), and every
    exercise that has no translation yet (known in *english*)."""
    ids = found.by_id()
    known_en = english.by_id() if english is not None else {}
    problems: list[Problem] = []
    dosed: list[Dosed] = []
    for c in program.exercises:
        exercise = ids.get(c.id)
        if exercise is None:
            if c.id in known_en:
                en = known_en[c.id]
                problems.append(Problem(f"handouts/{program.language}/{en.handout}.yaml", None,
                                        f"the exercise '{c.id}' has no translation into "
                                        f"'{program.language}' yet; translate {en.file}, or "
                                        "leave it out of this program"))
            else:
                problems.append(Problem("program", None, f"there is no exercise '{shown(c.id)}'"
                                        f"{did_you_mean(c.id, sorted(ids))}; 'make_handouts.py "
                                        "exercises' lists them"))
            continue
        changes = {k: getattr(c, k) for k in DOSES if getattr(c, k)}
        fields = {k: getattr(exercise.block, k) for k in Steps.model_fields}
        block = ProgramSteps.model_construct(**{**fields, **{k: protect(v) for k, v in
                                                             changes.items()}},
                                             note=protect(c.note) if c.note else None)
        dosed.append(Dosed(exercise, block, block.note,
                           {**changes, **({"note": c.note} if c.note else {})}))
    if problems:
        raise ContentError(problems)
    return dosed


def from_data(data: dict[str, Any], client: Client, *, language: str = "en",
              large_print: bool = False, grayscale: bool = False) -> Program:
    """A program from a plain mapping ({"title", "exercises": [{"id", ...}]}), checked."""
    items = data.get("exercises")
    if not isinstance(items, list):
        raise ContentError.single("program", None, "'exercises' must be a list of exercises, "
                                  "each with an 'id'")
    checked_exercises([Chosen("-")] * len(items))  # the count first: 12 at most
    exercises = [chosen(i if isinstance(i, dict) else {"id": i}, n)
                 for n, i in enumerate(items, 1)]
    return Program(client, checked_exercises(exercises), checked_title(data.get("title")),
                   language, large_print, grayscale)
