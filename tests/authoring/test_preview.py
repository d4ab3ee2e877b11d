"""`preview`: a PNG of each page, the contact sheet, and the gallery page, which is also
loaded in a real headless Chromium to see every thumbnail and follow every link."""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from handoutkit.authoring.preview import BACKGROUND, make_previews, wrap
from handoutkit.cli.progress import ProgressBar
from handoutkit.content.markup import plain
from tests import support

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
TITLES = {"alpha": 'Alpha <&> "quoted" title', "beta": "Beta: a second one", "gamma": "Gamma"}


def _handout(title: str, order: int) -> str:
    return textwrap.dedent(f"""\
        title: '{title}'
        category: muscle
        order: {order}
        reviewed: 2026-11-25
        blocks:
          - type: heading
            text: Start here
          - type: text
            text: Gentle movement helps your back feel better each day.
          - type: image
            file: square.svg
            alt: A square.
            caption: A square.
    """)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("preview")
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(FIXTURES / "images", root / "images")
    (root / "handouts").mkdir()
    for order, (slug, title) in enumerate(TITLES.items(), 1):
        (root / "handouts" / f"{slug}.yaml").write_text(_handout(title, order), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def out(project: Path) -> Path:
    calls: list[tuple[int, int, str]] = []
    report = make_previews(support.request(project), progress=lambda *a: calls.append(a))
    assert [p.name for p in report.pictures] == ["alpha.png", "beta.png", "gamma.png"]
    assert calls[-1] == (3, 3, "picture of gamma")  # the bar also follows the pictures
    return project / "out"


def test_each_handout_becomes_a_page_sized_png(out: Path) -> None:
    for slug in TITLES:
        with Image.open(out / "preview" / f"{slug}.png") as img:
            assert img.format == "PNG"
            assert img.size == (850, 1100)  # US Letter at 100 dpi
            assert img.convert("L").getextrema()[0] < 80  # there is dark ink on the page


def test_contact_sheet_shows_every_handout_with_its_title(out: Path) -> None:
    with Image.open(out / "preview" / "contact-sheet.png") as sheet:
        sheet = sheet.convert("RGB")
        width, height = sheet.size
        assert width > 3 * 240 and height > 300
        row = height // 3  # the thumbnails' upper part: three white pages on the background
        cells = [sheet.getpixel((28 + i * (240 + 28) + 120, row)) for i in range(3)]
        assert all(c != BACKGROUND for c in cells), cells
        title_band = sheet.crop((28, height - 28 - 60, width - 28, height - 28)).convert("L")
        assert title_band.getextrema()[0] < 100  # dark title text under the thumbnails


def test_long_titles_wrap_and_end_with_an_ellipsis() -> None:
    from handoutkit.authoring.preview import _font

    font = _font(True, 15)
    lines = wrap("Everything is connected: a very long title that goes on and on and on "
                 "and on about the low back", font, 240, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 240 for line in lines)


def test_gallery_escapes_titles_and_links_relatively(out: Path) -> None:
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Alpha &lt;&amp;&gt; \u201cquoted\u201d title" in page  # curly, as printed
    assert 'Alpha <&>' not in page
    for slug in TITLES:
        assert f'href="handouts/{slug}.pdf"' in page
        assert f'src="preview/{slug}.png?v=' in page
    assert str(out) not in page  # relative links only: the folder can be moved or shared
    assert page.index("alpha.pdf") < page.index("beta.pdf") < page.index("gamma.pdf")


def test_previewing_one_handout_keeps_the_others_in_the_gallery(project: Path, out: Path) -> None:
    before = (out / "preview" / "beta.png").stat().st_mtime_ns
    report = make_previews(support.request(project, out, ["alpha"]))
    assert [p.name for p in report.pictures] == ["alpha.png"]
    assert [i.slug for i in report.items] == ["alpha", "beta", "gamma"]
    assert (out / "preview" / "beta.png").stat().st_mtime_ns == before
    assert "handouts/gamma.pdf" in (out / "index.html").read_text(encoding="utf-8")


def test_preview_command_prints_where_the_gallery_is(run_cli, make_project) -> None:
    make_project.write("one", _handout("One", 1))
    code, out, err = run_cli("preview")
    assert code == 0, err
    assert "Traceback" not in err
    assert (make_project.out / "preview" / "one.png").is_file()
    assert (make_project.out / "preview" / "contact-sheet.png").is_file()
    assert (make_project.out / "index.html").as_uri() in out
    assert err == ""  # no progress bar when the output is not a terminal


# -- the gallery in a real browser ----------------------------------------------------------


@pytest.fixture
def served(out: Path) -> Iterator[str]:
    """out/ served over HTTP on 127.0.0.1, as a browser would see the folder."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def browser(tmp_path: Path):
    """Headless Chromium driven through chromedriver (Debian: chromium, chromium-driver)."""
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium or chromedriver missing ({CHROMIUM}, {CHROMEDRIVER}); "
                        "CI must install the Debian packages chromium and chromium-driver")
        pytest.skip("Chromium and chromedriver are not installed (Debian packages chromium and "
                    "chromium-driver; .ci/run installs them)")
    os.environ.setdefault("SE_AVOID_STATS", "true")  # selenium: no usage statistics
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


FETCH = """
const done = arguments[arguments.length - 1];
Promise.all(Array.from(document.querySelectorAll('li a')).map(async a => {
  const r = await fetch(a.href);
  const head = new Uint8Array(await r.arrayBuffer()).slice(0, 5);
  return {href: a.getAttribute('href'), status: r.status,
          type: r.headers.get('content-type'), head: String.fromCharCode(...head)};
})).then(done, e => done(String(e)));
"""
IMAGES = """
const done = arguments[arguments.length - 1];
Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)))
  .then(() => done(Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth])));
