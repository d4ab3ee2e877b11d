"""Personalized handouts for many clients at once, spread over every core.

The client list is a CSV file with a header row `name,note,date` (note and date optional).
Each client's handouts are built like `build --for`, in a pool of processes; a progress
callback reports each finished client. Clients who share a note and a date share one
layout of each handout (copies.py), so a batch costs little more than its clients' files.
Every file is written atomically, and Ctrl-C is held back (forking.Interrupts) until a
moment when nothing is half done: the workers finish the piece they are on (or, past a
grace period, are ended and their temporary files removed), the rest is cancelled, then
KeyboardInterrupt is raised. So stopping leaves finished files whole, no half-written ones,
and never hangs.
"""

from __future__ import annotations

import csv
import datetime as _dt
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path

from ..content.client import Client
from ..errors import ContentError, HandoutError, Problem, shown
from . import naming
from .copies import plain_name
from .forking import TICK, Interrupts, collector
from .request import Progress, Request

MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class Row:
    """One client from the CSV file, with its line for messages."""

    line: int
    client: Client
    day: _dt.date | None
    language: str = "en"


@dataclass
class BatchReport:
    """What a batch wrote, and the clients it could not make handouts for."""

    files: list[Path] = field(default_factory=list)
    clients: int = 0
    problems: list[Problem] = field(default_factory=list)


