"""The desk's page in a real headless Chromium, as the therapist uses it: find, tick, type a
name, download, print, email a draft, then edit a handout and save it."""

from __future__ import annotations

import email
import io
import uuid
from collections.abc import Iterator
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from selenium.webdriver.support.ui import Select

from tests.deliver.cups_server import ensure_system_printer, pdfs_in, wait_for_printed
from tests.desk.helpers import HANDOUTS, Desk, chromium, wait_for

NAME = "Zoë Brontë-Núñez"
NOTE = f"Ice the ankle 15 min after games {uuid.uuid4().hex[:8]}"  # printed copies lose accents
CANVAS = "return document.getElementById('preview').toDataURL().length + ':' + " \
         "document.getElementById('preview').dataset.drawn"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium")) as driver:
        yield driver


def by_id(browser: Any, name: str) -> Any:
    return browser.find_element("id", name)


def cards(browser: Any) -> list[str]:
    return [e.get_attribute("data-slug") for e in browser.find_elements("css selector", "#cards li")]


def downloaded(folder: Path, suffix: str, before: set[Path]) -> Path:
    def done() -> Path | None:
        new = [p for p in folder.glob(f"*{suffix}") if p not in before]
        partial = list(folder.glob("*.crdownload"))
        return new[0] if new and not partial else None

    return wait_for(done, what=f"a downloaded {suffix} file")


def result(browser: Any, start: str) -> str:
    """The result line once it starts with *start* (an error shown instead fails at once)."""
    def seen() -> str | None:
        box = by_id(browser, "result")
        if "bad" in (box.get_attribute("class") or ""):
            pytest.fail(f"the page says: {box.text}")
        return box.text if box.text.startswith(start) else None

    return wait_for(seen, what=f"the result '{start}...'")


def test_find_personalize_download_print_and_email(desk: Desk, browser: Any) -> None:
    downloads = browser.downloads
    folder = ensure_system_printer()  # before the page asks which printers there are
    # 1. the token link, then filtering the gallery
    browser.get(desk.url)
    assert "token=" not in browser.current_url
    wait_for(lambda: cards(browser) == list(HANDOUTS), what="every handout in the gallery")
    wait_for(lambda: browser.execute_script(
        "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"),
        what="every thumbnail")
    by_id(browser, "search").send_keys("stretch")
    wait_for(lambda: cards(browser) == ["stretches"], what="the search to filter")
    by_id(browser, "search").clear()
    by_id(browser, "search").send_keys(" ")  # an input event with nothing to look for

    Select(by_id(browser, "category")).select_by_value("muscle")
    wait_for(lambda: cards(browser) == ["psoas"], what="the category to filter")
    Select(by_id(browser, "category")).select_by_value("")
    wait_for(lambda: len(cards(browser)) == len(HANDOUTS), what="every handout again")
    link = browser.find_element("css selector", "#cards li[data-slug=psoas] a.open")
    assert link.get_attribute("href").endswith("/api/handouts/psoas.pdf?lang=en")
    # 2. two handouts ticked, a name with accents
    for slug in ("psoas", "stretches"):
        browser.find_element("css selector", f"#cards input[value={slug}]").click()
    assert "Chosen (2)" in by_id(browser, "chosen").text
    by_id(browser, "name").send_keys(NAME)
    by_id(browser, "note").send_keys(NOTE)
    # 3. download: a PDF with the name on it
    before = set(downloads.glob("*"))
    by_id(browser, "download").click()
    result(browser, "Downloaded")
    pdf = downloaded(downloads, ".pdf", before)
    assert pdf.name == f"Handouts - for {NAME}.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    assert all(f"Prepared for {NAME}" in " ".join(p.extract_text().split()) for p in reader.pages)
    # 4. print: the job lands in the cups-pdf printer
    printed_before = pdfs_in(folder)
    # the test's own printer, whatever other printers this machine has or which is its default
    wait_for(lambda: "HandoutsPDF" in [o.get_attribute("value") for o in
                                       Select(by_id(browser, "printer")).options],
             what="the printer list")
    Select(by_id(browser, "printer")).select_by_value("HandoutsPDF")
    by_id(browser, "print").click()
    result(browser, "Sent to HandoutsPDF")
    wait_for_printed(folder, printed_before, NOTE)
    # 5. an email draft: an .eml with the PDFs
    by_id(browser, "to").send_keys("zoe@example.com")
    before = set(downloads.glob("*"))
    by_id(browser, "draft").click()
    result(browser, "Downloaded the email draft")
    eml = downloaded(downloads, ".eml", before)
    msg = email.message_from_bytes(eml.read_bytes(), policy=default)
    attached = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
    assert set(attached) == {f"Psoas - for {NAME}.pdf", f"Gentle stretches - for {NAME}.pdf"}
    for data in attached.values():
        assert NAME in " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    # the history shows both, and the name is suggested as a returning client
    wait_for(lambda: len(browser.find_elements("css selector", "#history-rows tr")) == 2,
             what="two rows of history")
    by_id(browser, "name").clear()
    by_id(browser, "name").send_keys(NAME.upper())
    wait_for(lambda: "Returning client" in by_id(browser, "returning").text, what="the suggestion")
    options = browser.execute_script(
        "return Array.from(document.querySelectorAll('#known-clients option')).map(o => o.value)")
    assert options == [NAME]


