"""Home programs through the desk's API against the real server: the library, a program's
PDF, its checks as 422 problems, kept programs, and printing and emailing one."""

from __future__ import annotations

import email
import json
from collections.abc import Iterator
from email.policy import default
from urllib.parse import quote

import pytest

from tests.deliver.cups_server import ensure_system_printer, pdfs_in, wait_for_printed
from tests.desk.helpers import Desk, running_desk
from tests.program_support import LONG, pages, program_project, text_of

PAUL = {"name": "Paul Rivera", "date": "2026-12-08"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    root = program_project(tmp_path_factory.mktemp("program-desk"))
    with running_desk(root) as running:
        yield running


def program(*exercises: dict[str, str], **more: object) -> dict[str, object]:
    return {"client": PAUL, "exercises": list(exercises), **more}


def problems(desk: Desk, path: str, body: object, status: int = 422) -> str:
    got, _, answer = desk.call("POST", path, body)
    assert got == status, (got, answer[:300])
    return " ".join(p["message"] for p in json.loads(answer)["problems"])


def test_the_library_in_each_language(desk: Desk) -> None:
    found = desk.json("GET", "/api/exercises?lang=en")
    assert found[0] == {
        "id": "stretches/knee-to-chest", "name": "Knee to chest", "handout": "stretches",
        "image": "stretch-knee-to-chest.svg", "steps": [
            "Lie on your back with your knees bent.", "Hug one knee toward your chest.",
            "Lower it and switch sides."], "hold": "20--30 seconds",
        "repeat": "2--3 times each side", "how_often": "once or twice a day",
        "stop_if": "pain increases or you feel numbness or tingling"}
    assert len(found) == 5 + LONG
    spanish = desk.json("GET", "/api/exercises?lang=es")
    assert [e["id"] for e in spanish] == [e["id"] for e in found[:5]]
    assert spanish[0]["name"] == "Rodilla al pecho"
    status, headers, body = desk.call("GET", "/api/exercises/image?id=stretches/figure-four")
    assert status == 200 and headers["content-type"] == "image/png" and body.startswith(b"\x89PNG")
    assert desk.call("GET", "/api/exercises/image?id=nope")[0] == 404


def test_a_program_of_three_with_changed_doses(desk: Desk) -> None:
    status, headers, body = desk.call("POST", "/api/program", program(
        {"id": "stretches/knee-to-chest", "hold": "45 seconds"},
        {"id": "stretches/figure-four", "repeat": "4 times each side", "note": "Slowly"},
        {"id": "stretches/childs-pose", "hold": "", "how_often": "every evening"}))
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''Home%20program%20-%20for%20Paul%20Rivera.pdf" in \
        headers["content-disposition"]
    words = text_of(body)
    assert pages(body) == 1 and "Prepared for Paul Rivera · 8 December 2026" in words
    assert "Hold: 45 seconds" in words and "Repeat: 4 times each side" in words
    assert "How often: every evening" in words and "Slowly" in words
    assert words.count("20–30 seconds") == 2  # figure-four and child's pose kept theirs
    assert not (desk.out / "clients").exists()  # not kept without "save"


def test_a_program_in_spanish_and_a_missing_translation(desk: Desk) -> None:
    status, headers, body = desk.call("POST", "/api/program", program(
        {"id": "stretches/pelvic-tilt", "repeat": "12 veces"}, lang="es"))
    assert status == 200 and "Programa%20en%20casa%20-%20para%20Paul" in headers["content-disposition"]
    assert "Inclinación pélvica" in text_of(body) and "Repita: 12 veces" in text_of(body)
    said = problems(desk, "/api/program", program({"id": "long-exercises/long-exercise-3"},
                                                  lang="es"))
    assert "'long-exercises/long-exercise-3' has no translation into 'es'" in said


def test_what_does_not_fit_says_how_many_to_remove(desk: Desk) -> None:
    every = [{"id": f"long-exercises/long-exercise-{n}"} for n in range(1, LONG + 1)]
    said = problems(desk, "/api/program", program(*every))
    assert "does not fit on one page: remove" in said
    preview = desk.json("POST", "/api/program/preview", program(*every))
    assert preview["fits"] is False and preview["remove"] >= 1 and preview["pages"] == []
    assert f"remove {preview['remove']} exercise" in said
    fits = desk.json("POST", "/api/program/preview", program(*every[: LONG - preview["remove"]]))
    assert fits["fits"] is True and fits["pages"][0].startswith("data:image/png;base64,")


def test_checked_inputs_are_422_problems(desk: Desk) -> None:
    said = problems(desk, "/api/program", program({"id": "stretches/figure-for"}))
    assert "no exercise 'stretches/figure-for'" in said and "stretches/figure-four" in said
    assert "line break" in problems(desk, "/api/program", program(
        {"id": "stretches/figure-four", "hold": "30 s\nthen rest"}))
    assert "markup" in problems(desk, "/api/program", program(
        {"id": "stretches/figure-four", "note": "<b>hard</b>"}))
    assert "keep it to 60" in problems(desk, "/api/program", program(
        {"id": "stretches/figure-four", "repeat": "x" * 61}))
    assert "at most 12" in problems(desk, "/api/program", program(
        *[{"id": "stretches/figure-four"}] * 13))


def test_a_kept_program_is_listed_and_made_again_byte_for_byte(desk: Desk) -> None:
    first = program({"id": "stretches/figure-four", "hold": "1 minute"}, save=True)
    status, headers, body = desk.call("POST", "/api/program", first)
    assert status == 200
    later = program({"id": "stretches/pelvic-tilt"}, {"id": "stretches/figure-four"},
                    title="After the race", save=True)
    status, headers2, _ = desk.call("POST", "/api/program", later)
    kept = desk.json("GET", "/api/programs?client=" + quote("paul rivera"))
    assert [k["id"] for k in kept] == [headers2["x-program-id"], headers["x-program-id"]]
    assert kept[0]["title"] == "After the race" and kept[1]["exercises"][0]["hold"] == "1 minute"
    status, _, again = desk.call("GET", f"/api/programs/{headers['x-program-id']}.pdf")
    assert status == 200 and again == body
    folder = desk.out / "clients" / "paul-rivera"
    assert (folder / "Home program - for Paul Rivera.pdf").is_file()
    assert desk.call("GET", "/api/programs/20260101-000000-000000-00000000.pdf")[0] == 404
    assert desk.call("GET", "/api/programs/..%2F..%2Fx.pdf")[0] == 404


def test_printing_a_program_alone_lands_in_cups_and_in_the_history(desk: Desk) -> None:
    folder = ensure_system_printer()
    before = pdfs_in(folder)
    done = desk.json("POST", "/api/print", {
        "printer": "HandoutsPDF", "program": program({"id": "stretches/figure-four",
                                                      "hold": "50 seconds"})})
    assert len(done["jobs"]) == 1
    wait_for_printed(folder, before, "Paul Rivera")
    latest = desk.json("GET", "/api/history?client=paul%20rivera")[0]
    assert latest["how"] == "print" and latest["handouts"] == []
    assert latest["program"]["exercises"] == [{
        "id": "stretches/figure-four", "name": "Figure-four", "hold": "50 seconds",
        "repeat": "2--3 times each side", "how_often": "once a day", "note": None}]


def test_emailing_a_program_beside_a_handout(desk: Desk) -> None:
    status, _, body = desk.call("POST", "/api/email", {
        "slugs": ["stretches"], "to": "paul@example.com",
        "program": program({"id": "stretches/childs-pose", "hold": "1 minute"})})
    assert status == 200
    msg = email.message_from_bytes(body, policy=default)
    names = [p.get_filename() for p in msg.iter_attachments()]
    assert names == ["Gentle stretches for your low back and hips - for Paul Rivera.pdf",
                     "Home program - for Paul Rivera.pdf"]
    attached = next(p for p in msg.iter_attachments() if p.get_filename().startswith("Home"))
    assert "Hold: 1 minute" in text_of(attached.get_content())
    latest = desk.json("GET", "/api/history?client=paul%20rivera")[0]
    assert latest["how"] == "email-draft" and latest["program"]["title"] == "Your home program"
    assert problems(desk, "/api/email", {"to": "paul@example.com"}, 400)


def test_other_mistakes_are_answered_in_words(desk: Desk) -> None:
    assert "languages are" in problems(desk, "/api/program", program(
        {"id": "stretches/figure-four"}, lang="xx"), 400)
    assert "at least one exercise" in problems(desk, "/api/program", program())
    assert problems(desk, "/api/program", program({"id": "stretches/figure-four", "sets": "3"}))
    assert "name" in problems(desk, "/api/program", {"client": {"name": " "}, "exercises": [
        {"id": "stretches/figure-four"}]}, 400)
    assert desk.json("GET", "/api/programs?client=nobody") == []
