"""Personalized handouts for many clients at once, spread over every core.

The client list is a CSV file with a header row `name,note,date` (note and date optional).
Each client's handouts are built like `build --for`, in a pool of processes; a progress
callback reports each finished client. Clients who share a note and a date share one
layout of each handout (copies.py), so a batch costs little more than its clients' files.
Every file is written atomically, so stopping with Ctrl-C leaves finished files whole and
no half-written ones.
"""

from __future__ import annotations

import csv
import datetime as _dt
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from . import naming
from ..content.client import Client
from .copies import plain_name
from .request import Progress, Request
from ..errors import ContentError, HandoutError, Problem, shown

MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class Row:
    """One client from the CSV file, with its line for messages."""

    line: int
    client: Client
    day: _dt.date | None


@dataclass
class BatchReport:
    """What a batch wrote, and the clients it could not make handouts for."""

    files: list[Path] = field(default_factory=list)
    clients: int = 0
    problems: list[Problem] = field(default_factory=list)


def read_clients(path: Path, display: str) -> list[Row]:
    """The clients in a CSV file; ContentError lists every bad row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError.single(display, None, f"cannot be read ({shown(exc)}); save it as "
                                  "UTF-8 text (CSV) with a header row: name,note,date") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "name" not in header or not set(header) <= {"name", "note", "date"}:
        raise ContentError.single(display, 1, "the first row must be the header name,note,date "
                                  "(note and date may be left out)")
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
        except HandoutError as exc:
            problems.append(Problem(display, number, str(exc)))
            continue
        except ValueError:
            problems.append(Problem(display, number, f"'{shown(record.get('date'))}' is not a date "
                                    "like 2026-11-25"))
            continue
        rows.append(Row(number, client, day))
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
    """Group clients who can share a layout (same note and date, a plain name, a handout
    that does not mention the client) into jobs of at most *size*; every other client
    is a job of its own."""
    groups: dict[tuple[str, _dt.date], list[Row]] = {}
    alone: list[_Job] = []
    for row in rows:
        if templated or not plain_name(row.client.name):
            alone.append(_Job([row]))
        else:
            groups.setdefault((row.client.note, row.day or day), []).append(row)
    jobs = []
    for members in groups.values():
        if len(members) == 1:
            alone.append(_Job(members))
            continue
        jobs += [_Job(members[i:i + size], shared=True) for i in range(0, len(members), size)]
    return jobs + alone


def _run(root: Path, out_dir: Path, slugs: list[str], job: _Job, day: _dt.date,
         grayscale: bool) -> list[_Done]:
    if job.shared:
        done = _shared(root, out_dir, slugs, job.rows, job.rows[0].day or day, grayscale)
        if done is not None:
            return done
    return [_one(root, out_dir, slugs, row, grayscale) for row in job.rows]


def _shared(root: Path, out_dir: Path, slugs: list[str], rows: list[Row], day: _dt.date,
            grayscale: bool) -> list[_Done] | None:
    from .copies import shared_copies
    from .outputs import inside, locked, write_atomic

    files: list[tuple[Path, bytes]] = []
    done = [_Done(row) for row in rows]
    for slug in slugs:
        try:
            made = shared_copies(root, slug, [r.client for r in rows], note=rows[0].client.note,
                                 day=day, grayscale=grayscale)
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
                                                       grayscale=grayscale)).resolve()
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


def _lay_out_shared(root: Path, slugs: list[str], work: list[_Job], day: _dt.date,
                    grayscale: bool) -> None:
    """Lay out each shared page once, here, before the workers fork and inherit it."""
    from ..pdf import pages as pdfpages  # noqa: F401  (pypdf, loaded once for all workers)
    from .copies import shared_base

    for key in {(j.rows[0].client.note, j.rows[0].day or day) for j in work if j.shared}:
        for slug in slugs:
            with suppress(HandoutError):  # a problem is reported by the job itself
                shared_base(root, slug, key[0], key[1], grayscale)


def _one(root: Path, out_dir: Path, slugs: list[str], row: Row, grayscale: bool) -> _Done:
    from .pipeline import build
    from .request import Options, Outputs, Request

    done = _Done(row)
    client = row.client.on(row.day) if row.day else row.client
    request = Request(root=root, outputs=Outputs(folder=out_dir), handouts=tuple(slugs),
                      client=client,  # one-off personal copies: no build record
                      options=Options(grayscale=grayscale, force=True, remember=False, jobs=1))
    try:
        report = build(request)
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
    on the request's jobs processes (default: every core)."""
    from ..layout import render  # noqa: F401  (loaded once here; forked workers inherit it)
    from .copies import mentions_client
    from .forking import pool as make_pool
    from .forking import workers
    from ..content.dates import source_date
    from ..content.project import load_project

    root, out_dir, slugs = request.root, request.outputs.folder, request.slugs
    jobs, grayscale = request.options.jobs, request.options.grayscale
    # a mistake in the handouts stops the batch before it starts
    project = load_project(root, only=slugs)
    chosen = [e.slug for e in project.select(slugs)]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in
             [root / "layouts" / "brand.yaml", *(root / "handouts" / f"{s}.yaml" for s in chosen)]]
    day = source_date() or _dt.date.today()
    count = workers(jobs, len(rows))
    work = plan(rows, templated=mentions_client(*texts), day=day,
                size=max(8, -(-len(rows) // (count * 4))))
    report = BatchReport()

    def collect(done: list[_Done]) -> None:
        for d in done:
            report.files += d.files
            report.problems += [Problem(display, d.row.line, m) for m in d.problems]
            report.clients += 1
        if progress:
            progress(report.clients, len(rows), "clients")

    if count == 1:  # no pool: simpler to follow, and what a 1-core benchmark measures
        for job in work:
            collect(_run(root, out_dir, chosen, job, day, grayscale))
        return report
    _lay_out_shared(root, chosen, work, day, grayscale)
    with make_pool(count) as pool:
        pending: set[Future[list[_Done]]] = {
            pool.submit(_run, root, out_dir, chosen, job, day, grayscale) for job in work}
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    collect(future.result())
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return report
