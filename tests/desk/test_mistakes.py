"""A caller's mistake is a 4xx with the problem in words, on every field of every route that
takes one; 503 is kept for a service that is down (issue 17, point 4)."""

from __future__ import annotations

import json

import pytest

from tests.deliver.cups_server import ensure_system_printer
from tests.desk.helpers import Desk

CLIENT = {"name": "Paul Rivera", "note": "Ice 15 min", "date": "2026-11-25"}
BAD_TEXT = {
    "a line break": "Paul\nBcc: everyone@example.com",
    "a control character": "Paul\x07Rivera",
    "an empty name": "   ",
}
GOOD = {
    "/api/pdf": {"slugs": ["psoas"], "client": CLIENT},
    "/api/print": {"slugs": ["psoas"], "client": CLIENT, "printer": "HandoutsPDF", "copies": 1},
    "/api/email": {"slugs": ["psoas"], "client": CLIENT, "to": "paul@example.com",
                   "message": "See you soon", "send": False},
}


def _with(route: str, field: str, value: object) -> dict[str, object]:
    body = json.loads(json.dumps(GOOD[route]))
    if field in ("name", "note", "date"):
        body["client"][field] = value  # type: ignore[index]
    else:
        body[field] = value
    return body


def _refused(desk: Desk, route: str, body: dict[str, object]) -> str:
    status, headers, answer = desk.call("POST", route, body)
    assert 400 <= status < 500, (route, body, status, answer[:300])
    assert headers["content-type"].startswith("application/json")
    problems = json.loads(answer)["problems"]
    assert problems and all(p["message"] for p in problems)
    assert "Traceback" not in answer.decode()
    return " ".join(p["message"] for p in problems)


@pytest.fixture(scope="module", autouse=True)
def printer() -> None:
    ensure_system_printer()  # so a refused print is the request's fault, not a missing CUPS


@pytest.mark.parametrize("route", list(GOOD))
@pytest.mark.parametrize("case", list(BAD_TEXT))
def test_a_bad_name_is_the_callers_mistake(desk: Desk, route: str, case: str) -> None:
    _refused(desk, route, _with(route, "name", BAD_TEXT[case]))


@pytest.mark.parametrize("route", list(GOOD))
def test_a_bad_note_or_date_is_the_callers_mistake(desk: Desk, route: str) -> None:
    _refused(desk, route, _with(route, "note", "x" * 20_000))
    _refused(desk, route, _with(route, "date", "25/11/2026"))
    _refused(desk, route, _with(route, "note", 42))


@pytest.mark.parametrize(("field", "value"), [
    ("to", "paul at example dot com"), ("to", "paul@example.com\nBcc: x@example.com"),
    ("to", ""), ("message", "a bell \x07"), ("message", "x" * 30_000), ("send", "yes please"),
])
def test_a_bad_address_or_message_is_the_callers_mistake(desk: Desk, field: str, value: object) -> None:
    _refused(desk, "/api/email", _with("/api/email", field, value))


def test_a_line_break_in_the_name_of_an_email_says_so(desk: Desk) -> None:
    """The case that once answered 503, as if the mail service were down."""
    words = _refused(desk, "/api/email", _with("/api/email", "name", BAD_TEXT["a line break"]))
    assert "line" in words


@pytest.mark.parametrize(("field", "value"), [
    ("printer", "Nope"), ("printer", "-o job-sheets=secret"), ("printer", "HandoutsPDF; rm -rf /"),
    ("copies", 0), ("copies", 1000), ("copies", "two"),
])
def test_a_bad_printer_or_copies_is_the_callers_mistake(desk: Desk, field: str, value: object) -> None:
    _refused(desk, "/api/print", _with("/api/print", field, value))


def test_the_good_requests_pass(desk: Desk) -> None:
    """The bodies the cases above spoil are themselves accepted (so each refusal is the
    spoiled field's)."""
    for route, body in GOOD.items():
        status, _, answer = desk.call("POST", route, body)
        assert status == 200, (route, answer[:300])
