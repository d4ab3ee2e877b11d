"""The command line, run for real as a subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests import support

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROBLEM_LINE = re.compile(r"^handouts/[\w.-]+\.yaml:\d+: ")
REPO = Path(__file__).resolve().parents[2]
COMMANDS = ["build", "booklet", "check", "list", "schema", "preview", "watch", "new", "print",
            "email", "history", "versions", "restore"]



BROKEN = """\
    title: Broken
    category: muscle
    order: 5
    reviewed: 2026-11-25
    blocks:
      - type: buletts
        items: [a]
"""


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below *folder* (hidden ones too) with its bytes."""
    # the output folder's lock file (.handoutkit.lock) is not an output
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (".handoutkit.lock", ".handoutkit-cache.json")}


def test_help_exits_0(run_cli):
    code, out, err = run_cli("--help", add_root=False)
    assert code == 0, err
    assert out.startswith("usage: make_handouts.py")
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(run_cli, command):
    code, out, err = run_cli(command, "--help", add_root=False)
    assert code == 0, err
    assert out.startswith(f"usage: make_handouts.py {command}")
    assert "--root" in out


def test_unknown_command_exits_2(run_cli):
    code, _, err = run_cli("frobnicate")
    assert code == 2
    assert "invalid choice: 'frobnicate'" in err
    assert "Traceback" not in err


def test_check_reports_problems_one_per_line(run_cli, make_project):
    make_project.write("good", support.handout_yaml("Good", 1))
    make_project.write("broken", BROKEN)
    make_project.write("bad-yaml", "title: [unclosed\norder: 3\n")
    code, out, err = run_cli("check")
    assert code == 1
    assert "Traceback" not in err + out
    lines = err.splitlines()
    problems = [line for line in lines if not line.startswith("warning: ")]
    assert problems[-1] == "2 problem(s) found."
    assert len(problems) == 3
    for line in problems[:-1]:
        assert PROBLEM_LINE.match(line), line
    assert any(line.startswith("handouts/broken.yaml:6: unknown block type 'buletts' "
                               "(did you mean 'bullets'?)") for line in problems)
    assert any(line.startswith("handouts/bad-yaml.yaml:2: this is not valid YAML") for line in problems)


def test_check_on_a_good_project(run_cli, make_project):
    make_project.write("all-blocks", (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8"))
    code, out, err = run_cli("check")
    assert code == 0, err
    assert "Traceback" not in err
    assert re.search(r"^all-blocks: \d+ words, reading grade [\d.]+, fits", out, re.M)
    assert out.rstrip().endswith("All 1 handouts are fine.")


def test_list_prints_slug_title_and_category(run_cli, make_project):
    make_project.write("zeta", support.handout_yaml("Zeta first", 1, category="anatomy"))
    make_project.write("alpha", support.handout_yaml("Alpha <&> second", 2, category="self-care"))
    code, out, err = run_cli("list")
    assert code == 0, err
    assert out.splitlines() == [
        "zeta   Zeta first  [anatomy]",
        "alpha  Alpha <&> second  [self-care]",
    ]


def pdf_pages(path: Path) -> int:
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    return len(PdfReader(path).pages)


def test_build_writes_one_page_pdf(run_cli, make_project):
    make_project.write("all-blocks", (FIXTURES / "all-blocks.yaml").read_text(encoding="utf-8"))
    make_project.write("psoas", support.handout_yaml("Psoas", 2))
    code, out, err = run_cli("build", "all-blocks")
    assert code == 0, err
    pdf = make_project.out / "handouts" / "all-blocks.pdf"
    assert pdf_pages(pdf) == 1
    assert "built " in out and "all-blocks.pdf" in out
    assert not (make_project.out / "handouts" / "psoas.pdf").exists()  # only what was asked for


def test_failed_build_changes_nothing(run_cli, make_project):
    make_project.write("first", support.handout_yaml("First", 1))
    code, _, err = run_cli("build")
    assert code == 0, err
    before = files_under(make_project.out)
    assert list(before) == ["handouts/first.pdf"]

    # Change the good handout (a rebuild would change its PDF), add a new good one and a broken one.
    make_project.write("first", support.handout_yaml("First, now changed", 1, text="Quite different words."))
    make_project.write("second", support.handout_yaml("Second", 2))
    make_project.write("broken", BROKEN)
    code, out, err = run_cli("build")
    assert code == 1
    assert "Traceback" not in err
    assert any(PROBLEM_LINE.match(line) for line in err.splitlines())
    assert "built" not in out
    assert files_under(make_project.out) == before  # byte for byte, and no new or temporary files


def test_a_broken_handout_does_not_block_building_another_one(run_cli, make_project):
    make_project.write("good", support.handout_yaml("Good", 1))
    make_project.write("broken", BROKEN)
    code, _, err = run_cli("build", "good")
    assert code == 0, err
    assert pdf_pages(make_project.out / "handouts" / "good.pdf") == 1
    assert list(files_under(make_project.out)) == ["handouts/good.pdf"]
    code, _, err = run_cli("build", "broken")
    assert code == 1
    assert err.startswith("handouts/broken.yaml:6: unknown block type 'buletts'")


@pytest.mark.parametrize("where", ["before", "after"])
def test_root_before_or_after_the_command(run_cli, make_project, where):
    make_project.write("psoas", support.handout_yaml("Psoas", 1))
    root = str(make_project.root)
    args = ["--root", root, "list"] if where == "before" else ["list", "--root", root]
    code, out, err = run_cli(*args, add_root=False)
    assert code == 0, err
    assert out.splitlines() == ["psoas  Psoas  [muscle]"]


def test_root_after_the_slugs_of_build(run_cli, make_project):
    make_project.write("psoas", support.handout_yaml("Psoas", 1))
    code, _, err = run_cli("build", "psoas", "--root", str(make_project.root), add_root=False)
    assert code == 0, err
    assert pdf_pages(make_project.out / "handouts" / "psoas.pdf") == 1


def test_build_unknown_slug_suggests_the_close_one(run_cli, make_project):
    make_project.write("psoas", support.handout_yaml("Psoas", 1))
    code, _, err = run_cli("build", "psoaz")
    assert code == 1
    assert "Traceback" not in err
    assert "there is no handout 'psoaz' (did you mean 'psoas'?)" in err
    assert not make_project.out.exists()


def test_missing_root_is_a_clear_error(run_cli, tmp_path):
    code, _, err = run_cli("--root", str(tmp_path / "nowhere"), "list", add_root=False)
    assert code == 1
    assert "Traceback" not in err
    assert "there is no handouts/ folder here" in err


def test_help_and_list_do_not_load_pdf_libraries():
    """--help and list start fast: ReportLab, svglib and pypdf are loaded only when needed."""
    code = ("import sys; from handoutkit.cli.main import main; main(['list']); "
            "bad = [m for m in ('reportlab', 'svglib', 'pypdf', 'pypdfium2') if m in sys.modules]; "
            "print('LOADED', bad)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout
