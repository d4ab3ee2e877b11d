"""Every exception the tool raises on purpose lives here.

The CLI turns these into one-line messages and exit codes; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def one_line(text: str) -> str:
    """*text* as one printable line: line breaks, tabs and control characters (which could
    split a message or drive the terminal) are shown as escapes like \\n."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def shown(value: object, limit: int = 60) -> str:
    """A value someone typed, for quoting in a message: one line, at most *limit* characters."""
    text = one_line(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@dataclass(frozen=True)
class Problem:
    """One content problem: where it is and what to do about it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return one_line(f"{where}: {self.message}")


class HandoutError(Exception):
    """Base class for every error the tool reports to the user (one line when printed)."""

    def __str__(self) -> str:
        return one_line(super().__str__())


class ContentError(HandoutError):
    """One or more problems in the files a person edits (handouts, layouts, images)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)  # one line per problem

    @classmethod
    def single(cls, file: str | Path, line: int | None, message: str) -> ContentError:
        """Make an error that carries exactly one problem."""
        return cls([Problem(str(file), line, message)])


class FitError(HandoutError):
    """A handout does not fit on one page even at the smallest readable type size."""

    def __init__(self, file: str, words_over: int) -> None:
        self.file = file
        self.words_over = words_over
        super().__init__(
            f"{file}: does not fit on one page even with smaller type; "
            f"cut about {words_over} words (or drop a picture) and build again"
        )


class OutputError(HandoutError):
    """An output file could not be written (read-only folder, full disk, ...)."""


class UsageError(HandoutError):
    """The command line asks for something that does not exist (e.g. an unknown slug)."""


class DeliveryError(HandoutError):
    """Handouts could not be printed or emailed: the print service or the mail server is
    missing, stopped, not set up, or said no."""


class DeliveryRequestError(DeliveryError):
    """What was asked for cannot be handed over as it is: a client's name, a note, an
    address, a message, a printer or a number of copies that the asker must change."""


def show_path(path: Path) -> str:
    """A path as short as it can be shown in a message (relative to the working folder)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# -- pictures and versions (issue 19) --------------------------------------------------------


class ConflictError(HandoutError):
    """A change that would undo someone else's: the file changed since it was read, a
    picture of that name exists, or a picture is still used by handouts."""


class NotAPictureError(HandoutError):
    """An upload that is not a PNG, JPEG or SVG, judged by its content (not its name)."""


class UnsafePictureError(HandoutError):
    """A picture that is broken or hostile: truncated, a decompression bomb, an SVG with a
    script, an event handler, entities or a reference outside itself."""
