"""Two builds started at once into the same output folder both finish, and what they leave
is valid: whole PDFs, and a whole set from one build or the other, never a mix.

Both builds are real subprocesses of the command line, with fsync slowed down so that their
writing overlaps in time; the output folder's lock makes them write one set after the other.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from pypdf import PdfReader

from tests import support

REPO = Path(__file__).resolve().parents[2]
SLOW_BUILD = """\
import os, sys, time
_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(0.02)
    _fsync(fd)
os.fsync = slow_fsync
from handoutkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def make_project(root: Path, version: str) -> Path:
    """The shipped handouts and brand, with every title saying *version*."""
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(REPO / "images", root / "images")
    shutil.copytree(REPO / "handouts", root / "handouts")
    support.without_placeholders(root)  # about concurrency: no placeholder warning on stderr
    for path in (root / "handouts").rglob("*.yaml"):  # every language
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["title"] = f"{version}: {data['title']}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def check_valid(path: Path) -> None:
    """A whole PDF: qpdf (when installed) finds nothing, pypdf and pdfium read every page."""
    qpdf = shutil.which("qpdf")
    if qpdf:
        done = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True,
                              check=False, timeout=60)
        assert done.returncode == 0, f"{path}: {done.stdout}{done.stderr}"
    assert len(PdfReader(path, strict=True).pages) >= 1
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            assert page.get_textpage().get_text_range().strip()
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, bytes]]]:
    """Two versions of the project, each with what a build of it alone writes."""
    found = {}
    for version in ("Blue", "Green"):
        root = make_project(tmp_path_factory.mktemp(version), version)
        done = subprocess.run([sys.executable, "make_handouts.py", "--root", str(root)], cwd=REPO,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        found[version] = (root, outputs(root / "out"))
    blue, green = found["Blue"][1], found["Green"][1]
    assert set(blue) == set(green) and all(blue[n] != green[n] for n in blue)
    return found


def build_twice_at_once(roots: list[Path], out: Path) -> None:
    processes = [subprocess.Popen([sys.executable, "-c", SLOW_BUILD, "--root", str(root),
                                   "--out", str(out)], cwd=REPO, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for root in roots]
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert stderr == ""
        assert "built " in stdout


def test_two_builds_of_the_same_project_at_once(projects, tmp_path):
    root, expected = projects["Blue"]
    out = tmp_path / "shared-out"
    build_twice_at_once([root, root], out)
    assert outputs(out) == expected
    for path in out.rglob("*.pdf"):
        check_valid(path)
    assert [p.name for p in out.rglob("*") if p.name.endswith(".tmp")] == []


def test_two_builds_of_different_content_leave_one_whole_set(projects, tmp_path):
    (blue_root, blue), (green_root, green) = projects["Blue"], projects["Green"]
    out = tmp_path / "shared-out"
    build_twice_at_once([blue_root, green_root], out)
    now = outputs(out)
    assert now in (blue, green), "the two builds' files were interleaved"
    for path in out.rglob("*.pdf"):
        check_valid(path)
    assert [p.name for p in out.rglob("*") if p.name.endswith(".tmp")] == []