def test_works_at_tablet_width_with_labels_and_keyboard(desk: Desk, browser: Any) -> None:
    browser.set_window_size(960, 1000)
    try:
        browser.get(desk.url)
        wait_for(lambda: len(cards(browser)) == len(HANDOUTS), what="the gallery")
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")
        unlabelled = browser.execute_script("""
            return Array.from(document.querySelectorAll('input, select, textarea'))
              .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length)
                           && !e.getAttribute('aria-label')).map(e => e.id || e.outerHTML)""")
        assert unlabelled == []
        from selenium.webdriver.common.keys import Keys

        body = browser.find_element("tag name", "body")
        reached = set()
        for _ in range(60):  # Tab through the page: the gallery, the panel and its buttons
            body = browser.switch_to.active_element
            reached.add(body.get_attribute("id") or body.get_attribute("value"))
            body.send_keys(Keys.TAB)
        assert {"search", "category", "psoas", "name", "note", "download", "print"} <= reached
    finally:
        browser.set_window_size(1280, 900)


def test_edit_previews_saves_and_refuses_a_stale_save(desk: Desk, browser: Any) -> None:
    path = desk.root / "handouts" / "lumbar-curve.yaml"
    browser.get(desk.url)
    wait_for(lambda: len(cards(browser)) == len(HANDOUTS), what="the gallery")
    browser.find_element("css selector", "#cards li[data-slug=lumbar-curve] .links a").click()
    source = by_id(browser, "source")
    wait_for(lambda: source.get_attribute("value") == path.read_text(encoding="utf-8"),
             what="the handout's text")
    first = wait_for(lambda: browser.execute_script(CANVAS).split(":")[1] != "undefined"
                     and browser.execute_script(CANVAS), what="the first preview")
    listed = browser.find_elements("css selector", ".blocks dt code")
    assert {"heading", "text", "steps", "callout"} <= {e.text for e in listed}
    # the preview follows the typing
    browser.execute_script(
        "const s = document.getElementById('source');"
        "s.value = s.value.replace('A gentle arch makes your back strong.',"
        " 'Three long new sentences about the curve. They fill the page. They change it.');"
        "s.dispatchEvent(new Event('input'));")
    second = wait_for(lambda: (now := browser.execute_script(CANVAS)) != first
                      and now.split(":")[1] != first.split(":")[1] and now, what="a new preview")
    assert second.split(":")[0] != first.split(":")[0]  # another picture
    # a mistake shows with its line
    browser.execute_script(
        "const s = document.getElementById('source');"
        "s.value = s.value.replace('category: anatomy', 'category: anatomie');"
        "s.dispatchEvent(new Event('input'));")
    wait_for(lambda: "Line 2:" in by_id(browser, "problems").text, what="the problem and its line")
    by_id(browser, "save").click()
    wait_for(lambda: "Not saved" in by_id(browser, "save-status").text, what="the refusal")
    assert "anatomie" not in path.read_text(encoding="utf-8")
    browser.execute_script(
        "const s = document.getElementById('source');"
        "s.value = s.value.replace('category: anatomie', 'category: anatomy');"
        "s.dispatchEvent(new Event('input'));")
    # save: the file and the rebuilt PDF change
    by_id(browser, "save").click()
    wait_for(lambda: by_id(browser, "save-status").text.startswith("Saved"), what="the save")
    assert "Three long new sentences" in path.read_text(encoding="utf-8")
    status, _, pdf = desk.call("GET", "/api/handouts/lumbar-curve.pdf")
    assert status == 200
    assert "Three long new sentences" in " ".join(
        PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    # a stale save: the file changed elsewhere; the typed text stays, the file is kept
    elsewhere = path.read_text(encoding="utf-8").replace("Three long", "Edited elsewhere:")
    path.write_text(elsewhere, encoding="utf-8")
    browser.execute_script(
        "const s = document.getElementById('source');"
        "s.value = s.value + '\\n# my own change\\n'; s.dispatchEvent(new Event('input'));")
    typed = source.get_attribute("value")
    by_id(browser, "save").click()
    wait_for(lambda: "changed on disk" in by_id(browser, "save-status").text, what="the refusal")
    assert source.get_attribute("value") == typed
    assert path.read_text(encoding="utf-8") == elsewhere
