"""Fitting and drawing handouts on every core, and the booklet put together meanwhile.

Workers are forked from the build after it has loaded the project and ReportLab, so they
start with everything in memory and no imports of their own. Each returns only the scale
it found and the finished PDF; the problems of every handout are still gathered and
reported together. Where processes cannot be forked (not Linux), or there is one handout
or one core, the work is done in the build's own process, with the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ContentError, Problem, UsageError
from .forking import pool, workers

if TYPE_CHECKING:
    import datetime as _dt

    from ..content.project import Project
    from ..layout.render import Fitted
    from .cache import Entry
    from .request import Progress

# What the forked workers inherit: set just before the pool starts, read only in workers.
_work: tuple[object, list, bool] | None = None  # (project, sources, keep_pdf)


@dataclass
class _Done:
    index: int
    scale: float = 1.0
    pdf: bytes | None = None
    problems: list[Problem] | None = None
    usage: str | None = None


def _fit_one(index: int) -> _Done:
    from ..layout.fitting import fit_sources

    assert _work is not None
    project, sources, keep_pdf = _work
    try:
        (fitted,) = fit_sources(project, [sources[index]], keep_pdf=keep_pdf)  # type: ignore[arg-type]
    except ContentError as exc:
        return _Done(index, problems=exc.problems)
    except UsageError as exc:
        return _Done(index, usage=str(exc))
    return _Done(index, fitted.theme.scale, fitted.pdf)


Ready = Callable[[], Iterator["tuple[object, Fitted | None]"]]


@contextmanager
def fitting(project: object, sources: list, *, keep_pdf: bool,
            jobs: int | None = None) -> Iterator[Ready]:
    """Start fitting *sources* on a pool. The block gets a function whose iterator gives
    (source, Fitted or None if it failed) in order, each as soon as it is ready, and at the
    end raises UsageError, or ContentError with every problem, if any failed.

    The build's own process is free meanwhile (the booklet is put together then).
    """
    count = workers(jobs, len(sources))
    if count == 1:
        yield lambda: _in_order(project, sources, (_fit_here(project, s, keep_pdf) for s in sources))
        return
    global _work
    _work = (project, sources, keep_pdf)
    executor = pool(count)
    try:
        order = _order([_weight(project, s) for s in sources])
        submitted = {i: executor.submit(_fit_one, i) for i in order}
        futures: list[Future[_Done]] = [submitted[i] for i in range(len(sources))]
        yield lambda: _in_order(project, sources, (f.result() for f in futures))
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        executor.shutdown(wait=True)
        _work = None


def _order(weights: list[int]) -> list[int]:
    """The order to lay handouts out in: the heavy ones first (half as heavy again as the
    middle one, or more), so no worker is left with one of them at the end; then the rest
    in booklet order, so the booklet takes each as it comes instead of waiting for its
    first pages until the very end."""
    middle = sorted(weights)[len(weights) // 2] if weights else 0
    heavy = sorted((i for i, w in enumerate(weights) if w >= 1.5 * middle),
                   key=lambda i: -weights[i])
    return heavy + [i for i in range(len(weights)) if i not in heavy]


def _weight(project: object, source: object) -> int:
    """About how long a handout takes to lay out: its text and its pictures' files."""
    root = project.root  # type: ignore[attr-defined]
    names = [source.file]  # type: ignore[attr-defined]
    for block in _blocks(source.handout.blocks):  # type: ignore[attr-defined]
        # a picture block's file, and an exercise's picture
        names += ["images/" + name for name in (getattr(block, "file", None),
                                                getattr(block, "image", None)) if isinstance(name, str)]
    total = 0
    for name in names:
        with suppress(OSError):
            total += (root / name).stat().st_size
    return total


def _blocks(blocks: list) -> Iterator[object]:
    for block in blocks:
        yield block
        for side in ("left", "right"):
            yield from _blocks(getattr(block, side, None) or [])


