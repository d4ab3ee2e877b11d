"""Home programs on the command line, run for real: exercises, program, print --program."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.deliver.cups_server import ensure_system_printer, pdfs_in, wait_for_printed
from tests.program_support import pages, program_project, text_of

REPO = Path(__file__).resolve().parents[2]
PROGRAM = """\
title: After the race
for: Paul Rivera
note: Go gently for the first week.
date: 2026-12-08
exercises:
  - id: stretches/figure-four
    hold: 45 seconds
    note: Keep your head on the floor
  - stretches/knee-to-chest
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = program_project(tmp_path_factory.mktemp("program-cli"))
    (root / "paul.yaml").write_text(PROGRAM, encoding="utf-8")
    return root


def cli(root: Path, *args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, str(REPO / "make_handouts.py"), *args, "--root",
                           str(root)], capture_output=True, text=True, timeout=300, cwd=root)
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout, done.stderr


def test_exercises_lists_ids_names_and_doses(root: Path) -> None:
    code, out, _ = cli(root, "exercises")
    assert code == 0
    first = out.splitlines()[0].split()
    assert first[:4] == ["stretches/knee-to-chest", "Knee", "to", "chest"]
    code, out, _ = cli(root, "exercises", "--lang", "es")
    assert code == 0 and "Rodilla al pecho" in out and "long-exercises" not in out


def test_program_builds_into_the_clients_folder(root: Path) -> None:
    code, out, err = cli(root, "program", "paul.yaml")
    assert code == 0, err
    path = root / "out" / "clients" / "paul-rivera" / "Home program - for Paul Rivera.pdf"
    assert out.strip() == "built out/clients/paul-rivera/Home program - for Paul Rivera.pdf"
    words = text_of(path.read_bytes())
    assert "After the race" in words and "Hold: 45 seconds" in words
    assert "Keep your head on the floor" in words and "Go gently for the first week." in words
    assert words.index("Figure-four") < words.index("Knee to chest")


def test_the_command_line_wins_over_the_file(root: Path) -> None:
    code, _, err = cli(root, "program", "paul.yaml", "--for", "Ana Díaz", "--lang", "es",
                         "--large-print")
    assert code == 0, err
    path = root / "out" / "clients" / "ana-díaz" / "Programa en casa - para Ana Díaz (letra grande).pdf"
    assert path.is_file() and pages(path.read_bytes()) <= 2
    assert "Figura de cuatro" in text_of(path.read_bytes())


def test_a_wrong_id_is_one_line_naming_the_file(root: Path) -> None:
    (root / "bad.yaml").write_text("for: X\nexercises:\n  - id: stretches/figure-for\n")
    code, _, err = cli(root, "program", "bad.yaml")
    assert code == 1
    assert err.strip() == ("bad.yaml: there is no exercise 'stretches/figure-for' (did you mean "
                           "'stretches/figure-four'?); 'make_handouts.py exercises' lists them")
    code, _, err = cli(root, "print")
    assert code == 2 and "--program FILE.yaml" in err


def test_print_a_program(root: Path) -> None:
    folder = ensure_system_printer()
    before = pdfs_in(folder)
    code, out, err = cli(root, "print", "--program", "paul.yaml", "--printer", "HandoutsPDF")
    assert code == 0, err
    assert "After the race" in out
    wait_for_printed(folder, before, "Paul Rivera")
    code, out, _ = cli(root, "history")
    assert code == 0 and "Paul Rivera: printed on HandoutsPDF" in out
    assert "      Figure-four: hold 45 seconds · repeat 2--3 times each side" in out