def read_clients(path: Path, display: str, languages: tuple[str, ...] = ("en",)) -> list[Row]:
    """The clients in a CSV file (header name,note,date,lang; all but name optional, lang
    one of *languages*); ContentError lists every bad row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError.single(display, None, f"cannot be read ({shown(exc)}); save it as "
                                  "UTF-8 text (CSV) with a header row: name,note,date") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "name" not in header or not set(header) <= {"name", "note", "date", "lang"}:
        raise ContentError.single(display, 1, "the first row must be the header name,note,date "
                                  "(note, date and lang may be left out)")
    reader.fieldnames = header
    rows, problems = [], []
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_CLIENTS:
            problems.append(Problem(display, number, f"more than {MAX_CLIENTS} clients; split "
                                    "the file"))
            break
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # a blank line
        try:
            client = Client.checked(record.get("name") or "", record.get("note") or "")
            raw_day = (record.get("date") or "").strip()
            day = _dt.date.fromisoformat(raw_day) if raw_day else None
            lang = (record.get("lang") or "").strip().lower() or "en"
            if lang not in languages:
                raise HandoutError(f"there are no handouts in the language '{shown(lang)}'; "
                                   f"the languages are: {', '.join(languages)}")
        except HandoutError as exc:
            problems.append(Problem(display, number, str(exc)))
            continue
        except ValueError:
            problems.append(Problem(display, number, f"'{shown(record.get('date'))}' is not a date "
                                    "like 2026-11-25"))
            continue
        rows.append(Row(number, client, day, lang))
    if problems:
        raise ContentError(problems)
    return rows


@dataclass
class _Job:
    """Clients handled together by one process: either one client, laid out in full, or
    several sharing a note and a date, laid out once (copies.py)."""

    rows: list[Row]
    shared: bool = False


@dataclass
class _Done:
    row: Row
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def plan(rows: list[Row], *, templated: bool, day: _dt.date, size: int) -> list[_Job]:
    """Group clients who can share a layout (same note, date and language, a plain name, a
    one-page handout that does not mention the client; *templated* says none can) into jobs
    of at most *size*; every other client is a job of its own."""
    groups: dict[tuple[str, _dt.date, str], list[Row]] = {}
    alone: list[_Job] = []
    for row in rows:
        if templated or not plain_name(row.client.name):
            alone.append(_Job([row]))
        else:
            groups.setdefault((row.client.note, row.day or day, row.language), []).append(row)
    jobs = []
    for members in groups.values():
        if len(members) == 1:
            alone.append(_Job(members))
            continue
        jobs += [_Job(members[i:i + size], shared=True) for i in range(0, len(members), size)]
    return jobs + alone


def _run(request: Request, job: _Job, day: _dt.date) -> list[_Done]:
    if job.shared:
        done = _shared(request.but(language=job.rows[0].language), job.rows,
                       job.rows[0].day or day)
        if done is not None:
            return done
    return [_one(request, row) for row in job.rows]


def _shared(request: Request, rows: list[Row], day: _dt.date) -> list[_Done] | None:
    from .copies import shared_copies
    from .outputs import inside, locked, write_atomic

    out_dir, variant = request.outputs.folder, naming.variant(request)
    files: list[tuple[Path, bytes]] = []
    done = [_Done(row) for row in rows]
    for slug in request.slugs or []:
        try:
            made = shared_copies(request, slug, [r.client for r in rows],
                                 note=rows[0].client.note, day=day)
        except ContentError as exc:
            for d in done:
                d.problems += [f"{p.file}: {p.message}" for p in exc.problems]
            continue
        except HandoutError as exc:
            for d in done:
                d.problems.append(str(exc))
            continue
        if made is None:
            return None  # they cannot share a layout after all: each is laid out in full
        title, copies = made
        for d, data in zip(done, copies, strict=True):
            path = inside(out_dir, naming.handout_path(out_dir, slug, title, d.row.client,
                                                       variant)).resolve()
            files.append((path, data))
            d.files.append(path)
    if any(d.problems for d in done):  # as for one client alone: all their handouts or none
        for d in done:
            d.files = []
        return done
    with locked(out_dir):
        for path, data in files:
            write_atomic(path, data)
    return done


def _lay_out_shared(request: Request, work: list[_Job], day: _dt.date,
                    ctrl_c: Interrupts) -> None:
    """Lay out each shared page once, here, before the workers fork and inherit it
    (stopping early on Ctrl-C)."""
    from ..pdf import pages as pdfpages  # noqa: F401  (pypdf, loaded once for all workers)
    from .copies import shared_base

    for note, when, lang in {(j.rows[0].client.note, j.rows[0].day or day, j.rows[0].language)
                             for j in work if j.shared}:
        for slug in request.slugs or []:
            if ctrl_c.hit:
                return
            with suppress(HandoutError):  # a problem is reported by the job itself
                shared_base(request.but(language=lang), slug, note, when)


def _one(request: Request, row: Row) -> _Done:
    from .pipeline import build

    done = _Done(row)
    client = row.client.on(row.day) if row.day else row.client
    one = request.but(client=client, language=row.language,  # one-off copies: no record
                      force=True, remember=False, jobs=1)
    try:
        report = build(one)
    except ContentError as exc:
        done.problems += [f"{p.file}: {p.message}" for p in exc.problems]
    except HandoutError as exc:
        done.problems.append(str(exc))
    else:
        done.files = [h.path for h in report.handouts if h.path is not None]
    return done


def build_batch(request: Request, rows: list[Row], display: str, *,
                progress: Progress | None = None) -> BatchReport:
    """Build the handouts *request* names for every row (client) of the file *display*,
    on the request's jobs processes (default: every core).

    Ctrl-C stops it cleanly: from the start the signal is held back (forking.Interrupts)
    and acted on before the next shared layout or piece of work; the pieces being worked on
    are finished (or, after forking.GRACE seconds, their workers are ended and any temporary
    file removed), the others cancelled, and then KeyboardInterrupt is raised. (Held back
    from the start, imports included: ReportLab has bare `except:` clauses, which swallow a
    KeyboardInterrupt raised inside them, and the batch would then carry on.)"""
    # thousands of clients: what each leaves in cycles is collected as it goes
    with collector(on=True), Interrupts() as ctrl_c:  # from here on, Ctrl-C only sets ctrl_c.hit
        return _build_batch(request, rows, display, progress, ctrl_c)


def _build_batch(request: Request, rows: list[Row], display: str, progress: Progress | None,
                 ctrl_c: Interrupts) -> BatchReport:
    from ..content.dates import source_date
    from ..content.project import handouts_folder, load_project
    from ..layout import render  # noqa: F401  (loaded once here; forked workers inherit it)
    from .copies import mentions_client
    from .forking import workers

    root, out_dir = request.root, request.outputs.folder
    # a mistake in the handouts stops the batch before it starts
    project = load_project(root, only=request.slugs)
    chosen = [e.slug for e in project.select(request.slugs)]
    request = request.but(handouts=tuple(chosen))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in
             [root / "layouts" / "brand.yaml",
              *(handouts_folder(root, lang) / f"{s}.yaml" for s in chosen
                for lang in {r.language for r in rows})] if p.is_file()]
    day = source_date() or _dt.date.today()
    count = workers(request.options.jobs, len(rows))
    # large print may take two pages, which a stamped copy of one page cannot be
    work = plan(rows, templated=mentions_client(*texts) or request.options.large_print, day=day,
                size=max(8, -(-len(rows) // (count * 4))))
    report = BatchReport()

    def collect(done: list[_Done]) -> None:
        for d in done:
            report.files += d.files
            report.problems += [Problem(display, d.row.line, m) for m in d.problems]
            report.clients += 1
        if progress:
            progress(report.clients, len(rows), "clients")

    run = partial(_run, request, day=day)
    if count == 1:  # no pool: simpler to follow, and what a 1-core benchmark measures
        for job in work:
            if ctrl_c.hit:  # each job writes its files whole: stop between two
                break
            collect(run(job))
    else:
        _lay_out_shared(request, work, day, ctrl_c)
        _on_pool(count, work, run, collect, ctrl_c, out_dir)
    return report  # on Ctrl-C, build_batch raises KeyboardInterrupt instead


def _on_pool(count: int, work: list[_Job], run: Callable[[_Job], list[_Done]],
             collect: Callable[[list[_Done]], None], ctrl_c: Interrupts, out_dir: Path) -> None:
    """Run every job of *work* on *count* forked workers, handing a few jobs per worker out
    at a time (so Ctrl-C has little to cancel), until all are done or ctrl_c.hit."""
    from .forking import pool, stop
    from .outputs import locked

    if ctrl_c.hit:
        return
    todo = iter(work)
    started: set[Future[list[_Done]]] = set()
    executor = pool(count)
    try:
        while not ctrl_c.hit:
            started |= {executor.submit(run, job) for job in islice(todo, 2 * count - len(started))}
            if not started:
                break
            # short waits, so Ctrl-C is seen soon; it never interrupts the wait itself
            finished, started = wait(started, timeout=TICK, return_when=FIRST_COMPLETED)
            for future in finished:
                collect(future.result())
    finally:
        if stop(executor, started):  # a worker was ended mid-piece: the lock's clean-up
            with locked(out_dir):    # removes any temporary file it left
                pass
