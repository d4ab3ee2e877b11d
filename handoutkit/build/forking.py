"""Forked worker processes: where they can be used, how many, and ending with the build."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def die_with_parent(parent: int) -> None:
    """In a worker: end when the build that started it ends, even if it is killed
    (otherwise a worker waiting for work would wait for ever, holding the terminal), and
    leave Ctrl-C to the build, which stops its workers cleanly after their current piece."""
    import signal

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


def can_fork() -> bool:
    """Whether work can go to forked processes: on Linux. (macOS can fork, but a process
    that has touched some system frameworks may crash when it does; Windows cannot.)"""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def workers(jobs: int | None, tasks: int) -> int:
    """How many processes to use for *tasks* pieces of work (1: no pool)."""
    if not can_fork():
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, tasks))
