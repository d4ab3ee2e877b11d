"""The desk's JSON API against the real server: handouts, PDFs for a client, print, email,
history, editing, changes made on disk, and 20 clients at once."""

from __future__ import annotations

import email
import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from email.policy import default

from pypdf import PdfReader

from tests.deliver.cups_server import ensure_system_printer, pdfs_in, wait_for_printed
from tests.desk.helpers import HANDOUTS, SPANISH, Desk, wait_for


def text_of(pdf: bytes) -> str:
    """The words of every page, spaced as one line."""
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_the_handouts_in_each_language(desk: Desk) -> None:
    found = desk.json("GET", "/api/handouts?lang=en")
    assert [h["slug"] for h in found] == list(HANDOUTS)
    first = found[0]
    assert set(first) == {"slug", "title", "subtitle", "category", "lang", "pdf", "thumbnail"}
    assert first["title"] == HANDOUTS["psoas"][0] and first["category"] == "muscle"
    assert first["pdf"] == "/api/handouts/psoas.pdf?lang=en"
    assert first["thumbnail"].startswith("/api/handouts/psoas.png?lang=en")
    spanish = desk.json("GET", "/api/handouts?lang=es")
    assert {h["slug"]: h["title"] for h in spanish} == SPANISH
    status, _, body = desk.call("GET", "/api/handouts?lang=xx")
    assert status == 400 and b"en, es" in body


def test_a_plain_pdf_and_its_thumbnail(desk: Desk) -> None:
    status, headers, body = desk.call("GET", "/api/handouts/psoas.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert body.startswith(b"%PDF-") and "The psoas joins" in text_of(body)
    status, headers, body = desk.call("GET", "/api/handouts/psoas.png")
    assert status == 200 and headers["content-type"] == "image/png"
    assert body.startswith(b"\x89PNG")


def test_one_handout_for_a_client_is_named_as_the_cli_names_it(desk: Desk) -> None:
    status, headers, body = desk.call("POST", "/api/pdf", {
        "slugs": ["psoas"], "client": {"name": "Zoë Brontë", "note": "Ice it", "date": "2026-11-25"}})
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Psoas%20-%20for%20Zo%C3%AB%20Bront%C3%AB.pdf" in headers["content-disposition"]
    words = text_of(body)
    assert "Prepared for Zoë Brontë" in words and "25 November 2026" in words and "Ice it" in words
    assert "Zoë" not in str(PdfReader(io.BytesIO(body)).metadata)  # names stay out of metadata
    assert (desk.out / "clients" / "zoë-brontë" / "Psoas - for Zoë Brontë.pdf").read_bytes() == body


def test_a_spanish_copy_in_spanish(desk: Desk) -> None:
    status, headers, body = desk.call("POST", "/api/pdf", {
        "slugs": ["psoas"], "lang": "es", "client": {"name": "María López", "date": "2026-11-25"}})
    assert status == 200, body[:300]
    words = text_of(body)
    assert "Preparado para María López" in words and "noviembre" in words
    assert "Mar%C3%ADa%20L%C3%B3pez.pdf" in headers["content-disposition"]


def test_several_handouts_as_a_booklet_or_one_after_another(desk: Desk) -> None:
    order = {"slugs": ["stretches", "psoas"], "client": {"name": "Paul Rivera"}}
    status, headers, body = desk.call("POST", "/api/pdf", {**order, "booklet": True})
    assert status == 200, body[:300]
    assert "Paul%20Rivera" in headers["content-disposition"]
    assert pages(body) == 2 + 3  # cover, contents and back page around the handouts
    assert "Contents" in text_of(body)
    status, headers, body = desk.call("POST", "/api/pdf", {**order, "grayscale": True})
    assert status == 200 and pages(body) == 2
    assert "Handouts%20-%20for%20Paul%20Rivera%20%28ink%20saver%29.pdf" in headers["content-disposition"]
    words = text_of(body)
    assert words.index("Stretch slowly") < words.index("The psoas joins")  # in the order asked


def test_twenty_clients_at_once_each_get_their_own_name(desk: Desk) -> None:
    names = [f"Client {chr(65 + i)}{chr(97 + i)}{i:02d}" for i in range(20)]

    def one(name: str) -> tuple[str, int, bytes]:
        status, _, body = desk.call("POST", "/api/pdf", {"slugs": ["psoas"], "client": {
            "name": name, "note": f"Note for {name}"}})
        return name, status, body

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(one, names))
    for name, status, body in answers:
        assert status == 200, body[:300]
        words = text_of(body)
        assert f"Prepared for {name}" in words and f"Note for {name}" in words
        others = [n for n in names if n != name and n in words]
        assert not others, (name, others)


