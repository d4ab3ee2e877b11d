"""The Practice view's API on a running desk: the details and their version, a save that is
refused field by field (422, with the field's line) or when stale (409), a picture drawn
with unsaved details, and the next PDF carrying the new details; placeholders refuse sending."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.desk.helpers import Desk, make_project, running_desk

PHONE = "(816) 531-2368"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    root = make_project(tmp_path_factory.mktemp("practice"))
    with running_desk(root) as running:
        yield running


def test_get_practice_shows_every_field_and_the_placeholders(desk: Desk) -> None:
    found = desk.json("GET", "/api/practice")
    assert set(found) >= {"version", "practice", "therapist", "colours", "disclaimer",
                          "languages", "placeholders"}
    assert set(found["practice"]) == {"name", "tagline", "city", "phone", "email", "website",
                                      "booking_url"}
    assert found["therapist"] == {"name": "Aaron Harris", "credentials": "BCTMB"}
    assert found["colours"]["primary"] == "#1F5F66"
    assert found["languages"]["es"]["tagline"].startswith("Masaje")
    assert found["placeholders"][:4] == ["phone", "email", "website", "booking_url"]


def test_a_wrong_field_is_422_at_its_line_and_nothing_changes(desk: Desk) -> None:
    path = desk.root / "layouts" / "brand.yaml"
    before = path.read_bytes()
    version = desk.json("GET", "/api/practice")["version"]
    status, _, body = desk.call("PUT", "/api/practice", {
        "version": version, "practice": {"phone": "not a number"},
        "colours": {"accent": "#E8A09A"}})
    assert status == 422
    problems = json.loads(body)["problems"]
    lines = before.decode().splitlines()
    by_field = {p["message"].split(":")[0]: p for p in problems}
    assert set(by_field) == {"practice.phone", "colours.accent"}
    assert lines[by_field["practice.phone"]["line"] - 1].strip().startswith("phone:")
    assert lines[by_field["colours.accent"]["line"] - 1].strip().startswith("accent:")
    assert "nearest colour that passes is #" in by_field["colours.accent"]["message"]
    assert path.read_bytes() == before


def test_a_stale_version_is_409(desk: Desk) -> None:
    status, _, body = desk.call("PUT", "/api/practice", {"version": "0" * 64,
                                                         "practice": {"phone": PHONE}})
    assert status == 409 and b"changed since you opened it" in body


def test_a_picture_with_unsaved_details_and_its_problems(desk: Desk) -> None:
    before = (desk.root / "layouts" / "brand.yaml").read_bytes()
    status, headers, body = desk.call("POST", "/api/practice/preview", {
        "slug": "psoas", "practice": {"name": "Studio Calma"}, "colours": {"primary": "#5B2A86"}})
    assert status == 200 and headers["content-type"] == "image/png"
    from PIL import Image

    picture = Image.open(io.BytesIO(body)).convert("RGB")
    assert picture.getpixel((picture.width // 2, 20)) in {(0x5B, 0x2A, 0x86)}  # the new band
    status, _, body = desk.call("POST", "/api/practice/preview", {
        "slug": "psoas", "practice": {"booking_url": "http://insecure.test"}})
    assert status == 422 and b"https://" in body
    status, _, _ = desk.call("POST", "/api/practice/preview", {"slug": "../../etc/passwd"})
    assert status == 400
    assert (desk.root / "layouts" / "brand.yaml").read_bytes() == before


def test_changes_need_the_token_json_and_the_own_origin(desk: Desk) -> None:
    body = json.dumps({"version": "x"}).encode()
    status, _, _ = desk.raw("PUT", "/api/practice", body=body, auth=False,
                            headers={"Content-Type": "application/json"})
    assert status == 401
    status, _, _ = desk.raw("PUT", "/api/practice", body=body,
                            headers={"Content-Type": "text/plain"})
    assert status == 403  # a change must send JSON, as every change does
    status, _, _ = desk.raw("PUT", "/api/mail", body=body, headers={
        "Content-Type": "application/json", "Origin": "http://evil.example"})
    assert status == 403


def test_a_save_reaches_the_next_pdf_and_the_placeholders(desk: Desk, tmp_path: Path) -> None:
    status, _, pdf = desk.call("GET", "/api/handouts/psoas.pdf")
    assert status == 200 and "555-0142" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    version = desk.json("GET", "/api/practice")["version"]
    saved = desk.json("PUT", "/api/practice", {"version": version, "practice": {"phone": PHONE}})
    assert "phone" not in saved["placeholders"] and "email" in saved["placeholders"]
    assert desk.json("GET", "/api/practice")["version"] == saved["version"]
    status, _, pdf = desk.call("GET", "/api/handouts/psoas.pdf")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert PHONE in text and "555-0142" not in text
    status, _, body = desk.call("POST", "/api/pdf", {"slugs": ["psoas"],
                                                      "client": {"name": "Ana Ruiz"}})
    assert status == 200 and PHONE in PdfReader(io.BytesIO(body)).pages[0].extract_text()


def test_sending_is_refused_while_the_email_is_a_placeholder(desk: Desk) -> None:
    mail = desk.json("GET", "/api/mail")
    assert mail["can_send"] is False and "email address" in mail["why"]
    status, _, body = desk.call("POST", "/api/email", {
        "slugs": ["psoas"], "client": {"name": "Ana Ruiz"}, "to": "ana@massage-aha.test",
        "send": True})
    assert status == 503 and b"placeholder" in body  # as when no mail server is set up
    status, headers, _ = desk.call("POST", "/api/email", {
        "slugs": ["psoas"], "client": {"name": "Ana Ruiz"}, "to": "ana@massage-aha.test"})
    assert status == 200 and headers["content-type"].startswith("message/rfc822")  # a draft
    status, _, body = desk.call("POST", "/api/mail/test", {"to": ""})
    assert status == 409 and b"placeholders" in body
