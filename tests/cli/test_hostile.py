"""Hostile inputs, one case per file or table row, each with its exact expected behaviour.

- tests/hostile/handouts/*.yaml are handout files; tests/hostile/expected.txt says what each
  must give (the exact lines on standard error, or 'builds').
- tests/hostile/images/*.svg, and the PNG/JPEG files made in IMAGES_MADE below, are pictures
  a handout refers to; tests/hostile/images-expected.txt says what each must give.
- The tables below cover the command line, the output folder and client names.

The command line runs in-process (handoutkit.cli.main) from a temporary working folder, so
a payload that tried to create a file there would be caught.
"""

from __future__ import annotations

import errno
import os
import re
import struct
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from handoutkit import cli
from tests import support

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PWNED = "handoutkit-pwned"  # what the payloads in the corpus try to create
GOOD = """\
title: A good handout
category: self-care
order: {order}
reviewed: 2026-11-25
blocks:
  - type: text
    text: Hello there, this is a good handout.
"""
PICTURE = """\
title: Pictures
category: self-care
order: 1
reviewed: 2026-11-25
blocks:
  - type: image
    file: {name}
    alt: A picture
"""


def read_table(path: Path) -> dict[str, list[str]]:
    """Case name -> expected lines, from a file of unindented names and indented lines."""
    table: dict[str, list[str]] = {}
    name = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("    "):
            table[name].append(line[4:])  # type: ignore[index]
        else:
            name = line.strip()
            table[name] = []
    return table


HANDOUTS = read_table(HOSTILE / "expected.txt")
PICTURES = read_table(HOSTILE / "images-expected.txt")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process; (exit status, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: wrong usage
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def pdfs(folder: Path) -> dict[str, bytes]:
    """Every PDF below *folder*, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def page_text(path: Path) -> str:
    """The text of a one-page PDF, whitespace removed and curly quotes made straight (the
    tool prints typewriter quotes as curly ones, and lines may break anywhere)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert len(pdf) == 1
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d\u2014", "''\"\"-"))
    return "".join(text.split())


@pytest.fixture(autouse=True)
def no_placeholders(make_project) -> None:  # type: ignore[no-untyped-def]
    """These tests are about hostile input, so stderr must hold only what it causes: the
    project has the practice's real details (placeholders: tests/app/test_practice.py)."""
    support.without_placeholders(make_project.root)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from an empty working folder; fail if a payload created its marker file there."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    yield work
    assert not (work / PWNED).exists(), "a payload ran"
    assert not Path(tempfile.gettempdir(), PWNED).exists(), "a payload ran"


# -- handout files -----------------------------------------------------------------------------


def test_every_corpus_file_has_an_expectation_and_back():
    files = {p.stem for p in (HOSTILE / "handouts").glob("*.yaml")}
    assert files == set(HANDOUTS)
    pictures = {p.name for p in (HOSTILE / "images").iterdir()} | set(IMAGES_MADE)
    assert pictures == set(PICTURES)


@pytest.mark.parametrize("case", sorted(HANDOUTS))
def test_hostile_handout(case, make_project, capsys, in_tmp):
    source = HOSTILE / "handouts" / f"{case}.yaml"
    (make_project.handouts / source.name).write_bytes(source.read_bytes())
    code, out, err = run(capsys, "--root", make_project.root, "build")
    expected = HANDOUTS[case]
    if expected == ["builds"]:
        assert (code, err) == (0, ""), err
        pdf = make_project.out / "handouts" / f"{case}.pdf"
        assert page_text(pdf)  # one page, with text
    else:
        assert code == 1
        assert err.splitlines() == [line.replace("{f}", f"handouts/{case}.yaml") for line in expected]
        assert out == ""
        assert pdfs(make_project.root) == {}


