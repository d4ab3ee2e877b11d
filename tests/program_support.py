"""What the home-program tests share: a copy of the shipped project (its stretches are the
exercise library), with a handout of long exercises so a program can be too long."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
LONG = 12  # exercises in handouts/long-exercises.yaml


def long_exercises() -> str:
    """A handout of LONG wordy exercises: each fits a page, all of them never do."""
    steps = "\n".join(f"      - In step {n} move slowly, breathe out as you go, and keep the "
                      "movement small and easy, with no pain at any point." for n in range(1, 7))
    blocks = "\n".join(f"""  - type: steps
    name: Long exercise {n}
    image: stretch-knee-to-chest.svg
    alt: A person lying on their back.
    steps:
{steps}
    hold: 10 seconds
    repeat: 5 times
    how_often: twice a day
    stop_if: it hurts""" for n in range(1, LONG + 1))
    return (f"title: Long exercises\ncategory: self-care\norder: 90\nreviewed: 2026-11-25\n"
            f"blocks:\n{blocks}\n")


def program_project(root: Path) -> Path:
    """The shipped handouts, layouts and pictures in *root*, and the long exercises."""
    for folder in ("handouts", "layouts", "images"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "handouts" / "long-exercises.yaml").write_text(long_exercises(), encoding="utf-8")
    return root


def text_of(pdf: bytes) -> str:
    """The words of every page, spaced as one line."""
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def pages(pdf: bytes) -> int:
    """How many pages the PDF has."""
    return len(PdfReader(io.BytesIO(pdf)).pages)
