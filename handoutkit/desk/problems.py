"""Every error the desk answers with, as `{"problems": [{"file", "line", "message"}]}`.

The application's errors keep their words; those that name a command-line option (written
for the terminal) are reworded for the page. Nothing here ever shows a traceback.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import (
    ConflictError,
    ContentError,
    DeliveryError,
    DeliveryRequestError,
    FitError,
    HandoutError,
    NotAPictureError,
    OutputError,
    UnsafePictureError,
)

# Command-line words in the application's messages, and what the page calls them.
_WORDS = [
    (r'--for needs the client\'s name, e\.g\. --for "Paul Rivera"', "type the client's name"),
    (r"--note goes with --for NAME \(the note is for a client\)",
     "a note goes with a client's name; type the name too"),
    (r"email needs --for NAME", "an email needs the client's name"),
    (r"use --draft FILE\.eml", "download a draft instead"),
    (r"with --printer", ""),
    (r"--for NAME", "the client's name"),
    (r"--for", "the name"), (r"--note", "the note"), (r"--to", "the email address"),
    (r"--message", "the message"), (r"--copies", "copies"), (r"--date", "the date"),
    (r"--title", "the title"),
]


def words(text: str) -> str:
    """*text* with the command line's option names put as the page names its fields."""
    for pattern, replacement in _WORDS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"  +", " ", text).strip()


def problem(message: str, file: str | None = None, line: int | None = None) -> dict[str, Any]:
    """One problem as the API writes it."""
    return {"file": file, "line": line, "message": words(message)}


def answer(status: int, problems: list[dict[str, Any]]) -> JSONResponse:
    """The error response every route and rule uses."""
    return JSONResponse({"problems": problems}, status_code=status,
                        headers={"cache-control": "no-store"})


def status_of(exc: HandoutError) -> int:
    """The HTTP status for an application error."""
    if isinstance(exc, ContentError | FitError | UnsafePictureError):
        return 422
    if isinstance(exc, ConflictError):  # pictures and versions (issue 19)
        return 409
    if isinstance(exc, NotAPictureError):
        return 415
    if isinstance(exc, DeliveryRequestError):  # the asker's mistake, not a service's
        return 422
    if isinstance(exc, DeliveryError | OutputError):
        return 503
    return 400


def from_error(exc: HandoutError) -> JSONResponse:
    """An application error as the desk answers it."""
    if isinstance(exc, ContentError):
        return answer(422, [problem(p.message, p.file, p.line) for p in exc.problems])
    return answer(status_of(exc), [problem(str(exc))])


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "the request"


def _validation(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for err in errors:
        kind, where = err.get("type", ""), _where(tuple(err.get("loc", ())))
        if kind == "json_invalid":
            found.append(problem("the request is not valid JSON"))
        elif kind == "missing":
            found.append(problem(f"'{where}' is missing"))
        elif kind == "extra_forbidden":
            found.append(problem(f"'{where}' is not a field this request takes"))
        else:
            found.append(problem(f"'{where}': {err.get('msg', 'is not valid')}"))
    return found or [problem("the request is not valid")]


def install(app: FastAPI) -> None:
    """Answer every error in words: the application's, FastAPI's and any route's."""

    async def on_handout_error(_: Request, exc: Exception) -> JSONResponse:
        return from_error(exc)  # type: ignore[arg-type]

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        return answer(422, _validation(list(exc.errors())))  # type: ignore[attr-defined]

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status_code", 400)
        detail = getattr(exc, "detail", None)
        if status == 404 and detail in (None, "Not Found"):
            detail = "there is nothing at this address"
        elif status == 405:
            detail = "this address does not take that kind of request"
        return answer(status, [problem(str(detail or "refused"))])

    app.add_exception_handler(HandoutError, on_handout_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)


def refuse(status: int, message: str) -> HTTPException:
    """An error to raise from a route: *status* with *message* in words."""
    return HTTPException(status, message)

