"""Booklets stay light in every language: each font face and picture is stored once, so a
booklet averages at most 12 KB a page, plain, large print or for one client (issue 17)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from handoutkit.content.words import languages

REPO = Path(__file__).resolve().parents[2]
MOST_PER_PAGE = 12 * 1024
# A client's name and note with letters beyond every shipped file's (ø, ł, č), so their
# characters are numbered per client, not by the project.
CLIENT = ("--for", "Zoë Øberg-Łukasiewicz", "--note", "Čaj after stretching; ice 15 min")
LANGUAGES = languages(REPO)


def _booklet(out: Path, *args: str) -> Path:
    done = subprocess.run([sys.executable, "make_handouts.py", "booklet", "--out", str(out), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return out


def _per_page(pdf: Path) -> float:
    return pdf.stat().st_size / len(PdfReader(pdf).pages)


def test_the_project_has_more_than_one_language() -> None:
    assert "es" in LANGUAGES  # else the test below would measure English alone


@pytest.mark.parametrize("kind", ["plain", "large print", "for a client"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_booklet_averages_at_most_12_kb_a_page(tmp_path: Path, lang: str, kind: str) -> None:
    extra = {"plain": (), "large print": ("--large-print",), "for a client": CLIENT}[kind]
    pdf = _booklet(tmp_path / "booklet.pdf", "--lang", lang, *extra)
    assert _per_page(pdf) <= MOST_PER_PAGE, \
        f"{lang} {kind}: {_per_page(pdf) / 1024:.1f} KB a page over {len(PdfReader(pdf).pages)} pages"


def test_each_face_is_stored_once_in_a_translated_booklet(tmp_path: Path) -> None:
    """The mechanism, not the figure: a Spanish booklet holds one font file per face used."""
    reader = PdfReader(_booklet(tmp_path / "b.pdf", "--lang", "es", *CLIENT))
    files: dict[str, set[int]] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                continue
            stream = descriptor.get_object().get("/FontFile2")
            name = str(font["/BaseFont"]).split("+")[-1]
            files.setdefault(name, set()).add(stream.idnum)
    brand_faces = {n: ids for n, ids in files.items() if n.startswith("BitstreamVera")}
    assert brand_faces and all(len(ids) <= 2 for ids in brand_faces.values()), files
