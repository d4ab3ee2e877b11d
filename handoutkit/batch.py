"""Personalized handouts for many clients at once, spread over every core.

The client list is a CSV file with a header row `name,note,date` (note and date optional).
Each client's handouts are built like `build --for`, in a pool of processes; a progress
callback reports each finished client. Every file is written atomically, so stopping with
Ctrl-C leaves finished files whole and no half-written ones.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from .client import Client
from .errors import ContentError, HandoutError, Problem, shown

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


def _one(root: Path, out_dir: Path, slugs: list[str] | None, row: Row,
         grayscale: bool) -> list[Path]:
    from .pipeline import build

    report = build(root, out_dir, slugs, client=row.client, day=row.day, grayscale=grayscale,
                   force=True, remember=False, jobs=1)  # one-off personal copies: no build record
    return [h.path for h in report.handouts if h.path is not None]


def build_batch(root: Path, out_dir: Path, slugs: list[str] | None, rows: list[Row],
                display: str, *, jobs: int | None = None, grayscale: bool = False,
                progress: Callable[[int, int, str], None] | None = None) -> BatchReport:
    """Build the handouts for every row, on *jobs* processes (default: every core)."""
    from .project import load_project

    # a mistake in the handouts stops the batch before it starts
    load_project(root, only=slugs).select(slugs)
    report = BatchReport()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(rows) or 1))
    if jobs == 1:  # no pool: simpler to follow, and what a 1-core benchmark measures
        for row in rows:
            _collect(report, row, display, lambda r=row: _one(root, out_dir, slugs, r, grayscale))
            if progress:
                progress(report.clients, len(rows), "clients")
        return report
    from . import render  # noqa: F401  (loaded once here; forked workers inherit it)
    from .parallel import pool as make_pool

    with make_pool(jobs) as pool:
        pending: dict[Future[list[Path]], Row] = {
            pool.submit(_one, root, out_dir, slugs, row, grayscale): row for row in rows}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    row = pending.pop(future)
                    _collect(report, row, display, future.result)
                    if progress:
                        progress(report.clients, len(rows), "clients")
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return report


def _collect(report: BatchReport, row: Row, display: str,
             result: Callable[[], list[Path]]) -> None:
    try:
        report.files += result()
    except ContentError as exc:
        report.problems += [Problem(display, row.line, f"{p.file}: {p.message}") for p in exc.problems]
    except HandoutError as exc:
        report.problems.append(Problem(display, row.line, str(exc)))
    report.clients += 1
