"""Pictures, inserted blocks and versions in a real headless Chromium, as the therapist uses
them: every block type clicked into a new handout and saved untouched; a phone photo added
from the Pictures view and put in with the picker; a version restored; the handout deleted
and brought back."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from handoutkit.content.model import BLOCK_TYPES
from tests.desk.helpers import Desk, chromium, wait_for

SHOTS = os.environ.get("DESK_SCREENSHOTS")  # a folder: save pictures of the views there
CANVAS = "return document.getElementById('preview').dataset.drawn || ''"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium"), size="1400,1000") as driver:
        yield driver


def by_id(browser: Any, name: str) -> Any:
    return browser.find_element("id", name)


def shot(browser: Any, name: str) -> None:
    if SHOTS:
        browser.save_screenshot(str(Path(SHOTS) / f"{name}.png"))


def source(browser: Any) -> str:
    return browser.execute_script("const s = document.getElementById('source');"
                                  "return s ? s.value : null")


def slugs(browser: Any) -> list[str]:
    """The handouts in the gallery (read in one go: the cards are redrawn as they change)."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#cards li'), e => e.dataset.slug)")


def open_at(browser: Any, desk: Desk, where: str) -> None:
    """The desk from its token link, then the view at *where* (like #pictures)."""
    browser.get(desk.url)
    wait_for(lambda: browser.find_elements("css selector", "#cards li"), what="the gallery")
    browser.execute_script(f"location.hash = {where!r}")


def saved(browser: Any) -> None:
    by_id(browser, "save").click()
    def done() -> bool:
        text = by_id(browser, "save-status").text
        if text.startswith("Not saved"):
            pytest.fail(f"the page says: {text}")
        return text.startswith("Saved")
    wait_for(done, what="the save")


def test_every_block_type_inserted_saves_and_draws(desk: Desk, browser: Any) -> None:
    browser.get(desk.url)
    wait_for(lambda: browser.find_elements("css selector", "#cards li"), what="the gallery")
    by_id(browser, "new-open").click()
    by_id(browser, "new-slug").send_keys("every-block")
    by_id(browser, "new-title-field").send_keys("Every block")
    by_id(browser, "new-create").click()
    path = desk.root / "handouts" / "every-block.yaml"
    wait_for(lambda: path.is_file() and source(browser) == path.read_text(encoding="utf-8"),
             what="the new handout in the editor")
    start = source(browser)
    by_id(browser, "source").click()
    browser.execute_script("const s = document.getElementById('source');"
                           "s.setSelectionRange(s.value.length, s.value.length);")
    buttons = browser.find_elements("css selector", ".blocks dt button")
    assert [b.get_attribute("data-block") for b in buttons] == list(BLOCK_TYPES)
    # one click is one undo step
    buttons[0].click()
    wait_for(lambda: source(browser) != start, what="the first insert")
    from selenium.webdriver.common.keys import Keys

    by_id(browser, "source").send_keys(Keys.CONTROL, "z")
    wait_for(lambda: source(browser) == start, what="the undo of the insert")
    for button in buttons:
        before = source(browser)
        button.click()
        wait_for(lambda before=before: source(browser) != before,
                 what=f"the {button.get_attribute('data-block')} example")
    text = source(browser)
    for kind in BLOCK_TYPES:
        assert f"- type: {kind}\n" in text
    shot(browser, "editor-blocks")
    saved(browser)
    assert path.read_text(encoding="utf-8") == text
    wait_for(lambda: browser.execute_script(CANVAS), what="the page drawn")
    wait_for(lambda: not by_id(browser, "problems").find_elements("css selector", "li"),
             what="no problems")
    status, _, pdf = desk.raw("GET", "/api/handouts/every-block.pdf")
    assert status == 200 and len(PdfReader(io.BytesIO(pdf)).pages) == 1
    # in a column cell, at the cell's indent
    cell = text.index("      text: Words on the left.")
    browser.execute_script(f"document.getElementById('source').setSelectionRange({cell}, {cell})")
    browser.find_element("css selector", ".blocks dt button[data-block=bullets]").click()
    wait_for(lambda: "      - type: bullets\n" in source(browser), what="a block in the cell")
    # with the cursor in the title lines, the new block goes first in blocks:
    browser.execute_script("document.getElementById('source').setSelectionRange(0, 0)")
    browser.find_element("css selector", ".blocks dt button[data-block=story]").click()
    wait_for(lambda: "\nblocks:\n  - type: story\n" in source(browser), what="a first block")
    # in the middle of a block's fields, it goes after that block, never inside it
    middle = source(browser).index("    name: Name of the stretch")
    browser.execute_script(f"document.getElementById('source').setSelectionRange({middle}, {middle})")
    browser.find_element("css selector", ".blocks dt button[data-block=qr]").click()
    wait_for(lambda: "  stop_if: it hurts, or you feel numbness or tingling\n  - type: qr\n"
             in source(browser), what="a block after the exercise")
    saved(browser)


def photo_file(folder: Path) -> Path:
    img = Image.frombytes("RGB", (640, 480), os.urandom(640 * 480 * 3))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 5.0, 30.0)})
    path = folder / "IMG_2041.JPG"
    img.save(path, "JPEG", exif=exif.tobytes())
    return path