@pytest.mark.parametrize(("case", "fragments"), [
    ("markup-cve-2023-33733", ["<para><fontcolor=\"[[[getattr(pow,Word('__globals__'))['os'].system(",
                               "'red'\">exploit</font></para>"]),
    ("markup-tags", ["<b>Bold</b>&<i>co</i>", "<fontsize=80>Big</font>", "<imgsrc='/etc/passwd'/>&amp;&#60;",
                     "<ahref='javascript:alert(1)'>link</a>", "<onDrawname=evil/><seqid=x/></para><br/>"]),
    ("control-characters", ["Bellescape[31mredend."]),
])
def test_markup_payloads_print_as_typed(case, fragments, make_project, capsys, in_tmp):
    source = HOSTILE / "handouts" / f"{case}.yaml"
    (make_project.handouts / source.name).write_bytes(source.read_bytes())
    code, _, err = run(capsys, "--root", make_project.root, "build")
    assert code == 0, err
    text = page_text(make_project.out / "handouts" / f"{case}.pdf")
    for fragment in fragments:
        assert fragment in text


def test_a_file_over_one_megabyte(make_project, capsys, in_tmp):
    (make_project.handouts / "big.yaml").write_text(GOOD.format(order=1) + "# " + "x" * 1_100_000)
    code, _, err = run(capsys, "--root", make_project.root, "build")
    assert (code, err) == (1, "handouts/big.yaml: the file is larger than 1000 KB; "
                              "a handout should be a few KB\n")


# -- pictures ----------------------------------------------------------------------------------


