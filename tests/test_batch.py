"""Batches: personalized handouts for every client in a CSV file, over several processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
PAGE = """\
    title: "Psoas: a test"
    category: muscle
    order: 1
    reviewed: 2026-11-25
    blocks:
      - type: text
        text: Hello {{ client.name }}.
    """


def _csv(tmp: Path, lines: list[str]) -> Path:
    path = tmp / "clients.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_client_gets_their_handout(make_project, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", PAGE)
    names = ["Paul Rivera", "Zoë Dupré", "Ольга", "张伟", "O'Brien & Sons"]
    clients = _csv(tmp_path, ["name,note,date", *[f'"{n}",Stretch daily,2026-11-2{i}'
                                                 for i, n in enumerate(names)]])
    code, out, err = run_cli("build", "psoas", "--clients", str(clients), "--jobs", "2")
    assert code == 0, err
    assert "built 5 file(s) for 5 client(s)" in out
    pdfs = sorted((make_project.out / "clients").rglob("*.pdf"))
    assert len(pdfs) == 5
    texts = [" ".join(PdfReader(p).pages[0].extract_text().split()) for p in pdfs]
    for i, name in enumerate(names):
        text = next(t for t in texts if f"Hello {name.replace(chr(39), chr(8217))}." in t)
        assert f"2{i} November 2026" in text and "Stretch daily" in text
    assert all(len(PdfReader(p).pages) == 1 for p in pdfs)


def test_bad_rows_are_all_reported_before_anything_is_built(make_project, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", PAGE)
    clients = _csv(tmp_path, ["name,note,date", "Ann,,2026-02-30", ",no name,", "Bea,,"])
    code, _, err = run_cli("build", "psoas", "--clients", str(clients))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].endswith("clients.csv:2: '2026-02-30' is not a date like 2026-11-25")
    assert lines[1].endswith("clients.csv:3: --for needs the client's name, e.g. --for \"Paul Rivera\"")
    assert not (make_project.out / "clients").exists()


def test_a_wrong_header_is_explained(make_project, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", PAGE)
    code, _, err = run_cli("build", "psoas", "--clients", str(_csv(tmp_path, ["client,email", "a,b"])))
    assert code == 1 and "clients.csv:1: the first row must be the header name,note,date" in err


def test_one_bad_client_does_not_stop_the_others(make_project, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", PAGE)
    clients = _csv(tmp_path, ["name", "Ann", "Bea \U000f0001", "Cy"])
    code, _, err = run_cli("build", "psoas", "--clients", str(clients), "--jobs", "2")
    assert code == 1
    assert "clients.csv:3: " in err and "U+F0001" in err
    assert len(list((make_project.out / "clients").rglob("*.pdf"))) == 2


def test_ctrl_c_stops_cleanly_and_leaves_no_partial_files(make_project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", PAGE)
    clients = _csv(tmp_path, ["name", *[f"Client {i}" for i in range(300)]])
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "make_handouts.py"), "--root", str(make_project.root), "build",
         "psoas", "--clients", str(clients), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    folder = make_project.out / "clients"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(folder.rglob("*.pdf"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C in a terminal: every process gets it
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    pdfs = list(folder.rglob("*.pdf"))
    assert 3 <= len(pdfs) < 300
    for pdf in pdfs:
        assert len(PdfReader(pdf).pages) == 1
    assert [p for p in make_project.out.rglob("*") if p.name.endswith(".tmp")] == []