def test_a_photo_added_and_put_in_with_the_picker(desk: Desk, browser: Any,
                                                 tmp_path: Path) -> None:
    open_at(browser, desk, "#pictures")
    wait_for(lambda: browser.find_elements("css selector", "#picture-list li"),
             what="the pictures")
    assert by_id(browser, "desk").get_attribute("hidden") is not None
    by_id(browser, "picture-file").send_keys(str(photo_file(tmp_path)))
    wait_for(lambda: by_id(browser, "picture-name").get_attribute("value") == "img-2041",
             what="the proposed name")
    by_id(browser, "upload").click()
    wait_for(lambda: browser.find_elements("css selector", "#picture-list li[data-name='img-2041']"),
             what="the new picture in the list")
    assert (desk.root / "images" / "img-2041.jpg").is_file()
    # the same name again: the page offers another
    by_id(browser, "picture-file").send_keys(str(photo_file(tmp_path)))
    wait_for(lambda: by_id(browser, "picture-name").get_attribute("value") == "img-2041-2",
             what="another name offered")
    shot(browser, "pictures")
    by_id(browser, "upload-cancel").click()
    # a drawing dropped on the page
    browser.execute_script("""
        const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10">'
                  + '<rect width="20" height="10" fill="#1F5F66"/></svg>';
        const data = new DataTransfer();
        data.items.add(new File([svg], "Hip Arrow (final).svg", { type: "image/svg+xml" }));
        document.getElementById("drop").dispatchEvent(
            new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));""")
    wait_for(lambda: by_id(browser, "picture-name").get_attribute("value") == "hip-arrow-final",
             what="the dropped file's proposed name")
    by_id(browser, "upload").click()
    wait_for(lambda: (desk.root / "images" / "hip-arrow-final.svg").is_file(),
             what="the dropped drawing stored")
    assert b'fill="#1F5F66"' in (desk.root / "images" / "hip-arrow-final.svg").read_bytes()
    # the picker puts it in the exercise at the cursor
    open_at(browser, desk, "#edit/en/stretches")
    path = desk.root / "handouts" / "stretches.yaml"
    wait_for(lambda: source(browser) == path.read_text(encoding="utf-8"), what="the editor")
    steps = ("  - type: steps\n    name: Knee hug\n    steps: [Lie down., Hug a knee.]\n")
    browser.execute_script("const s = document.getElementById('source');"
                           "s.setSelectionRange(s.value.length, s.value.length);"
                           f"document.execCommand('insertText', false, {steps!r});"
                           "s.setSelectionRange(s.value.length - 5, s.value.length - 5);")
    by_id(browser, "insert-picture").click()
    wait_for(lambda: by_id(browser, "picker").get_attribute("open") is not None,
             what="the picker")
    browser.find_element("css selector", "#picker-list input[value='img-2041.jpg']").click()
    by_id(browser, "picker-step").click()
    by_id(browser, "picker-insert").click()
    wait_for(lambda: "Type what the picture shows" in by_id(browser, "picker-status").text,
             what="alt text asked for first")
    by_id(browser, "picker-alt").send_keys('Someone hugging one knee: "gently"')
    shot(browser, "picker")
    by_id(browser, "picker-insert").click()
    wait_for(lambda: '    image: img-2041.jpg\n    alt: "Someone hugging one knee: \\"gently\\""\n'
             in source(browser), what="the step's picture")
    saved(browser)
    # and a picture block
    by_id(browser, "insert-picture").click()
    wait_for(lambda: by_id(browser, "picker").get_attribute("open") is not None, what="picker")
    browser.find_element("css selector", "#picker-list input[value='img-2041.jpg']").click()
    by_id(browser, "picker-alt").send_keys("A knee hug")
    by_id(browser, "picker-insert").click()
    wait_for(lambda: "  - type: image\n    file: img-2041.jpg\n    alt: \"A knee hug\"\n"
             in source(browser), what="the picture block")
    saved(browser)
    used = {p["name"]: p["used_by"] for p in desk.json("GET", "/api/images")}
    assert used["img-2041"] == ["stretches"]


def test_restore_a_version_then_delete_and_bring_back(desk: Desk, browser: Any) -> None:
    path = desk.root / "handouts" / "see-your-doctor.yaml"
    first = path.read_text(encoding="utf-8")
    open_at(browser, desk, "#edit/en/see-your-doctor")
    wait_for(lambda: source(browser) == first, what="the editor")
    browser.execute_script("const s = document.getElementById('source');"
                           "s.setSelectionRange(s.value.length, s.value.length);"
                           "document.execCommand('insertText', false, '# a note\\n');")
    saved(browser)
    changed = path.read_text(encoding="utf-8")
    assert changed == first + "# a note\n"
    by_id(browser, "versions-open").click()
    wait_for(lambda: browser.find_elements("css selector", "#versions-list li button"),
             what="the versions")
    browser.find_element("css selector", "#versions-list li button").click()
    wait_for(lambda: by_id(browser, "version-text").get_attribute("value") == first,
             what="the old text beside today's")
    shot(browser, "versions")
    by_id(browser, "version-restore").click()
    wait_for(lambda: path.read_text(encoding="utf-8") == first and source(browser) == first,
             what="the restore")
    # delete it, then bring it back from the Deleted list
    browser.execute_script("window.confirm = () => true;")
    by_id(browser, "delete-handout").click()
    wait_for(lambda: not path.exists(), what="the delete")
    wait_for(lambda: browser.find_elements("css selector", "#deleted-list li[data-slug='see-your-doctor']"),
             what="the Deleted list")
    wait_for(lambda: "see-your-doctor" not in slugs(browser), what="the gallery without it")
    browser.execute_script("document.getElementById('deleted').scrollIntoView()")
    shot(browser, "deleted")
    browser.find_element("css selector", "#deleted-list li[data-slug='see-your-doctor'] button").click()
    wait_for(lambda: path.is_file() and path.read_text(encoding="utf-8") == first,
             what="the handout back")
    wait_for(lambda: "see-your-doctor" in slugs(browser), what="the handout back in the gallery")