def _png(width: int, height: int, rows: int | None = None) -> bytes:
    """A greyscale PNG of *width* x *height*; with *rows*, only that many rows of data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(packer.compress(row) for _ in range(height if rows is None else rows))
    data += packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _jpeg_header(width: int, height: int) -> bytes:
    return (b"\xff\xd8\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
            + b"\xff\xd9")


def _corrupt(data: bytes) -> bytes:
    at = data.index(b"IDAT") + 8
    return data[:at] + bytes(b ^ 0x5A for b in data[at:at + 16]) + data[at + 16:]


IMAGES_MADE: dict[str, Callable[[], bytes]] = {
    "bomb-100-megapixels.png": lambda: _png(10_000, 10_000),  # 100 MB of pixels in ~100 KB
    "huge-header.png": lambda: _png(100_000, 100_000, rows=1),
    "huge-header.jpg": lambda: _jpeg_header(65_000, 65_000),
    "cut-off.png": lambda: (FIXTURES / "images" / "photo.png").read_bytes()[:300],
    "broken-data.png": lambda: _corrupt(_png(40, 40)),
    "cut-off.jpg": lambda: (FIXTURES / "images" / "photo.jpg").read_bytes()[:400],
    "jpeg-named.png": lambda: (FIXTURES / "images" / "photo.jpg").read_bytes(),
    "png-named.jpg": lambda: (FIXTURES / "images" / "photo.png").read_bytes(),
    "png-named.svg": lambda: (FIXTURES / "images" / "photo.png").read_bytes(),
    "empty.png": lambda: b"",
    "animation.gif": lambda: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "good.png": lambda: _png(40, 30),
}


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_hostile_picture(name, make_project, capsys, in_tmp):
    if name in IMAGES_MADE:
        (make_project.images / name).write_bytes(IMAGES_MADE[name]())
    else:
        (make_project.images / name).write_bytes((HOSTILE / "images" / name).read_bytes())
    make_project.write("pic", PICTURE.format(name=name))
    code, out, err = run(capsys, "--root", make_project.root, "build")
    expected = PICTURES[name]
    if expected == ["builds"]:
        assert (code, err) == (0, ""), err
        assert page_text(make_project.out / "handouts" / "pic.pdf")
    else:
        assert code == 1
        assert err.splitlines() == [line.replace("{f}", "handouts/pic.yaml") for line in expected]
        assert out == ""
        assert pdfs(make_project.root) == {}


def test_a_decompression_bomb_is_refused_before_decoding(make_project, capsys):
    """100 megapixels would take seconds and hundreds of MB to decode: it is refused from the
    header, and the same check refuses it in `check` too."""
    import time

    (make_project.images / "bomb.png").write_bytes(_png(12_000, 12_000))
    make_project.write("pic", PICTURE.format(name="bomb.png"))
    started = time.perf_counter()
    code, _, err = run(capsys, "--root", make_project.root, "check")
    assert code == 1
    assert "handouts/pic.yaml:7: image 'bomb.png' is 12000x12000 pixels, too large to print" in err
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(("link", "target"), [
    ("outside.svg", "../layouts/brand.yaml"),           # a file link leading out of images/
    ("folder/square.svg", "../layouts"),                # a folder link leading out of images/
])
def test_links_out_of_the_images_folder_are_refused(link, target, make_project, capsys, in_tmp):
    first = link.split("/")[0]
    os.symlink(target, make_project.images / first)
    make_project.write("pic", PICTURE.format(name=link))
    code, _, err = run(capsys, "--root", make_project.root, "build")
    assert (code, err) == (1, f"handouts/pic.yaml:7: image '{link}' points outside images/ (a link?); "
                              "copy the picture into images/\n")


def test_a_link_inside_the_images_folder_works(make_project, capsys, in_tmp):
    os.symlink("square.svg", make_project.images / "alias.svg")
    make_project.write("pic", PICTURE.format(name="alias.svg"))
    code, _, err = run(capsys, "--root", make_project.root, "build")
    assert (code, err) == (0, "")


# -- the output folder -------------------------------------------------------------------------


@pytest.fixture
def built(make_project, capsys):
    """A project with two handouts built once; returns (project, the PDFs' bytes)."""
    make_project.write("one", GOOD.format(order=1))
    make_project.write("two", GOOD.format(order=2))
    code, _, err = run(capsys, "--root", make_project.root, "build")
    assert code == 0, err
    before = pdfs(make_project.out)
    assert set(before) == {"handouts/one.pdf", "handouts/two.pdf"}
    make_project.write("one", GOOD.format(order=1).replace("A good", "A changed"))
    return make_project, before


def _no_temporary_files(folder: Path) -> None:
    kept = (".handoutkit.lock", ".handoutkit-cache.json")  # the lock and the build record
    leftovers = [p.name for p in folder.rglob("*") if p.is_file() and p.name not in kept
                 and not p.name.endswith(".pdf")]
    assert leftovers == []


@pytest.mark.parametrize(("case", "error_number", "patch", "message"), [
    ("read-only folder", errno.EROFS, "handoutkit.press.outputs.open_new",
     "{out}/handouts/one.pdf: cannot write here (the folder is read-only or not yours); "
     "choose another with --out"),
    ("no permission", errno.EACCES, "handoutkit.press.outputs.open_new",
     "{out}/handouts/one.pdf: cannot write here (the folder is read-only or not yours); "
     "choose another with --out"),
    ("full disk", errno.ENOSPC, "os.fsync",
     "{out}/handouts/one.pdf: the disk is full; free some space and build again"),
])
def test_an_unwritable_output_folder_keeps_every_earlier_pdf(case, error_number, patch, message,
                                                             built, capsys, monkeypatch):
    project, before = built

    def refuse(*args, **kwargs):
        raise OSError(error_number, os.strerror(error_number))

    monkeypatch.setattr(patch, refuse)
    code, out, err = run(capsys, "--root", project.root, "build")
    monkeypatch.undo()
    assert (code, out) == (1, "")
    assert err == message.format(out=project.out.resolve()) + "\n"
    assert pdfs(project.out) == before
    _no_temporary_files(project.out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_really_read_only_folder_keeps_every_earlier_pdf(built, capsys):
    project, before = built
    (project.out / "handouts").chmod(0o500)
    try:
        code, _, err = run(capsys, "--root", project.root, "build")
    finally:
        (project.out / "handouts").chmod(0o700)
    assert code == 1
    assert "cannot write here (the folder is read-only or not yours)" in err
    assert pdfs(project.out) == before


@pytest.mark.parametrize(("args", "message"), [
    (["build", "--out", "{root}/afile"], "{root}/afile: cannot be written (File exists); "
                                         "choose another place with --out"),
    (["build", "--out", "{root}/" + "x" * 300], "{root}/" + "x" * 300 + ": cannot be written "
                                                "(File name too long); choose another place with --out"),
    (["booklet", "--out", "{root}/handouts"], "{root}/handouts: cannot be written (Is a directory); "
                                              "choose another place with --out"),
])
def test_an_impossible_output_place(args, message, built, capsys):
    project, before = built
    (project.root / "afile").write_text("not a folder")
    root = str(project.root.resolve())
    code, _, err = run(capsys, "--root", project.root, *[a.format(root=root) for a in args])
    assert code == 1
    assert err == message.format(root=root) + "\n"
    assert pdfs(project.out) == before


@pytest.mark.parametrize("name", ["../../../escaped", "/etc/cron.d/x", "..", "a/../../b", "~root",
                                  "C:\\Windows\\x", "con", "a\u202ereversed"])
def test_a_client_name_never_leads_out_of_the_output_folder(name, make_project, capsys, in_tmp):
    make_project.write("one", GOOD.format(order=1))
    code, out, err = run(capsys, "--root", make_project.root, "build", "one", "--for", name)
    assert (code, err) == (0, "")
    assert out.startswith("built ")
    written = [p.resolve() for p in make_project.root.rglob("*.pdf")]
    assert len(written) == 1
    assert written[0].is_relative_to((make_project.out / "clients").resolve())


def test_a_client_name_and_note_are_never_markup(make_project, capsys, in_tmp):
    make_project.write("one", GOOD.format(order=1).replace(
        "Hello there", "Hello {{ client.name }}"))
    name = "<b>Ann</b> **Lee** & {{ 7*7 }}"
    note = "<font color=red>note</font> *x* &amp; <br/>"
    code, _, err = run(capsys, "--root", make_project.root, "build", "one", "--for", name,
                       "--note", note)
    assert (code, err) == (0, ""), err
    [pdf] = list((make_project.out / "clients").rglob("*.pdf"))
    text = page_text(pdf)
    assert "<b>Ann</b>**Lee**&{{7*7}}" in text
    assert "<fontcolor=red>note</font>*x*&amp;<br/>" in text


BRAND_MARKUP = {("practice", "name"): "<b>Acme</b> & <font color=red>Co</font>",
                ("practice", "tagline"): "<i>tag</i> &amp; *x*",
                ("therapist", "name"): "<br/>Ann",
                ("disclaimer",): "<para>Disclaimer</para> & <a href='x'>y</a>",
                ("booklet", "title"): "<u>Book</u>"}


def test_brand_details_are_never_markup(make_project, capsys, in_tmp):
    import yaml

    brand_file = make_project.root / "layouts" / "brand.yaml"
    brand = yaml.safe_load(brand_file.read_text(encoding="utf-8"))
    for path, value in BRAND_MARKUP.items():
        node = brand
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    brand_file.write_text(yaml.safe_dump(brand, allow_unicode=True), encoding="utf-8")
    make_project.write("one", GOOD.format(order=1))
    code, _, err = run(capsys, "--root", make_project.root)
    assert (code, err) == (0, ""), err
    handout = page_text(make_project.out / "handouts" / "one.pdf")
    pdf = pdfium.PdfDocument(str(make_project.out / "booklet.pdf"))
    try:
        booklet = "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)
    finally:
        pdf.close()
    booklet = booklet.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    for path, value in BRAND_MARKUP.items():
        typed = "".join(value.split())
        assert typed in booklet, path
        if path != ("booklet", "title"):
            assert typed in handout, path


# -- the command line --------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "status", "last_line"), [
    (["frobnicate"], 2, "make_handouts.py: error: argument COMMAND: invalid choice: 'frobnicate' "),
    (["build", "--frob"], 2, "make_handouts.py: error: unrecognized arguments: --frob"),
    (["build", "--note", "x"], 2, "make_handouts.py: --note goes with --for NAME (the note is "
                                  "for a client)"),
    (["build", "--for", ""], 2, "make_handouts.py: --for needs the client's name, e.g. "
                                "--for \"Paul Rivera\""),
    (["build", "--for", "x" * 5000], 2, "make_handouts.py: the name is longer than 80 characters; "
                                        "shorten it"),
    (["build", "--date", "2026-02-30"], 2, "make_handouts.py build: error: argument --date: "
                                           "'2026-02-30' is not a date like 2026-11-25"),
    (["build", "../../etc/passwd"], 1, "handouts/../../etc/passwd.yaml: there is no handout "
                                       "'../../etc/passwd'; run 'make_handouts.py list' to see them"),
    (["build", "x" * 5000], 1, None),
])
def test_hostile_command_lines(args, status, last_line, make_project, capsys, in_tmp):
    make_project.write("one", GOOD.format(order=1))
    code, out, err = run(capsys, "--root", make_project.root, *args)
    assert (code, out) == (status, "")
    lines = err.splitlines()
    assert lines
    if last_line is not None:
        assert lines[-1].startswith(last_line)
    assert all(len(line) < 400 for line in lines)  # a huge argument is not echoed in full
    assert pdfs(make_project.root) == {}