"""


def test_gallery_in_headless_chromium(browser, served: str, out: Path, tmp_path: Path) -> None:
    browser.get(f"{served}/index.html")
    assert browser.title.endswith("handouts")
    images = browser.execute_async_script(IMAGES)
    assert len(images) == len(TITLES)
    for src, natural_width in images:
        assert natural_width > 0, f"thumbnail {src} did not load"
    captions = [e.text for e in browser.find_elements("css selector", "li span")]
    assert captions == [plain(t) for t in TITLES.values()]  # as printed: <&> and curly quotes
    links = browser.execute_async_script(FETCH)
    assert isinstance(links, list), links
    assert [link["href"] for link in links] == [f"handouts/{s}.pdf" for s in TITLES]
    for link in links:
        assert link["status"] == 200, link
        assert link["type"] == "application/pdf" or link["head"] == "%PDF-", link
    shot = tmp_path / "gallery.png"
    browser.save_screenshot(str(shot))
    with Image.open(shot) as img:
        assert img.convert("L").getextrema()[0] < 80  # something was drawn
    browser.find_element("css selector", "li a").click()
    assert browser.current_url == f"{served}/handouts/alpha.pdf"


# -- the progress bar -----------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_and_erases_itself() -> None:
    term = _Terminal()
    with ProgressBar(term) as bar:
        for i in range(1, 6):
            bar(i, 5, f"handout-{i}")
            if i == 2:
                assert term.getvalue().endswith("2/5 handout-2")
    text = term.getvalue()
    assert "[" + "#" * 28 + "] 5/5 handout-5" in text
    assert text.endswith("\r")  # erased: what the command prints next starts on a clean line
    assert text.split("\r")[-2].strip() == ""


def test_progress_bar_is_silent_when_not_a_terminal_or_for_a_few_files() -> None:
    pipe = io.StringIO()
    with ProgressBar(pipe) as bar:
        for i in range(1, 20):
            bar(i, 19, "x")
    assert pipe.getvalue() == ""
    term = _Terminal()
    with ProgressBar(term) as bar:
        for i in range(1, 4):
            bar(i, 3, "x")
    assert term.getvalue() == ""
