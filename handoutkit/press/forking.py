"""Forked worker processes: where they can be used, how many, ending with the build, and
stopping them cleanly on Ctrl-C; and Python's cycle collector around the work."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any

GRACE = 3.0  # seconds the pieces being worked on get to finish after Ctrl-C
TICK = 0.1  # how often a build waiting for its workers looks for Ctrl-C, in seconds


def die_with_parent(parent: int) -> None:
    """In a worker: end when the build that started it ends, even if it is killed
    (otherwise a worker waiting for work would wait for ever, holding the terminal), and
    leave Ctrl-C to the build, which stops its workers cleanly after their current piece."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it was already gone before the line above took effect
        os._exit(1)


def pool(count: int) -> ProcessPoolExecutor:
    """A pool of *count* forked workers that end with the process that made them."""
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


class Interrupts:
    """Ctrl-C held back while a block runs: use as ``with Interrupts() as ctrl_c:``.

    Python raises KeyboardInterrupt wherever the main thread happens to be: inside
    concurrent.futures while it holds a future's lock (the pool's shutdown then waits for
    that lock for ever), or inside one of ReportLab's bare `except:` clauses (which swallow
    it: the build carries on). Inside the block, SIGINT only sets ``ctrl_c.hit``, which the
    block checks at moments when nothing is half done (between short waits, between pieces
    of work) to stop early; when the block ends, the handler that was there before is back,
    and a Ctrl-C that arrived meanwhile is raised as KeyboardInterrupt.

    Outside the main thread it changes nothing (Python handles signals only there), nor
    when SIGINT is ignored or not handled by Python. Processes forked inside the block
    inherit the held-back handler until they set their own (die_with_parent ignores SIGINT).
    """

    def __init__(self) -> None:
        self.hit = False
        self._previous: Callable[[int, FrameType | None], Any] | None = None

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)
            if callable(previous):
                self._previous = previous
                signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.hit = True  # only this: a handler may run between any two steps of the block

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self.hit and exc_type is None:
            raise KeyboardInterrupt


def stop(executor: ProcessPoolExecutor, started: set[Future[Any]], *,
         grace: float = GRACE) -> bool:
    """Shut *executor* down without running more work: cancel every future of *started*
    that has not begun, give the pieces being worked on *grace* seconds to finish (each
    writes its files whole), end the workers still busy after that, and wait for the pool's
    own threads. True if a worker was ended in the middle of a piece: it may have left a
    temporary file, which the caller removes (outputs.clean_stale_temps, under the lock).

    Call it where a Ctrl-C cannot raise (inside Interrupts), or it may hang like the wait.
    """
    for future in started:
        future.cancel()
    _, busy = wait(started, timeout=grace)
    if busy:
        for process in list((executor._processes or {}).values()):
            process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)
    return bool(busy)


def can_fork() -> bool:
    """Whether work can go to forked processes: on Linux. (macOS can fork, but a process
    that has touched some system frameworks may crash when it does; Windows cannot.)"""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def workers(jobs: int | None, tasks: int) -> int:
    """How many processes to use for *tasks* pieces of work (1: no pool)."""
    if not can_fork():
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, tasks))


# Who wants the cycle collector how, now: builds that pause it, batches that keep it on
# (the desk runs requests on threads, so several may overlap), and what the process had
# chosen before the first of them began.
_collector_lock = threading.Lock()
_pausing = 0
_keeping = 0
_chosen = True


@contextmanager
def collector(*, on: bool) -> Iterator[None]:
    """Python's cycle collector on or off while the block runs (and in the processes it
    forks); once no such block is running, as the process had chosen.

    A build pauses it: a build makes a great many short-lived objects, which reference
    counting frees as it goes, and the collector would rescan every library's objects over
    and over besides, a tenth of the build's time; what a build leaves in cycles is a few
    megabytes, freed by the next collection after it in a process that goes on running (the
    desk, watch). A batch of clients keeps it on, between clients: thousands of copies would
    otherwise keep what each left. When blocks overlap (the desk's threads), on wins."""
    global _pausing, _keeping, _chosen
    with _collector_lock:
        if not (_pausing or _keeping):
            _chosen = gc.isenabled()
        if on:
            _keeping += 1
        else:
            _pausing += 1
        (gc.enable if _keeping else gc.disable)()
    try:
        yield
    finally:
        with _collector_lock:
            if on:
                _keeping -= 1
            else:
                _pausing -= 1
            wanted = _chosen if not (_pausing or _keeping) else bool(_keeping)
            (gc.enable if wanted else gc.disable)()
