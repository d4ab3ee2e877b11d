"""Shared fixtures: a throw-away project folder and a real run of the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"

@pytest.fixture(scope="session", autouse=True)
def password_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test, and every program a test starts, keeps mail passwords in a plain file in
    a temporary folder (keyrings.alt, named by keyring's own PYTHON_KEYRING_BACKEND), never
    in this computer's real password store."""
    folder = tmp_path_factory.mktemp("password-store")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(folder)
    return folder


if str(REPO) not in sys.path:  # import handoutkit from this checkout, however pytest is started
    sys.path.insert(0, str(REPO))

# The same clock and language settings on every machine, for this process and every command
# a test starts: a date printed "today" or a sorted list must not depend on where it runs.
os.environ.update({"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
os.environ.pop("LANGUAGE", None)
time.tzset()


@dataclass
class TempProject:
    """A project root in a temporary folder: layouts/, images/ and an empty handouts/."""

    root: Path

    @property
    def handouts(self) -> Path:
        """The handouts/ folder."""
        return self.root / "handouts"

    @property
    def images(self) -> Path:
        """The images/ folder (a copy of tests/fixtures/images)."""
        return self.root / "images"

    @property
    def out(self) -> Path:
        """Where a build writes by default (out/ in the root)."""
        return self.root / "out"

    def write(self, slug: str, text: str) -> Path:
        """Write *text* (dedented, so it can be indented in the test) to handouts/<slug>.yaml."""
        path = self.handouts / f"{slug}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path


@pytest.fixture
def make_project(tmp_path: Path) -> TempProject:
    """A fresh project root in tmp_path, with the real layouts/ and the test images/.

    handouts/ starts empty; add files with ``make_project.write("slug", '''yaml text''')``.
    ``make_project.root`` is the folder to pass to load_project() or ``--root``.
    """
    shutil.copytree(REPO / "layouts", tmp_path / "layouts")
    shutil.copytree(FIXTURES / "images", tmp_path / "images")
    (tmp_path / "handouts").mkdir()
    return TempProject(tmp_path)


@pytest.fixture
def run_cli(make_project: TempProject):
    """Run ``python make_handouts.py ARGS...`` as a real subprocess from the repository.

    Returns ``(returncode, stdout, stderr)``. ``--root <the make_project folder>`` is put in
    front of the arguments unless ``add_root=False`` (then place ``--root`` yourself).
    """

    def run(*args: str | Path, add_root: bool = True, timeout: float = 60) -> tuple[int, str, str]:
        cmd = [sys.executable, "make_handouts.py"]
        if add_root:
            cmd += ["--root", str(make_project.root)]
        cmd += [str(a) for a in args]
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                              check=False)
        return done.returncode, done.stdout, done.stderr

    return run
