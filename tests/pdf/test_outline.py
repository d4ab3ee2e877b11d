"""A handout just made carries its structure tree's outline, and the booklet builds the
same tree from it as from reading the PDF back (which it does for a handout kept on disk)."""

from __future__ import annotations

import datetime as _dt
import io
import pickle
from pathlib import Path

import pytest
from pypdf import PdfReader

from handoutkit.content.project import load_project
from handoutkit.layout.fitting import fit_sources
from handoutkit.layout.render import Source, render_one
from handoutkit.pdf.structure import from_outline, read

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("language", "large", "client"), [
    ("en", False, None), ("en", False, "Paul Rivera"), ("en", True, None), ("es", False, None)])
def test_the_outline_a_handout_carries_is_the_tree_in_its_pdf(language: str, large: bool,
                                                              client: str | None) -> None:
    project = load_project(REPO, day=_dt.date(2026, 11, 25), language=language)
    if large:
        project = project.in_large_print()
    sources = [Source(e.slug, e.file, e.handout, e.layout, note="Ice 15 min" if client else None,
                      prepared_for=f"Prepared for {client}" if client else None)
               for e in project.select(None)]
    if large:  # two pages each: a few are enough
        sources = sources[:3]
    for fitted in fit_sources(project, sources, keep_pdf=True):
        pdf = render_one(fitted)
        outline = getattr(pdf, "outline", None)
        assert outline, fitted.source.slug
        assert from_outline(outline) == read(PdfReader(io.BytesIO(pdf))), fitted.source.slug


def test_the_outline_goes_with_the_pdf_to_another_process() -> None:
    project = load_project(REPO, only=["daily-habits"])  # a QR code: a link in the tree
    (fitted,) = fit_sources(project, [Source(e.slug, e.file, e.handout, e.layout)
                                      for e in project.select(None)], keep_pdf=True)
    pdf = render_one(fitted)
    back = pickle.loads(pickle.dumps(pdf, protocol=pickle.HIGHEST_PROTOCOL))
    assert bytes(back) == bytes(pdf) and back.outline == pdf.outline
    assert any(kid[0] == "objr" for item in _walk(back.outline) for kid in [item])


def _walk(outline: list) -> list:
    out = []
    for item in outline:
        out.append(item)
        if item[0] not in ("mcr", "objr"):
            out += _walk(item[3])
    return out


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_booklets_own_pages_carry_their_outline_too(language: str) -> None:
    from handoutkit.pdf.booklet import draft_booklet

    project = load_project(REPO, language=language)
    sources = [Source(e.slug, e.file, e.handout, e.layout) for e in project.select(None)]
    draft = draft_booklet(project, sources, prepared_for="Prepared for Paul Rivera")
    outline = getattr(draft.own, "outline", None)
    assert outline
    assert from_outline(outline) == read(PdfReader(io.BytesIO(draft.own)))