def _fit_here(project: object, source: object, keep_pdf: bool) -> _Done:
    from ..layout.fitting import fit_sources

    try:
        (fitted,) = fit_sources(project, [source], keep_pdf=keep_pdf)  # type: ignore[arg-type]
    except ContentError as exc:
        return _Done(0, problems=exc.problems)
    except UsageError as exc:
        return _Done(0, usage=str(exc))
    return _Done(0, fitted.theme.scale, fitted.pdf)


def _in_order(project: object, sources: list,
              done: Iterator[_Done]) -> Iterator[tuple[object, Fitted | None]]:
    from ..layout.render import Fitted
    from ..layout.theme import Theme

    usage, problems = None, []
    brand, root = project.brand, project.root  # type: ignore[attr-defined]
    for source, d in zip(sources, done, strict=True):
        if d.usage or d.problems:
            usage = usage or d.usage
            problems += d.problems or []
            yield source, None
            continue
        yield source, Fitted(source, Theme(brand, source.layout, root, d.scale,
                                           grayscale=source.grayscale), d.pdf)
    if usage:
        raise UsageError(usage)
    if problems:
        raise ContentError(problems)


@dataclass
class Work:
    """What to lay out: every source in booklet order, the *stale* ones to fit now, and the
    files and scales of the others."""

    sources: list
    stale: list
    fresh: dict[str, Entry | None]
    kept: dict[str, bytes]
    keep_pdf: bool = True
    jobs: int | None = None
    booklet: bool = False  # put the booklet together as the pages come in
    day: _dt.date | None = None
    grayscale: bool = False
    prepared: str | None = None  # the "Prepared for" line of a client's pages


def lay_out(project: Project, work: Work,
            progress: Progress | None) -> tuple[list, tuple[bytes, int] | None]:
    """Fit the stale handouts (on every core) and, as each comes in, put the booklet
    together; the fitted handouts, in order, and the booklet with its page count.
    *progress* hears of each handout laid out, and of the booklet. In large print a
    handout may take two pages, so the booklet waits until every page count is known."""
    from ..layout.render import Fitted, render_one
    from ..layout.theme import Theme

    fitted: list = []
    made = None
    later = any(s.layout.large_print for s in work.sources)
    with fitting(project, work.stale, keep_pdf=work.keep_pdf, jobs=work.jobs) as ready:
        draft = assembler = None
        if work.booklet and not later:  # its own pages are drawn while the workers lay out
            draft, assembler = _start_booklet(project, work, None)
        coming = ready()
        renew = {s.slug for s in work.stale}
        total, done, failed = len(work.stale) + work.booklet, 0, False
        for s in work.sources:
            if s.slug in renew:
                _, f = next(coming)
                done += 1
                if progress:
                    progress(done, total, s.slug)
            else:  # unchanged pages keep the scale they were fitted at
                entry = work.fresh.get(s.slug)
                f = Fitted(s, Theme(project.brand, s.layout, project.root,
                                    entry.scale if entry else 1.0, grayscale=work.grayscale),
                           work.kept.get(s.slug))
            failed = failed or f is None  # then no booklet; every problem is raised below
            if not failed and assembler is not None:
                assembler.add(render_one(f))
            fitted.append(f)
        for _ in coming:  # raises here, with every problem, if any handout failed
            pass
        if work.booklet and later and not failed:
            pdfs = [render_one(f) for f in fitted]
            draft, assembler = _start_booklet(project, work, [_pages(p) for p in pdfs])
            for pdf in pdfs:
                assembler.add(pdf)
        if draft is not None and assembler is not None and not failed:
            from ..pdf.booklet import finish_booklet

            made = finish_booklet(draft, assembler), draft.total
            if progress:
                progress(total, total, "booklet")
    return fitted, made


def _start_booklet(project: Project, work: Work, pages: list[int] | None) -> tuple:
    """The booklet's own pages drawn (with each handout's page count, when known), and an
    assembler waiting for the handouts."""
    from ..pdf.booklet import draft_booklet, start_booklet

    draft = draft_booklet(project, work.sources, day=work.day,
                          grayscale=work.grayscale, prepared_for=work.prepared, pages=pages)
    return draft, start_booklet(draft)


def _pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