# -- known gaps in modules this hardening pass did not own (see the report) --------------------


def _build(capsys, project) -> tuple[int, str]:
    code, _, err = run(capsys, "--root", project.root, "build")
    return code, err


@pytest.mark.parametrize("value", ["[text]", "{a: b}"])
def test_block_type_that_is_a_list_or_mapping(value, make_project, capsys, in_tmp):
    make_project.write("x", GOOD.format(order=1).replace("type: text", f"type: {value}"))
    code, err = _build(capsys, make_project)
    assert code == 1
    assert err.startswith("handouts/x.yaml:6: unknown block type")


def test_two_files_with_the_same_slug(make_project, capsys, in_tmp):
    make_project.write("a", GOOD.format(order=1))
    (make_project.handouts / "a.yml").write_text(GOOD.format(order=2).replace("good", "other"))
    code, err = _build(capsys, make_project)
    assert code == 1
    assert re.match(r"handouts/a\.yml?: .*; .*", err)


def test_text_of_only_spaces(make_project, capsys, in_tmp):
    make_project.write("x", GOOD.format(order=1).replace(
        "Hello there, this is a good handout.", "'   '"))
    code, err = _build(capsys, make_project)
    assert (code, err) == (1, "handouts/x.yaml:7: 'text' is empty; write something or remove it\n")


def test_a_boolean_where_a_number_belongs(make_project, capsys, in_tmp):
    make_project.write("x", GOOD.format(order="yes"))
    code, err = _build(capsys, make_project)
    assert (code, err) == (1, "handouts/x.yaml:3: 'order' should be a whole number; write it like 3\n")


def test_an_unknown_layout_says_how_to_fix_it(make_project, capsys, in_tmp):
    make_project.write("x", GOOD.format(order=1) + "layout: ../../etc/passwd\n")
    code, err = _build(capsys, make_project)
    assert code == 1
    assert re.fullmatch(r"handouts/x\.yaml:8: layout '\.\./\.\./etc/passwd' is not a file in "
                        r"layouts/; .+\n", err)


def test_a_character_no_font_has_names_its_line(make_project, capsys, in_tmp):
    make_project.write("x", GOOD.format(order=1).replace("Hello there", "Hello \U0010fffd there"))
    code, err = _build(capsys, make_project)
    assert code == 1
    assert err.startswith("handouts/x.yaml:7: ")
