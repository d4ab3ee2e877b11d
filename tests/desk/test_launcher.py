"""The way in without a terminal: `shortcut` makes a Linux launcher whose Exec line starts
the desk for the project and opens the browser (here a stand-in that writes down the address
it is given: no real browser opens); a second start opens the running desk instead of
failing; a record whose process is gone is replaced. The `handouts` command is
`make_handouts.py` for the folder it starts in."""

from __future__ import annotations

import configparser
import http.client
import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import tomllib

from tests.desk.helpers import REPO, make_project, wait_for

RECORD = "desk-running.json"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home" / "Desktop").mkdir(parents=True)
    return tmp_path / "home"


def browser_stand_in(folder: Path) -> tuple[Path, Path]:
    """A program the desk takes for the web browser (BROWSER): it writes down each address."""
    seen = folder / "opened.txt"
    script = folder / "browser"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{seen}"\n', encoding="utf-8")
    script.chmod(0o755)
    return script, seen


def exec_of(entry: Path) -> tuple[list[str], str]:
    """The command of a .desktop file's Exec line, and its Path (the Desktop Entry spec:
    string escapes first, then quoting as a shell does)."""
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    line = section["Exec"].replace("\\\\", "\\").replace("%%", "%")
    return shlex.split(line), section["Path"]


def page(url: str) -> tuple[int, bytes]:
    parts = urlsplit(url)
    token = url.split("token=", 1)[1]
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", "/", headers={"Authorization": f"Bearer {token}",
                                          "Host": parts.netloc})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def test_the_launcher_starts_the_desk_and_a_second_start_opens_it(tmp_path: Path, home: Path) -> None:
    root = make_project(tmp_path / "my project")  # a space, as folders often have
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    done = subprocess.run([sys.executable, "make_handouts.py", "--root", str(root), "shortcut"],
                          cwd=REPO, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    menu = home / ".local" / "share" / "applications" / "handout-desk-my-project.desktop"
    icon = home / "Desktop" / "handout-desk-my-project.desktop"
    assert menu.is_file() and icon.read_bytes() == menu.read_bytes()
    assert menu.stat().st_mode & stat.S_IXUSR
    command, folder = exec_of(menu)
    assert command[0] == sys.executable and Path(folder) == root.resolve()
    assert command[command.index("--root") + 1] == str(root.resolve())
    assert "--no-browser" not in command  # a double-click opens the browser

    script, opened = browser_stand_in(tmp_path)
    env["BROWSER"] = str(script)
    first = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        (url,) = wait_for(lambda: lines(opened), what="the desk to open the browser")
        assert page(url)[0] == 200 and b"Handout desk" in page(url)[1]
        record = root / "out" / RECORD
        assert stat.S_IMODE(record.stat().st_mode) == 0o600
        saved = json.loads(record.read_text(encoding="utf-8"))
        assert saved["url"] == url and saved["pid"] == first.pid and url.endswith(saved["token"])

        again = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                               timeout=60, check=False)
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith(f"the handout desk is already running at {url}")
        assert lines(opened) == [url, url]  # the same desk, opened again
    finally:
        first.send_signal(2)
        _, err = first.communicate(timeout=60)
    assert first.returncode == 0 and "Traceback" not in err
    assert not (root / "out" / RECORD).exists()  # the desk took its record with it


def test_a_record_whose_process_is_gone_is_replaced(tmp_path: Path, home: Path) -> None:
    root = make_project(tmp_path / "p").resolve()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (root / "out").mkdir()
    (root / "out" / RECORD).write_text(json.dumps({
        "url": "http://127.0.0.1:9/?token=old", "pid": int(gone), "token": "old",
        "root": str(root)}), encoding="utf-8")
    script, opened = browser_stand_in(tmp_path)
    env = {**os.environ, "HOME": str(home), "BROWSER": str(script)}
    desk = subprocess.Popen([sys.executable, "make_handouts.py", "--root", str(root), "serve",
                             "--port", "0"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        (url,) = wait_for(lambda: lines(opened), what="a new desk to open the browser")
        assert "token=old" not in url and page(url)[0] == 200
        assert json.loads((root / "out" / RECORD).read_text())["pid"] == desk.pid
    finally:
        desk.send_signal(2)
        desk.communicate(timeout=60)
    assert desk.returncode == 0


def test_the_handouts_command_is_make_handouts_for_the_folder_it_starts_in(tmp_path: Path) -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"handouts": "handoutkit.cli.main:console"}
    root = make_project(tmp_path / "p")
    console = (f"import sys; sys.path.insert(0, {str(REPO)!r}); "
               "from handoutkit.cli.main import console; console()")
    done = subprocess.run([sys.executable, "-c", console, "list"], cwd=root,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Your lumbar curve" in done.stdout  # this folder's handouts, not the repo's
    assert "Erector" not in done.stdout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-c", console, "--root", str(root), "list"],
                          cwd=elsewhere, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "Gentle stretches" in done.stdout


def test_the_installed_handouts_command_runs_anywhere_with_root(tmp_path: Path) -> None:
    installed = Path(sys.executable).parent / ("handouts.exe" if os.name == "nt" else "handouts")
    if not installed.exists():
        if os.environ.get("CI"):
            pytest.fail("pip install -e . must install the handouts command")
        pytest.skip("the handouts command is installed by pip install -e . (as CI does)")
    root = make_project(tmp_path / "p")
    done = subprocess.run([str(installed), "--root", str(root), "list"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Your lumbar curve" in done.stdout
