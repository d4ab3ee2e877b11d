"""The desk's Program view in a real headless Chromium: add three exercises, change a hold,
reorder by button and keyboard, see the page fit, download; then start from the last one."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from tests.desk.helpers import Desk, chromium, running_desk, wait_for
from tests.desk.test_page import by_id, downloaded, result
from tests.program_support import LONG, program_project

DRAG = """
const [from, to] = [arguments[0], arguments[1]].map(
  (id) => document.querySelector(`#program-chosen li[data-id="${id}"]`));
const data = new DataTransfer();
from.dispatchEvent(new DragEvent("dragstart", { bubbles: true, dataTransfer: data }));
to.dispatchEvent(new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer: data }));
to.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: data }));
"""
SHOTS = None  # a path (pathlib.Path) to keep a screenshot while working on the page


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    root = program_project(tmp_path_factory.mktemp("program-page"))
    with running_desk(root) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium"), size="1400,1000") as driver:
        yield driver


def chosen(browser: Any) -> list[str]:
    return [e.get_attribute("data-id") for e in
            browser.find_elements("css selector", "#program-chosen li")]


def add(browser: Any, ident: str) -> None:
    browser.find_element("css selector", f'#exercise-cards li[data-id="{ident}"] button.add').click()
    wait_for(lambda: ident in chosen(browser), what=f"{ident} in the program")


def in_program(browser: Any, ident: str, css: str) -> Any:
    return browser.find_element("css selector", f'#program-chosen li[data-id="{ident}"] {css}')


def fit_says(browser: Any, start: str) -> str:
    return wait_for(lambda: (t := by_id(browser, "program-fit").text).startswith(start) and t,
                    what=f"the page to say '{start}...'")


def test_add_dose_reorder_and_download(desk: Desk, browser: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(desk.url + "#program")
    wait_for(lambda: len(browser.find_elements("css selector", "#exercise-cards li")) == 5 + LONG,
             what="the exercise library")
    assert by_id(browser, "cards").is_displayed() is False  # the handouts give way to it
    by_id(browser, "exercise-search").send_keys("hug one knee")
    wait_for(lambda: len(browser.find_elements("css selector", "#exercise-cards li")) == 1,
             what="the search to find knee to chest")
    add(browser, "stretches/knee-to-chest")
    by_id(browser, "exercise-search").clear()
    by_id(browser, "exercise-search").send_keys(" ")
    add(browser, "stretches/figure-four")
    add(browser, "stretches/childs-pose")
    by_id(browser, "name").send_keys("Paul Rivera")
    # the dose fields hold the exercise's own doses; one hold is changed
    hold = in_program(browser, "stretches/figure-four", "input.dose-hold")
    assert hold.get_attribute("value") == "20--30 seconds"
    hold.clear()
    hold.send_keys("50 seconds")
    in_program(browser, "stretches/figure-four", "input.dose-note").send_keys("Head down")
    # reorder: a button, then the keyboard
    in_program(browser, "stretches/childs-pose", "button.move-up").click()
    wait_for(lambda: chosen(browser) == ["stretches/knee-to-chest", "stretches/childs-pose",
                                         "stretches/figure-four"], what="child's pose moved up")
    row = browser.find_element("css selector", '#program-chosen li[data-id="stretches/childs-pose"]')
    row.send_keys(Keys.ALT, Keys.ARROW_UP)
    order = ["stretches/childs-pose", "stretches/knee-to-chest", "stretches/figure-four"]
    wait_for(lambda: chosen(browser) == order, what="child's pose moved up by keyboard")
    fit_says(browser, "Fits on one page.")
    wait_for(lambda: by_id(browser, "program-pages").get_attribute("data-drawn"),
             what="the page's picture")
    if SHOTS:
        browser.save_screenshot(str(SHOTS))
    before = set(browser.downloads.glob("*"))
    by_id(browser, "download").click()
    assert result(browser, "Downloaded") == "Downloaded Home program - for Paul Rivera.pdf."
    pdf = downloaded(browser.downloads, ".pdf", before)
    assert pdf.name == "Home program - for Paul Rivera.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    words = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1 and "Prepared for Paul Rivera" in words
    places = [words.index(n) for n in ("Child’s pose", "Knee to chest", "Figure-four")]
    assert places == sorted(places)  # the order chosen on the page
    figure = words[places[2]:]
    assert "Hold: 50 seconds" in figure and "Head down" in figure
    assert "Hold: 50 seconds" not in words[:places[2]]


def test_too_many_says_how_many_to_remove(desk: Desk, browser: Any) -> None:
    browser.get(desk.url + "#program")
    wait_for(lambda: len(browser.find_elements("css selector", "#exercise-cards li")) == 5 + LONG,
             what="the exercise library")
    by_id(browser, "name").send_keys("Long Day")
    for n in range(1, LONG + 1):
        add(browser, f"long-exercises/long-exercise-{n}")
    said = fit_says(browser, "Too long")
    assert said.startswith("Too long: remove ") and said.endswith(("exercise.", "exercises."))


def test_a_returning_client_starts_from_the_last_program(desk: Desk, browser: Any) -> None:
    for hold in ("1 minute", "50 seconds"):  # two kept programs: the later one is loaded
        status, _, _ = desk.call("POST", "/api/program", {
            "client": {"name": "Rosa Díaz"}, "save": True, "exercises": [
                {"id": "stretches/childs-pose"}, {"id": "stretches/knee-to-chest"},
                {"id": "stretches/figure-four", "hold": hold}]})
        assert status == 200
    browser.get(desk.url + "#program")
    wait_for(lambda: len(browser.find_elements("css selector", "#exercise-cards li")) == 5 + LONG,
             what="the exercise library")
    by_id(browser, "name").send_keys("rosa díaz")
    wait_for(lambda: by_id(browser, "program-last").is_displayed(), what="the last program")
    by_id(browser, "program-last").click()
    wait_for(lambda: chosen(browser) == ["stretches/childs-pose", "stretches/knee-to-chest",
                                         "stretches/figure-four"], what="the last program loaded")
    hold = in_program(browser, "stretches/figure-four", "input.dose-hold")
    assert hold.get_attribute("value") == "50 seconds"
    # dragged onto the first place (the browser's own drag events, as a mouse sends them)
    browser.execute_script(DRAG, "stretches/figure-four", "stretches/childs-pose")
    wait_for(lambda: chosen(browser) == ["stretches/figure-four", "stretches/childs-pose",
                                         "stretches/knee-to-chest"], what="figure-four dragged")
    in_program(browser, "stretches/knee-to-chest", "button.remove").click()
    wait_for(lambda: chosen(browser) == ["stretches/figure-four", "stretches/childs-pose"],
             what="knee to chest removed")


def test_print_and_email_from_the_client_panel_make_the_program(desk: Desk, browser: Any) -> None:
    import email
    from email.policy import default

    from tests.deliver.cups_server import ensure_system_printer, pdfs_in, wait_for_printed

    browser.get(desk.url + "#program")
    wait_for(lambda: len(browser.find_elements("css selector", "#exercise-cards li")) == 5 + LONG,
             what="the exercise library")
    by_id(browser, "name").send_keys("Mia Chen")
    add(browser, "stretches/pelvic-tilt")
    repeat = in_program(browser, "stretches/pelvic-tilt", "input.dose-repeat")
    repeat.clear()
    repeat.send_keys("15 times")
    folder = ensure_system_printer()
    before = pdfs_in(folder)
    wait_for(lambda: by_id(browser, "printer").get_attribute("value") == "HandoutsPDF",
             what="the printer list")
    by_id(browser, "print").click()
    result(browser, "Sent to HandoutsPDF")
    wait_for_printed(folder, before, "Mia Chen")
    by_id(browser, "to").send_keys("mia@example.com")
    downloads = set(browser.downloads.glob("*"))
    by_id(browser, "draft").click()
    result(browser, "Downloaded the email draft")
    eml = downloaded(browser.downloads, ".eml", downloads)
    msg = email.message_from_bytes(eml.read_bytes(), policy=default)
    (part,) = msg.iter_attachments()
    assert part.get_filename() == "Home program - for Mia Chen.pdf"
    words = " ".join(PdfReader(io.BytesIO(part.get_content())).pages[0].extract_text().split())
    assert "Repeat: 15 times" in words and "Pelvic tilt" in words
    history = desk.json("GET", "/api/history?client=mia%20chen")
    assert [d["how"] for d in history] == ["email-draft", "print"]
    assert all(d["program"]["exercises"][0]["repeat"] == "15 times" for d in history)
