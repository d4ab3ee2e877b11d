"""Every test file on disk is collected by the README's test command: no folder is skipped
silently (pytest passes over folders named like build output, such as build/ or dist/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _collected_files() -> set[str]:
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-o", "addopts=",
                           "-p", "no:cacheprovider"],
                          cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    files = set()
    for line in done.stdout.splitlines():
        node = line.strip()
        if "::" in node:
            files.add(node.split("::", 1)[0])
    return files


def test_every_test_file_on_disk_is_collected() -> None:
    on_disk = {p.relative_to(REPO).as_posix() for p in (REPO / "tests").rglob("test_*.py")
               if "fixtures" not in p.parts}
    collected = _collected_files()
    assert on_disk, "no test files found"
    assert "tests/press/test_batch.py" in collected  # the folder that was once skipped
    missing = sorted(on_disk - collected)
    assert not missing, f"pytest does not collect: {missing}"


def test_no_folder_is_named_like_build_output() -> None:
    skipped_names = {"build", "dist", "_build", "out", "target", "site", "venv"}
    for top in ("handoutkit", "tests"):
        for folder in (REPO / top).rglob("*"):
            if folder.is_dir():
                assert folder.name not in skipped_names, folder
