"""The desk's personal copies stamped over warm plain pages look exactly like copies laid
out for the client alone, and are used only where that holds."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from handoutkit.app import handing, stamping
from handoutkit.app.making import client, request
from handoutkit.press.request import Options
from tests import support
from tests.desk.helpers import make_project

DAY = _dt.date(2026, 11, 25)


def pixels(pdf: bytes) -> list[bytes]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=1).to_pil().convert("RGB").tobytes() for i in range(len(doc))]
    finally:
        doc.close()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("stamping"))


def personal(root: Path, out: Path, slugs: list[str], name: str, note: str | None = None,
             **options: object) -> object:
    return request(root, out, handouts=slugs, client=client(name, note, DAY),
                   options=Options(jobs=1, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize("grayscale", [False, True])
def test_a_stamped_copy_is_the_page_laid_out_for_the_client(root: Path, tmp_path: Path,
                                                             grayscale: bool) -> None:
    req = personal(root, tmp_path / "a", ["psoas", "stretches"], "Paul Rivera", grayscale=grayscale)
    assert stamping.usable(req)  # type: ignore[arg-type]
    fast = handing.one_pdf(req, as_booklet=False)  # type: ignore[arg-type]
    laid_out = support.build(root, tmp_path / "b", ["psoas", "stretches"], client=req.client,  # type: ignore[attr-defined]
                             force=True, remember=False, jobs=1, grayscale=grayscale)
    slow = handing._joined([h.path for h in laid_out.handouts if h.path])
    assert pixels(fast.data) == pixels(slow)
    assert fast.name == f"Handouts - for Paul Rivera{' (ink saver)' if grayscale else ''}.pdf"
    one = handing.one_pdf(personal(root, tmp_path / "a", ["psoas"], "Paul Rivera",  # type: ignore[arg-type]
                                   grayscale=grayscale), as_booklet=False)
    assert one.report.handouts[0].path.name == laid_out.handouts[0].path.name  # type: ignore[union-attr]
    assert pixels(one.data) == pixels(laid_out.handouts[0].path.read_bytes())  # type: ignore[union-attr]


def test_a_stamped_booklet_is_the_booklet_laid_out_for_the_client(root: Path, tmp_path: Path) -> None:
    req = personal(root, tmp_path / "a", ["psoas", "stretches", "lumbar-curve"], "Ann Lee")
    from handoutkit.app.making import for_delivery

    fast = handing.one_pdf(req, as_booklet=True)  # type: ignore[arg-type]
    assert fast.report.booklet is not None and fast.report.booklet_pages == 3 + 3  # type: ignore[attr-defined]
    _, made = for_delivery(req.but(outputs=req.outputs.__class__(folder=tmp_path / "b")),  # type: ignore[attr-defined]
                           as_booklet=True)
    assert pixels(fast.data) == pixels(made[0][0].read_bytes())
    assert fast.name == made[0][0].name


@pytest.mark.parametrize(("name", "note", "extra"), [
    ("Paul Rivera", "Ice it", {}),  # a note changes the page
    ("Ольга", None, {}),  # characters the shared fonts may not hold
    ("Paul Rivera", None, {"large_print": True}),
])
def test_stamping_is_used_only_where_it_is_exact(root: Path, tmp_path: Path, name: str,
                                                 note: str | None, extra: dict[str, object]) -> None:
    assert not stamping.usable(personal(root, tmp_path, ["psoas"], name, note, **extra))  # type: ignore[arg-type]


def test_a_handout_that_names_the_client_is_laid_out_for_each(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "handouts" / "psoas.yaml").write_text(support.handout_yaml(
        "Psoas", 1, text="Hello {{ client.name }}, welcome."), encoding="utf-8")
    req = personal(root, tmp_path / "o", ["psoas"], "Paul Rivera")
    assert not stamping.usable(req)  # type: ignore[arg-type]
    made = handing.one_pdf(req, as_booklet=False)  # type: ignore[arg-type]
    from pypdf import PdfReader

    assert "Hello Paul Rivera" in PdfReader(made.report.handouts[0].path).pages[0].extract_text()  # type: ignore[union-attr]


def test_a_changed_handout_is_laid_out_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    first = handing.one_pdf(personal(root, tmp_path / "o", ["psoas"], "Paul Rivera"), as_booklet=False)  # type: ignore[arg-type]
    path = root / "handouts" / "psoas.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("joins your spine", "links the spine"),
                    encoding="utf-8")
    second = handing.one_pdf(personal(root, tmp_path / "o", ["psoas"], "Paul Rivera"), as_booklet=False)  # type: ignore[arg-type]
    import io

    from pypdf import PdfReader

    assert "joins your spine" in PdfReader(io.BytesIO(first.data)).pages[0].extract_text()
    assert "links the spine" in PdfReader(io.BytesIO(second.data)).pages[0].extract_text()
