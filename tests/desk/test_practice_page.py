"""The Practice view in a real headless Chromium, as the therapist uses it: the banner names
the made-up details; typing the real phone number shows the page with it and a wrong one is
refused at the field; saving shrinks the banner; a personal handout downloaded afterwards
prints the new number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.desk.helpers import Desk, chromium, make_project, running_desk, wait_for

PHONE = "(816) 531-2368"
NAME = "Ana Ruiz"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    root = make_project(tmp_path_factory.mktemp("practice-page"))
    with running_desk(root) as running:
        yield running


def banner_fields(browser: Any) -> list[str]:
    return browser.execute_script(
        "const b = document.getElementById('placeholder-banner');"
        "return b.hidden ? [] : Array.from(b.querySelectorAll('li')).map(li => li.dataset.field)")


def test_fill_in_the_phone_and_the_next_handout_has_it(desk: Desk, tmp_path: Path) -> None:
    with chromium(tmp_path) as browser:
        browser.get(desk.url)
        before = wait_for(lambda: banner_fields(browser), what="the placeholder banner")
        assert before[:4] == ["phone", "email", "website", "booking_url"]
        banner = browser.find_element("id", "placeholder-banner")
        assert "phone" in banner.text and "Practice view" in banner.text
        banner.find_element("css selector", "a[href='#practice']").click()
        wait_for(lambda: browser.find_element("id", "practice").is_displayed(), what="the view")
        assert not browser.find_element("id", "desk").is_displayed()
        drawn = wait_for(lambda: browser.find_element("id", "p-preview").get_attribute("data-drawn"),
                         what="the first picture")
        phone = browser.find_element("id", "p-practice-phone")
        wait_for(lambda: phone.get_attribute("value") == "(816) 555-0142", what="the phone field")
        # a wrong number is refused at its field, as typed
        phone.clear()
        phone.send_keys("call me")
        why = browser.find_element("id", "why-practice-phone")
        wait_for(lambda: "not a phone number" in why.text, what="the phone to be refused")
        assert phone.get_attribute("aria-invalid") == "true"
        # the real one: the picture is drawn again with it, the field is fine
        phone.clear()
        phone.send_keys(PHONE)
        wait_for(lambda: why.text == "" and browser.find_element("id", "p-preview")
                 .get_attribute("data-drawn") not in (None, drawn), what="a new picture")
        browser.find_element("id", "practice-save").click()
        status = browser.find_element("id", "practice-status")
        wait_for(lambda: status.text.startswith("Saved."), what="the save")
        after = wait_for(lambda: (f := banner_fields(browser)) and len(f) < len(before) and f,
                         what="the banner to shrink")
        assert "phone" not in after and after[0] == "email"
        browser.save_screenshot(str(tmp_path / "practice.png"))
        # a personal handout from the desk carries the new number
        browser.find_element("css selector", "a[href='#desk']").click()
        box = wait_for(lambda: browser.find_elements("css selector", "#cards input[value=psoas]"),
                       what="the gallery")[0]
        box.click()
        browser.find_element("id", "name").send_keys(NAME)
        before_files = set(browser.downloads.glob("*"))
        browser.find_element("id", "download").click()

        def pdf() -> Path | None:
            new = [p for p in browser.downloads.glob("*.pdf") if p not in before_files]
            return new[0] if new and not list(browser.downloads.glob("*.crdownload")) else None

        text = " ".join(PdfReader(wait_for(pdf, what="the download")).pages[0].extract_text().split())
        assert PHONE in text and f"Prepared for {NAME}" in text and "555-0142" not in text
