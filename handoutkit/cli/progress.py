"""A small progress bar on standard error, for commands that handle many files.

It draws only when the stream is a terminal and there are more than a few files, and it
erases itself when done, so the lines a command prints afterwards stay clean. Commands
pass it to pipeline.build(progress=...); it writes to its stream and nowhere else.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TextIO

MIN_FILES = 4  # fewer than this finish too quickly for a bar to help
WIDTH = 28


class ProgressBar:
    """Call with (done, total, what) after each step; use as a context manager."""

    def __init__(self, stream: TextIO | None = None, *, min_files: int = MIN_FILES,
                 force: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.min_files = min_files
        self.enabled = force or _is_terminal(self.stream)
        self._shown = 0  # length of the line on screen, to erase it

    def __call__(self, done: int, total: int, what: str = "") -> None:
        """Show that *done* of *total* files are handled, the last being *what*."""
        if not self.enabled or total < self.min_files:
            return
        filled = round(WIDTH * done / total) if total else WIDTH
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {what}"[:79]
        self._write("\r" + line.ljust(self._shown))
        self._shown = len(line)
        if done >= total:
            self.clear()

    def clear(self) -> None:
        """Erase the bar, leaving the cursor at the start of an empty line."""
        if self._shown:
            self._write("\r" + " " * self._shown + "\r")
            self._shown = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal is no reason to fail
            self.enabled = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.clear()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
