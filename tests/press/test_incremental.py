"""Incremental builds: unchanged outputs are skipped, and a changed input of any kind
rebuilds exactly what depends on it (the cache never serves a stale page)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from handoutkit.press import cache
from tests import support

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(make_project):  # type: ignore[no-untyped-def]
    make_project.write("one", page(1, "square.svg"))
    make_project.write("two", page(2, "photo.png"))
    return make_project


def page(n: int, image: str) -> str:
    """A handout numbered *n* with a few words and *image*."""
    return support.handout_yaml(f"Handout {n}", n, category="anatomy",
                                text=f"Some words for handout {n}.", image=image)


def build(project) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Build everything; which outputs were (re)built."""
    report = support.build(project.root, project.out, booklet_path=project.out / "booklet.pdf")
    built = {h.slug: not h.unchanged for h in report.handouts}
    built["booklet"] = not report.booklet_unchanged
    return built


def test_second_build_skips_everything(project) -> None:  # type: ignore[no-untyped-def]
    assert build(project) == {"one": True, "two": True, "booklet": True}
    before = {p: p.read_bytes() for p in project.out.rglob("*.pdf")}
    assert build(project) == {"one": False, "two": False, "booklet": False}
    assert {p: p.read_bytes() for p in project.out.rglob("*.pdf")} == before


