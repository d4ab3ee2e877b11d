"""The desk's tests share these: a small project, the real `serve` command running on a free
port, raw HTTP requests with every header under the test's control, and a real Chromium."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests import support

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
START = 60.0  # seconds the desk may take to say where it is
HANDOUTS = {  # slug: (title, category, text)
    "psoas": ("Psoas: your deep hip flexor", "muscle", "The psoas joins your spine to your thigh."),
    "stretches": ("Gentle stretches", "self-care", "Stretch slowly and breathe."),
    "lumbar-curve": ("Your lumbar curve", "anatomy", "A gentle arch makes your back strong."),
    "see-your-doctor": ("When to see your doctor", "referral", "Some pain needs a doctor."),
}
SPANISH = {"psoas": "Psoas: su flexor profundo", "stretches": "Estiramientos suaves"}


def make_project(root: Path) -> Path:
    """A project folder with the real layouts, the test pictures, four small handouts and
    two Spanish ones (handouts/es/)."""
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(FIXTURES / "images", root / "images")
    (root / "handouts" / "es").mkdir(parents=True)
    for order, (slug, (title, category, text)) in enumerate(HANDOUTS.items(), 1):
        (root / "handouts" / f"{slug}.yaml").write_text(
            support.handout_yaml(json.dumps(title), order, category=category, text=text),
            encoding="utf-8")
    for order, (slug, title) in enumerate(SPANISH.items(), 1):
        (root / "handouts" / "es" / f"{slug}.yaml").write_text(
            support.handout_yaml(json.dumps(title, ensure_ascii=False), order,
                                 text="Texto en español."), encoding="utf-8")
    return root


@dataclass
class Desk:
    """A running desk: its address, token, process and what it printed."""

    url: str
    token: str
    proc: subprocess.Popen[str]
    root: Path
    out: Path
    lines: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        """The Host header of the desk's own address (127.0.0.1:PORT)."""
        return urlsplit(self.url).netloc

    @property
    def port(self) -> int:
        """The port the desk listens on."""
        return int(urlsplit(self.url).port or 0)

    def raw(self, method: str, path: str, *, headers: dict[str, str] | None = None,
            body: bytes | None = None, auth: bool = True) -> tuple[int, dict[str, str], bytes]:
        """One request with exactly these headers (Host too): (status, headers, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            sent = {"Host": self.host, **(headers or {})}
            if auth:
                sent.setdefault("Authorization", f"Bearer {self.token}")
            if body is not None:
                sent.setdefault("Content-Length", str(len(body)))
            for key, value in sent.items():
                if value is not None:
                    conn.putheader(key, value)
            conn.endheaders(body)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def call(self, method: str, path: str, payload: Any = None,
             **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        """A request as a script sends it: the token as a Bearer header, a body as JSON."""
        headers = dict(kwargs.pop("headers", {}) or {})
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers.setdefault("Content-Type", "application/json")
        return self.raw(method, path, headers=headers, body=body, **kwargs)

    def json(self, method: str, path: str, payload: Any = None, expect: int = 200) -> Any:
        """The JSON answer of a request that must answer *expect*."""
        status, _, body = self.call(method, path, payload)
        assert status == expect, (status, body[:500])
        return json.loads(body)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a person stops it: (exit status, everything it wrote to stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return self.proc.returncode, err


def _reader(stream: Any, lines: queue.Queue[str | None]) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)


@contextlib.contextmanager
def running_desk(root: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[Desk]:
    """`python make_handouts.py serve --port 0 --no-browser` on *root*, until the block ends;
    then Ctrl-C, which must end it with status 0 and no traceback."""
    out = root / "out"
    base = {k: v for k, v in os.environ.items() if k != "HANDOUTKIT_SMTP_PASSWORD"}
    proc = subprocess.Popen([sys.executable, "make_handouts.py", "--root", str(root), "serve",
                             "--port", "0", "--no-browser", "--out", str(out), *extra],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**base, **(env or {})}, start_new_session=True)
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    deadline = time.monotonic() + START
    first = None
    while first is None:
        try:
            first = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            proc.kill()
            pytest.fail(f"the desk did not say where it is within {START:.0f} s: {proc.stderr.read()}")
        if first is None:
            pytest.fail(f"the desk stopped before it started: {proc.stderr.read()}")
    url = first.split()[first.split().index("at") + 1]
    desk = Desk(url, url.split("token=", 1)[1], proc, root, out, [first])
    try:
        yield desk
    finally:
        code, err = desk.stop()
        assert "Traceback" not in err, err
        assert code == 0, (code, err)


@contextlib.contextmanager
def chromium(folder: Path, size: str = "1280,900") -> Iterator[Any]:
    """Headless Chromium (Debian's chromium and chromium-driver) with a fresh profile,
    saving downloads in *folder*/downloads."""
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        if os.environ.get("CI"):
            pytest.fail("CI must install the Debian packages chromium and chromium-driver")
        pytest.skip("Chromium and chromedriver are not installed (Debian packages chromium and "
                    "chromium-driver; .ci/run installs them)")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = folder / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", f"--window-size={size}",
                f"--user-data-dir={folder / 'profile'}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads  # where the tests look for saved files
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Any, timeout: float = 60.0, what: str = "the condition") -> Any:
    """Poll *condition* until it returns something true; fail after *timeout* seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)
