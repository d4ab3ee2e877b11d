"""A client's own home program: exercises from the library, this client's doses, one page.

`make` builds one (and keeps it for the client when asked: only ever under
out/clients/<name>/, as every personal file); `saved` lists a client's kept programs,
newest first; `rebuild` makes a kept one again, byte for byte; `exercises` is the library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.client import Client
from ..content.program import Dosed, Program, from_data
from ..errors import ContentError, OutputError, UsageError, shown

if TYPE_CHECKING:
    from ..content.exercises import Exercise

PROGRAMS = "programs"  # the folder of kept programs inside a client's folder
_ID = re.compile(r"^\d{8}-\d{6}-\d{6}-[0-9a-f]{8}$")  # when (to the microsecond), and a digest


@dataclass(frozen=True)
class ProgramRequest:
    """One program to make: the project, the output folder, the program, and whether to
    keep it for the client (*save*) or write its PDF to their folder (*write*, to hand over)."""

    root: Path
    out: Path
    program: Program
    save: bool = False
    write: bool = False


@dataclass
class MadeProgram:
    """A program made: its PDF, its file name, where it was written and kept, and each
    exercise as printed."""

    data: bytes
    name: str
    title: str
    day: _dt.date
    exercises: list[Dosed] = field(default_factory=list)
    path: Path | None = None
    saved_id: str | None = None
    pages: int = 1
    client: str = ""  # whom it is for

    def described(self) -> list[dict[str, Any]]:
        """Each exercise with the doses printed: the id, name and each dose (for history)."""
        return [{"id": d.exercise.id, "name": d.exercise.block.name,
                 **{k: d.changed.get(k) or getattr(d.exercise.block, k, None)
                    for k in ("hold", "repeat", "how_often")}, "note": d.changed.get("note")}
                for d in self.exercises]


def exercises(root: Path, language: str = "en") -> list[Exercise]:
    """Every exercise in *language*, in booklet order (a translation's carry their English ids)."""
    from ..content.exercises import library
    from ..content.project import load
    from .making import check_language

    language = check_language(root, language)
    english = load(root)
    if language == "en":
        return library(english).exercises
    return library(load(root, language), english).exercises


def program_from(data: dict[str, Any], client: Client, *, language: str = "en",
                 large_print: bool = False, grayscale: bool = False) -> Program:
    """A program from what a front door was given ({"title", "exercises"}), checked."""
    return from_data(data, client, language=language, large_print=large_print,
                     grayscale=grayscale)


def make(req: ProgramRequest) -> MadeProgram:
    """Build the program's PDF; with *save* keep it (the PDF and its record) in the
    client's folder, with *write* write the PDF there. ContentError for unknown ids,
    missing translations, or a page that cannot hold them (how many to remove)."""
    from ..content.dates import source_date
    from ..content.exercises import library
    from ..content.markup import isolate
    from ..content.program import resolve
    from ..content.project import load_project
    from ..content.words import words
    from ..layout.program import ProgramPage, render_program
    from .making import check_language

    program = req.program
    lang = check_language(req.root, program.language)
    day = program.client.day or source_date() or _dt.date.today()
    project = load_project(req.root, client=program.client, day=day, language=lang)
    english = load_project(req.root, client=program.client, day=day) if lang != "en" else None
    found = library(project, english)
    dosed = resolve(program, found, english=library(english) if english else None)
    said = words(req.root, lang)
    title = program.title or said["home_program"]
    layout = project.layouts[project.brand.default_layout]
    if program.large_print:
        layout = layout.for_large_print()
    page = ProgramPage(title, said.prepared_for(isolate(program.client.name), day),
                       program.client.note or None, tuple(d.block for d in dosed), day, layout,
                       program.grayscale)
    data = render_program(page, project.brand, req.root)
    made = MadeProgram(data, file_name(req.root, program), title, day, dosed,
                       pages=len(re.findall(rb"/Type /Page(?![a-zA-Z])", data)),
                       client=program.client.name)
    if req.save or req.write:
        _keep(req, made)
    return made


def file_name(root: Path, program: Program) -> str:
    """'Home program - for Paul Rivera.pdf', in the program's language and variant."""
    from ..content.words import words
    from ..press.naming import Variant, safe_file_name

    said = words(root, program.language)
    kind = Variant(program.grayscale, program.large_print, program.language,
                   {k: said[k] for k in ("for", "ink_saver", "large_print")})
    return safe_file_name(f"{said['home_program_file']} - {said['for']} {program.client.name}"
                          f"{kind.words_suffix()}") + ".pdf"


def _folder(out: Path, name: str) -> Path:
    from ..press.naming import client_slug

    return out / "clients" / client_slug(name)


def _keep(req: ProgramRequest, made: MadeProgram) -> None:
    """Write the PDF into the client's folder and, with *save*, the record to rebuild it."""
    from ..press.outputs import inside, locked, write_atomic

    out, program = req.out, req.program
    folder = _folder(out, program.client.name)
    record = None
    if req.save:
        when = _dt.datetime.now().astimezone()
        record = as_record(program, made.day)
        digest = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:8]
        made.saved_id = f"{when:%Y%m%d-%H%M%S-%f}-{digest}"
        record = {"id": made.saved_id, "when": when.isoformat(timespec="seconds"), **record}
    with locked(out):
        made.path = inside(out, folder / made.name)
        write_atomic(made.path, made.data)
        if record is not None:
            target = inside(out, folder / PROGRAMS / f"{made.saved_id}.json")
            write_atomic(target, json.dumps(record, ensure_ascii=False, indent=1).encode())