def test_print_lands_in_the_cups_pdf_printer_and_in_the_history(desk: Desk) -> None:
    folder = ensure_system_printer()
    before = pdfs_in(folder)
    printers = desk.json("GET", "/api/printers")
    assert "HandoutsPDF" in printers["printers"] and printers["problem"] is None
    done = desk.json("POST", "/api/print", {"slugs": ["stretches"], "client": {"name": "Printed Person"},
                                            "printer": "HandoutsPDF", "copies": 1})
    assert done["printer"] == "HandoutsPDF" and len(done["jobs"]) == 1
    assert "Printed Person" not in json.dumps(done)  # the queue shows titles only
    wait_for_printed(folder, before, "Printed Person")
    (latest,) = desk.json("GET", "/api/history?client=printed%20person")
    assert latest["how"] == "print" and latest["to"] == "HandoutsPDF"
    assert latest["handouts"] == [{"slug": "stretches", "title": "Gentle stretches",
                                   "reviewed": "2026-11-25"}]
    log = (desk.out / "delivery-log.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(log[-1])["client"] == "Printed Person"


def test_email_draft_is_an_eml_with_the_pdfs(desk: Desk) -> None:
    status, headers, body = desk.call("POST", "/api/email", {
        "slugs": ["psoas", "stretches"], "client": {"name": "Mailed Person"},
        "to": "mailed@example.com", "message": "See you soon"})
    assert status == 200 and headers["content-type"] == "message/rfc822"
    assert "Handouts%20for%20Mailed%20Person.eml" in headers["content-disposition"]
    msg = email.message_from_bytes(body, policy=default)
    assert msg["To"] == "Mailed Person <mailed@example.com>"
    names = [p.get_filename() for p in msg.iter_attachments()]
    assert names == ["Psoas - for Mailed Person.pdf", "Gentle stretches - for Mailed Person.pdf"]
    history = desk.json("GET", "/api/history")
    assert history[0]["client"] == "Mailed Person" and history[0]["how"] == "email-draft"
    status, _, body = desk.call("POST", "/api/email", {"slugs": ["psoas"], "to": "x@example.com"})
    assert status == 400 and b"client's name" in body


def test_edit_preview_save_and_a_stale_save(desk: Desk) -> None:
    path = desk.root / "handouts" / "lumbar-curve.yaml"
    source = desk.json("GET", "/api/handouts/lumbar-curve/source")
    assert source["yaml"] == path.read_text(encoding="utf-8")
    assert source["version"] == hashlib.sha256(path.read_bytes()).hexdigest()
    changed = source["yaml"].replace("A gentle arch", "A new sentence")
    status, headers, picture = desk.call("POST", "/api/preview", {"slug": "lumbar-curve", "yaml": changed})
    assert status == 200 and headers["content-type"] == "image/png"
    assert picture.startswith(b"\x89PNG")
    assert path.read_text(encoding="utf-8") == source["yaml"]  # previewing writes nothing
    broken = changed.replace("category: anatomy", "category: anatomie")
    status, _, body = desk.call("POST", "/api/preview", {"slug": "lumbar-curve", "yaml": broken})
    assert status == 422
    (problem,) = json.loads(body)["problems"]
    assert problem["file"] == "handouts/lumbar-curve.yaml" and problem["line"] == 2
    assert "did you mean 'anatomy'" in problem["message"]
    saved = desk.json("PUT", "/api/handouts/lumbar-curve/source",
                      {"yaml": changed, "version": source["version"]})
    assert path.read_text(encoding="utf-8") == changed
    assert saved["version"] == hashlib.sha256(changed.encode()).hexdigest()
    status, _, pdf = desk.call("GET", "/api/handouts/lumbar-curve.pdf")
    assert "A new sentence" in text_of(pdf)
    status, _, body = desk.call("PUT", "/api/handouts/lumbar-curve/source",
                                {"yaml": source["yaml"], "version": source["version"]})
    assert status == 409 and b"changed on disk" in body
    assert path.read_text(encoding="utf-8") == changed


def test_a_save_with_errors_keeps_the_file(desk: Desk) -> None:
    path = desk.root / "handouts" / "see-your-doctor.yaml"
    before = path.read_bytes()
    version = hashlib.sha256(before).hexdigest()
    clash = before.decode().replace("order: 4", "order: 1")  # psoas has order 1
    status, _, body = desk.call("PUT", "/api/handouts/see-your-doctor/source",
                                {"yaml": clash, "version": version})
    assert status == 422 and b"order 1 is also used by" in body
    assert path.read_bytes() == before


def test_a_new_handout_like_new(desk: Desk) -> None:
    made = desk.json("POST", "/api/handouts", {"slug": "hip-stretches", "title": "Hip stretches",
                                               "category": "self-care"}, expect=201)
    assert made == {"slug": "hip-stretches"}
    assert (desk.root / "handouts" / "hip-stretches.yaml").is_file()
    status, _, body = desk.call("POST", "/api/handouts", {"slug": "hip-stretches", "title": "Again"})
    assert status == 409 and b"already a handout" in body
    status, _, pdf = desk.call("GET", "/api/handouts/hip-stretches.pdf")
    assert status == 200 and "Hip stretches" in text_of(pdf)


def test_files_changed_on_disk_are_served_new(desk: Desk) -> None:
    path = desk.root / "handouts" / "stretches.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Gentle stretches", "Easy stretches")
                    .replace("Stretch slowly", "Move slowly"), encoding="utf-8")
    titles = wait_for(lambda: [h["title"] for h in desk.json("GET", "/api/handouts")
                               if h["title"] == "Easy stretches"], what="the new title")
    assert titles
    status, _, pdf = desk.call("GET", "/api/handouts/stretches.pdf")
    assert status == 200 and "Move slowly" in text_of(pdf)


def test_errors_are_words_with_the_right_status(desk: Desk) -> None:
    cases = [("POST", "/api/pdf", {"slugs": []}, 422),
             ("POST", "/api/pdf", {"slugs": ["psoas"], "x": 1}, 422),
             ("POST", "/api/print", {"slugs": ["psoas"], "copies": 0}, 400),
             ("POST", "/api/email", {"slugs": ["psoas"], "client": {"name": "A"}, "to": "not me"}, 400),
             ("GET", "/api/nowhere", None, 404), ("DELETE", "/api/handouts", None, 403)]
    for method, path, payload, expect in cases:
        status, _, body = desk.call(method, path, payload)
        assert status == expect, (path, status, body)
        found = json.loads(body)["problems"]
        assert found and all(p["message"] and "Traceback" not in p["message"] for p in found)
