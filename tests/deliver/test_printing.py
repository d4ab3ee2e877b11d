"""print: real printing through CUPS to a cups-pdf printer, and every error a person may meet.

The printer is real (see cups_server.py): a printed file must arrive in cups-pdf's output
folder as a PDF with the handout on it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.deliver.cups_server import (
    PRINTER,
    ensure_system_printer,
    pdfs_in,
    private_cupsd,
    require_cups_tools,
    wait_for_printed,
)

REPO = Path(__file__).resolve().parents[2]
NAME = "Paul Rivera"


def handout(title: str, order: int = 1) -> str:
    return f"""\
        title: "{title}"
        category: muscle
        order: {order}
        reviewed: 2026-01-15
        blocks:
          - type: text
            text: Hello {{{{ client.name }}}}, this page is for you. Breathe out slowly.
        """


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run make_handouts.py for real, with LPDEST and PRINTER from the caller's shell unset."""
    base = {k: v for k, v in os.environ.items() if k not in ("LPDEST", "PRINTER", "CUPS_SERVER")}
    done = subprocess.run([sys.executable, "make_handouts.py", "--root", str(root), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
                          env={**base, **(env or {})})
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def project(make_project):  # type: ignore[no-untyped-def]
    token = uuid.uuid4().hex[:8]  # finds this test's file among any others cups-pdf wrote
    make_project.write("psoas", handout(f"Psoas {token}"))
    make_project.write("stretches", handout(f"Stretches {token}", 2))
    make_project.token = token
    return make_project


@pytest.fixture(scope="module")
def printed_folder() -> Path:
    return ensure_system_printer()


def _log(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "delivery-log.jsonl").read_text().splitlines()]


def test_personal_handout_arrives_at_the_printer(project, printed_folder):  # type: ignore[no-untyped-def]
    before = pdfs_in(printed_folder)
    code, out, err = cli(project.root, "print", "psoas", "--for", NAME, "--printer", PRINTER)
    assert code == 0, err
    assert out.startswith(f"printing 'Psoas {project.token}' on {PRINTER} (job {PRINTER}-")
    assert NAME not in out + err  # the console never shows the client's name
    printed = wait_for_printed(printed_folder, before, project.token)
    reader = PdfReader(printed)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert f"Prepared for {NAME}" in text and f"Hello {NAME}" in text
    assert NAME not in printed.name  # the job title is the handout's, not the file name
    # CUPS's record of the job (title, document name) does not hold the client's name
    job = int(re.search(rf"job {PRINTER}-(\d+)", out).group(1))
    control = Path(f"/var/spool/cups/c{job:05d}")
    if os.access(control, os.R_OK):
        assert NAME.encode() not in control.read_bytes()
    (entry,) = _log(project.out)
    assert entry["client"] == NAME and entry["how"] == "print" and entry["to"] == PRINTER
    assert entry["handouts"] == [{"slug": "psoas", "title": f"Psoas {project.token}",
                                  "reviewed": "2026-01-15"}]


def test_booklet_in_grayscale_with_copies(project, printed_folder):  # type: ignore[no-untyped-def]
    before = pdfs_in(printed_folder)
    code, out, err = cli(project.root, "print", "psoas", "stretches", "--booklet", "--grayscale",
                         "--copies", "2", "--printer", PRINTER)
    assert code == 0, err
    assert "2 copies each" in out and out.count("\n") == 1  # one job: the booklet
    printed = wait_for_printed(printed_folder, before, project.token)
    assert len(PdfReader(printed).pages) > 2  # cover, contents, both handouts
    (entry,) = _log(project.out)
    assert entry["booklet"] is True and entry["copies"] == 2 and entry["client"] is None
    assert [h["slug"] for h in entry["handouts"]] == ["psoas", "stretches"]


def test_unknown_printer_lists_the_printers(project, printed_folder):  # type: ignore[no-untyped-def]
    missing = f"HandoutPDF{uuid.uuid4().hex[:4]}"  # a name no machine has, close to the real one
    code, out, err = cli(project.root, "print", "psoas", "--printer", missing)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"there is no printer '{missing}' (did you mean 'HandoutsPDF'?)" in err
    assert PRINTER in err.split("printers:")[1]
    assert not (project.out / "delivery-log.jsonl").exists()


def test_no_printer_set_up(project):  # type: ignore[no-untyped-def]
    with private_cupsd() as env:
        code, _, err = cli(project.root, "print", "psoas", env=env)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("no printer is set up;")
    assert not project.out.exists()  # nothing was built before the printer was known


def test_no_default_printer_lists_the_printers(project):  # type: ignore[no-untyped-def]
    with private_cupsd(("Office", "Kitchen")) as env:
        code, _, err = cli(project.root, "print", "psoas", env=env)
        assert code == 1 and err.count("\n") == 1
        assert "there is no default printer; choose one with --printer" in err
        assert "(printers: Kitchen, Office)" in err
        # LPDEST chooses the default, as it does for lp itself: then the job is queued
        code, out, err = cli(project.root, "print", "psoas", env={**env, "LPDEST": "Office"})
        assert code == 0, err
        assert out.startswith(f"printing 'Psoas {project.token}' on Office (job Office-")


def test_cups_not_running(project):  # type: ignore[no-untyped-def]
    require_cups_tools()
    code, _, err = cli(project.root, "print", "psoas", env={"CUPS_SERVER": "127.0.0.1:9"})
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("the print service (CUPS) is not running")


def test_cups_missing(project, tmp_path):  # type: ignore[no-untyped-def]
    empty = tmp_path / "bin"
    empty.mkdir()
    code, out, err = cli(project.root, "print", "psoas", env={"PATH": str(empty)})
    assert code == 1 and out == ""
    assert err == ("printing needs CUPS (the 'lp' command), which is not installed here; install "
                   "it (Debian/Ubuntu: sudo apt install cups) or open the PDFs in out/ and print "
                   "them from a PDF viewer\n")


@pytest.mark.parametrize("copies", ["0", "100", "two"])
def test_copies_out_of_range_is_a_usage_error(project, copies):  # type: ignore[no-untyped-def]
    code, _, err = cli(project.root, "print", "psoas", "--copies", copies)
    assert code == 2 and "number of copies from 1 to 99" in err