def as_record(program: Program, day: _dt.date) -> dict[str, Any]:
    """What is kept of a program: enough to make it again exactly."""
    return {"title": program.title, "lang": program.language,
            "client": {"name": program.client.name, "note": program.client.note,
                       "date": day.isoformat()},
            "large_print": program.large_print, "grayscale": program.grayscale,
            "exercises": [c.as_dict() for c in program.exercises]}


def saved(out: Path, client: str) -> list[dict[str, Any]]:
    """The programs kept for *client*, newest first: id, when, title, lang, exercises."""
    records = []
    for path in (_folder(out, client) / PROGRAMS).glob("*.json"):
        try:
            row = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged record is skipped, never fatal
        if isinstance(row, dict) and _ID.match(str(row.get("id", ""))):
            records.append(row)
    records.sort(key=lambda r: (str(r.get("when", "")), str(r["id"])), reverse=True)
    return [{k: r.get(k) for k in ("id", "when", "title", "lang", "exercises", "client",
                                   "large_print", "grayscale")} for r in records]


def rebuild(root: Path, out: Path, program_id: str) -> MadeProgram:
    """A kept program made again from its record (the same bytes, while the handouts are
    unchanged); UsageError when there is no such program."""
    if not _ID.match(program_id):
        raise UsageError(f"there is no program '{shown(program_id)}'")
    found = sorted((out / "clients").glob(f"*/{PROGRAMS}/{program_id}.json"))
    if not found:
        raise UsageError(f"there is no program '{shown(program_id)}'")
    try:
        row = json.loads(found[0].read_text(encoding="utf-8"))
        who = row["client"]
        client = Client.checked(who["name"], who.get("note") or "",
                                _dt.date.fromisoformat(who["date"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{found[0]}: the kept program cannot be read ({exc})") from None
    program = program_from(row, client, language=str(row.get("lang") or "en"),
                           large_print=bool(row.get("large_print")),
                           grayscale=bool(row.get("grayscale")))
    return make(ProgramRequest(root, out, program))


def picture_of(req: ProgramRequest, dpi: int = 50) -> list[bytes]:
    """The program's pages as PNG pictures (ContentError as `make` says it)."""
    from ..authoring.preview import pdf_pngs

    return pdf_pngs(make(req).data, dpi)


def to_remove(exc: ContentError) -> int | None:
    """How many exercises a "does not fit" error says to remove (None: another error)."""
    found = re.search(r"does not fit .*: remove (\d+) exercise", str(exc))
    return int(found.group(1)) if found else None


def picture(root: Path, exercise_id: str, language: str = "en") -> bytes:
    """Exercise *exercise_id*'s picture as PNG; UsageError when it has none."""
    from ..authoring.preview import pdf_pngs
    from ..layout.program import picture_pdf

    found = {e.id: e for e in exercises(root, language)}.get(exercise_id)
    if found is None or not found.block.image:
        raise UsageError(f"there is no picture for exercise '{shown(exercise_id)}'")
    return pdf_pngs(picture_pdf(root, found.block.image, found.file, language), 144)[0]


FILE_KEYS = ("title", "for", "note", "date", "lang", "large_print", "grayscale", "exercises")


def read_program(path: Path, *, client: Client | None = None, language: str | None = None,
                 large_print: bool = False, grayscale: bool = False) -> Program:
    """A program from a small YAML file (see docs/format.md): its exercises, and its title,
    client, note, date and language unless the command line gives them. Every problem
    names the file (and the line, where it can)."""
    from ..content.yamlload import load_yaml_file

    shown_as = str(path)
    loaded = load_yaml_file(path, shown_as)
    data = loaded.data
    if not isinstance(data, dict):
        raise ContentError.single(shown_as, None, "a program is a mapping with 'exercises' (and "
                                  "'title', 'for', 'note', 'date', 'lang' if you like)")
    unknown = [k for k in data if k not in FILE_KEYS]
    if unknown:
        raise ContentError.single(shown_as, loaded.line_of((unknown[0],)),
                                  f"'{shown(str(unknown[0]))}' is not part of a program; use "
                                  f"{', '.join(FILE_KEYS)}")
    if client is None:
        if not isinstance(data.get("for"), str):
            raise UsageError(f"{shown_as}: say whom the program is for: 'for: NAME' in the file, "
                             "or --for NAME")
        day = data.get("date")
        client = Client.checked(data["for"], str(data.get("note") or ""),
                                day if isinstance(day, _dt.date) else None)
    lang = language or str(data.get("lang") or "en")  # checked when it is made
    try:
        return program_from(data, client, language=lang,
                            large_print=large_print or data.get("large_print") is True,
                            grayscale=grayscale or data.get("grayscale") is True)
    except ContentError as exc:
        raise in_file(exc, shown_as, loaded.line_of(("exercises",))) from None


def in_file(exc: ContentError, file: str, line: int | None = None) -> ContentError:
    """*exc* with the problems it found in a program said as being in *file* (at *line*)."""
    from ..errors import Problem

    return ContentError([Problem(file, line, p.message) if p.file == "program" else p
                         for p in exc.problems])
