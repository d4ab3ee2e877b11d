"""The shipped set comes out byte for byte as recorded: a change in how the code is arranged
must not change a single page.

The figures in tests/fixtures/shipped-sha256.json were recorded before the package was
rearranged into subpackages. A change that is meant to alter pages (new wording, a new
look) records them again, on purpose and in the same commit:
    HANDOUTKIT_RECORD=1 python -m pytest tests/test_same_output.py
PDF bytes depend on the libraries that write them, so the figures hold for the versions
recorded beside them; with other versions the comparison is skipped and says why.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RECORD = REPO / "tests" / "fixtures" / "shipped-sha256.json"


def _run(*args: str | Path) -> None:
    done = subprocess.run([sys.executable, "make_handouts.py", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr


def _made(out: Path) -> dict[str, str]:
    _run("--out", out, "--force")
    _run("booklet", "--imposed", "--out", out / "booklet.pdf", "--force")
    _run("build", "psoas", "stretches", "--for", "Paul Rivera", "--note", "Ice 15 min",
         "--date", "2026-11-25", "--out", out, "--force")
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*.pdf"))}


def test_the_shipped_set_is_byte_identical_to_the_record(tmp_path: Path) -> None:
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    installed = {name: version(name) for name in recorded["libraries"]}
    made = _made(tmp_path / "out")
    if os.environ.get("HANDOUTKIT_RECORD"):
        RECORD.write_text(json.dumps({"libraries": installed, "files": made}, indent=2,
                                     ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.skip("recorded the figures again")
    if installed != recorded["libraries"]:
        pytest.skip(f"recorded with {recorded['libraries']}, installed {installed}")
    assert set(made) == set(recorded["files"])
    changed = sorted(name for name, digest in made.items() if recorded["files"][name] != digest)
    assert not changed, f"these files changed: {changed}"