def test_changed_handout_rebuilds_it_and_the_booklet_only(project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    path = project.handouts / "one.yaml"
    path.write_text(path.read_text().replace("Some words", "Other words"))
    assert build(project) == {"one": True, "two": False, "booklet": True}
    assert "Other words" in _text(project.out / "handouts" / "one.pdf")


def test_booklet_after_one_change_is_the_same_as_a_full_build(project) -> None:  # type: ignore[no-untyped-def]
    """The booklet reuses the unchanged handouts' files, and comes out byte for byte as a
    forced rebuild of everything would make it."""
    build(project)
    path = project.handouts / "one.yaml"
    path.write_text(path.read_text().replace("Some words", "Other words"))
    assert build(project) == {"one": True, "two": False, "booklet": True}
    incremental = (project.out / "booklet.pdf").read_bytes()
    support.build(project.root, project.out, booklet_path=project.out / "booklet.pdf", force=True)
    assert (project.out / "booklet.pdf").read_bytes() == incremental
    assert any("Other words" in p.extract_text() for p in PdfReader(project.out / "booklet.pdf").pages)


def test_booklet_never_takes_a_tampered_handout(project) -> None:  # type: ignore[no-untyped-def]
    """A handout file changed behind the tool's back, even with its size and time kept,
    is drawn again for the booklet rather than copied into it."""
    import os

    build(project)
    two = project.out / "handouts" / "two.pdf"
    st = two.stat()
    data = two.read_bytes()
    two.write_bytes(data.replace(b"Handout 2", b"Handout X") if b"Handout 2" in data
                    else data[:-10] + b"%%EOF\n\n\n\n")
    os.utime(two, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert two.stat().st_size == st.st_size
    path = project.handouts / "one.yaml"
    path.write_text(path.read_text().replace("Some words", "Other words"))
    build(project)
    booklet = project.out / "booklet.pdf"
    support.build(project.root, project.out / "fresh", booklet_path=project.out / "fresh" / "b.pdf")
    assert booklet.read_bytes() == (project.out / "fresh" / "b.pdf").read_bytes()


@pytest.mark.parametrize("change", ["brand", "layout", "image", "logo", "font", "tool"])
def test_every_kind_of_input_invalidates(project, monkeypatch, change: str) -> None:  # type: ignore[no-untyped-def]
    build(project)
    if change == "brand":
        brand = project.root / "layouts" / "brand.yaml"
        brand.write_text(brand.read_text().replace("Massage Aha!", "Massage Aha! Studio", 1))
    elif change == "layout":
        layout = project.root / "layouts" / "two-column.yaml"
        layout.write_text(layout.read_text().replace("gutter: 0.3", "gutter: 0.4"))
    elif change == "image":
        svg = project.images / "square.svg"
        svg.write_text(svg.read_text().replace("Test figure", "Changed figure"))
    elif change == "logo":
        logo = project.images / "logo.svg"
        logo.write_text(logo.read_text().replace("#1F5F66", "#B5473A"))
    elif change == "font":
        (project.root / "fonts").mkdir()
        bold = cache._font_dirs(project.root)[1] / "VeraBd.ttf"
        shutil.copy(bold, project.root / "fonts" / "Vera.ttf")  # another Vera.ttf, found first
    else:  # a new version of a library that draws the pages, installed ahead of the old
        site = project.root / "site"
        (site / "reportlab-999.0.dist-info").mkdir(parents=True)
        monkeypatch.syspath_prepend(str(site))
        monkeypatch.setattr(cache, "_tool_key", None)
    rebuilt = build(project)
    if change == "image":  # only the handout that shows the picture, and the booklet
        assert rebuilt == {"one": True, "two": False, "booklet": True}
    else:
        assert rebuilt == {"one": True, "two": True, "booklet": True}


def test_deleted_or_edited_output_is_rebuilt(project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    (project.out / "handouts" / "one.pdf").unlink()
    (project.out / "handouts" / "two.pdf").write_bytes(b"not a pdf")
    assert build(project) == {"one": True, "two": True, "booklet": False}
    assert (project.out / "handouts" / "two.pdf").read_bytes().startswith(b"%PDF")


def test_options_are_part_of_the_key(project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    report = support.build(project.root, project.out, ["one"], grayscale=True)
    assert not report.handouts[0].unchanged
    report = support.build(project.root, project.out, ["one"], client=_client("Ann"))
    assert not report.handouts[0].unchanged
    report = support.build(project.root, project.out, ["one"], client=_client("Bea"))
    assert not report.handouts[0].unchanged
    assert support.build(project.root, project.out, ["one"], client=_client("Bea")).handouts[0].unchanged


def test_force_rebuilds_everything(project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    report = support.build(project.root, project.out, booklet_path=project.out / "booklet.pdf",
                            force=True)
    assert not any(h.unchanged for h in report.handouts) and not report.booklet_unchanged


def test_a_no_op_build_loads_no_pdf_library(project) -> None:  # type: ignore[no-untyped-def]
    build(project)
    code = ("import sys; from handoutkit.cli.main import main; "
            f"rc = main(['--root', {str(project.root)!r}]); "
            "print('LOADED', [m for m in ('reportlab', 'svglib', 'pypdf', 'pydantic', 'jinja2') "
            "if m in sys.modules], rc)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)
    assert "LOADED [] 0" in done.stdout, done.stdout + done.stderr
    assert "3 file(s) already up to date" in done.stdout


def _client(name: str):  # type: ignore[no-untyped-def]
    from handoutkit.content.client import Client

    return Client(name)


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return PdfReader(pdf).pages[0].extract_text()


def test_check_remembers_fit_and_measures_again_only_what_changed(project) -> None:  # type: ignore[no-untyped-def]
    code = ("import sys; from handoutkit.authoring.checking import check; "
            f"r = check(__import__('pathlib').Path({str(project.root)!r})); "
            "print('LOADED', 'reportlab' in sys.modules, [(i.slug, i.scale) for i in r.items])")

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "LOADED True [('one', 1.0), ('two', 1.0)]" in run()  # first time: laid out
    assert "LOADED False [('one', 1.0), ('two', 1.0)]" in run()  # nothing changed: remembered
    path = project.handouts / "one.yaml"
    longer = " ".join(["Many more words."] * 40)  # still fits, at a smaller size
    path.write_text(path.read_text().replace("Some words for handout 1.", longer))
    out = run()
    assert "LOADED True" in out and "('two', 1.0)" in out, out


def test_the_build_record_covers_all_of_the_tools_code() -> None:
    from handoutkit.press.cache import PACKAGE, tool_files

    names = {p.relative_to(PACKAGE).as_posix() for p in tool_files()}
    assert {"layout/render.py", "content/model.py", "pdf/booklet.py", "press/pipeline.py",
            "layout/blocks/steps.py"} <= names
