"""Batches: personalized handouts for every client in a CSV file, over several processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from tests import support

REPO = Path(__file__).resolve().parents[2]
PAGE = support.handout_yaml('"Psoas: a test"', 1, text="Hello {{ client.name }}.")


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


PLAIN = support.handout_yaml('"Psoas: a test"', 1, image="square.svg",
                             text="Stretch gently, every day, with {{ therapist.name }}'s advice.")


def _pixels(pdf: Path):  # type: ignore[no-untyped-def]
    import pypdfium2

    return pypdfium2.PdfDocument(pdf)[0].render(scale=1.5).to_pil().convert("RGB")


def test_clients_sharing_a_note_share_one_layout_and_look_as_if_laid_out_alone(
        make_project, run_cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The fast path (one layout, each client's line drawn over it) gives the very page a
    build for that client alone gives, at the same size."""
    from PIL import ImageChops

    from handoutkit.content.client import Client
    from handoutkit.press import batch

    make_project.write("psoas", PLAIN)
    names = ["Ann Lee", "Bo Chen", "René Roy", "Zoë Dupré", "Ольга", "Dee"]
    rows = [batch.Row(i + 2, Client(n, "" if n == "Dee" else "Stretch daily"), None)
            for i, n in enumerate(names)]
    jobs = batch.plan(rows, templated=False, day=date(2026, 11, 25), size=8)
    assert [([r.client.name for r in j.rows], j.shared) for j in jobs] == [
        (["Ann Lee", "Bo Chen", "René Roy"], True),  # ë is not among the shared characters
        (["Zoë Dupré"], False), (["Ольга"], False), (["Dee"], False)]
    assert all(not j.shared for j in batch.plan(rows, templated=True, day=date(2026, 11, 25), size=8))

    from handoutkit.press import copies

    laid_out: list[list[str]] = []
    real = copies.shared_copies

    def spy(request, slug, clients, **kw):  # type: ignore[no-untyped-def]
        laid_out.append([c.name for c in clients])
        return real(request, slug, clients, **kw)

    monkeypatch.setattr(copies, "shared_copies", spy)
    rows = [batch.Row(r.line, r.client, date(2026, 11, 25)) for r in rows]
    report = batch.build_batch(support.request(make_project.root, slugs=["psoas"], jobs=1), rows,
                               "clients.csv")
    assert report.problems == [] and len(report.files) == 6
    assert laid_out == [["Ann Lee", "Bo Chen", "René Roy"]]  # one layout for the three
    for name in ("Bo Chen", "René Roy", "Zoë Dupré", "Ольга"):
        alone = tmp_path / "alone"
        code, _, err = run_cli("build", "psoas", "--for", name, "--note", "Stretch daily",
                               "--date", "2026-11-25", "--out", alone)
        assert code == 0, err
        [single] = list(alone.rglob("*.pdf"))
        [shared] = [p for p in (make_project.out / "clients").rglob("*.pdf") if p.name == single.name]
        assert ImageChops.difference(_pixels(single), _pixels(shared)).getbbox() is None, name
        assert abs(shared.stat().st_size - single.stat().st_size) < 2000
        text = " ".join(PdfReader(shared).pages[0].extract_text().split())
        assert f"Prepared for {name} · 25 November 2026" in text and "Stretch daily" in text
        shutil.rmtree(alone)


def test_copies_fall_back_to_a_full_layout_when_fonts_differ(make_project) -> None:  # type: ignore[no-untyped-def]
    """A stamp whose font subset is not the page's own is refused, not embedded twice."""
    from handoutkit.layout import sheets
    from handoutkit.pdf.pages import stamped
    from handoutkit.press import copies

    make_project.write("psoas", PLAIN)
    title, fitted = copies.shared_base(support.request(make_project.root), "psoas", "",
                                       date(2026, 11, 25))
    assert title == "Psoas: a test"
    ok = sheets.stamp_pages(fitted.theme, ["Prepared for Ann"], date(2026, 11, 25))
    assert stamped(fitted.pdf, ok) is not None
    odd = sheets.stamp_pages(fitted.theme, ["Prepared for Ann", "Prepared for Ødegård"],
                             date(2026, 11, 25))
    assert stamped(fitted.pdf, odd) is None


def test_a_lang_column_makes_each_clients_copy_in_their_language(make_project, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", PLAIN)
    (make_project.handouts / "es").mkdir()
    (make_project.handouts / "es" / "psoas.yaml").write_text(
        PLAIN.replace("Psoas: a test", "Psoas: una prueba").replace("reviewed: 2026-11-25",
                                                                   "reviewed: 2026-12-01"),
        encoding="utf-8")
    clients = _csv(tmp_path, ["name,note,date,lang", "Ana Ruiz,Hielo,2026-11-25,es",
                              "Bea Sol,Hielo,2026-11-25,es", "Cai Li,Ice,2026-11-25,",
                              "Dan Ko,,2026-11-25,fr"])
    code, _, err = run_cli("build", "psoas", "--clients", clients)
    assert code == 1  # Dan's row: no handouts in French
    assert "clients.csv:5: there are no handouts in the language 'fr'; the languages are: en, es" in err
    clients = _csv(tmp_path, ["name,note,date,lang", "Ana Ruiz,Hielo,2026-11-25,es",
                              "Bea Sol,Hielo,2026-11-25,es", "Cai Li,Ice,2026-11-25,"])
    code, _, err = run_cli("build", "psoas", "--clients", clients)
    assert code == 0, err
    made = {p.name for p in (make_project.out / "clients").rglob("*.pdf")}
    assert made == {"Psoas - para Ana Ruiz.pdf", "Psoas - para Bea Sol.pdf", "Psoas - for Cai Li.pdf"}
    ana = PdfReader(make_project.out / "clients" / "ana-ruiz" / "Psoas - para Ana Ruiz.pdf")
    text = " ".join(ana.pages[0].extract_text().split())
    assert "Preparado para Ana Ruiz · 25 de noviembre de 2026" in text and "Psoas: una prueba" in text
