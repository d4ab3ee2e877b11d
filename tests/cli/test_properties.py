"""Property-based tests: whatever a handout file or a command line holds, the tool gives
either correct output or one-line problems, never a traceback.

The contract checked on every example:
- exit status 0 or 1 (2 only for a mistyped command line);
- with 1, every line on standard error is `handouts/FILE.yaml:LINE: what is wrong; how to
  fix it` (the line may be missing for a problem with the whole file), and no PDF is written;
- with 0, the PDF exists and has exactly one page.

The command line runs in-process (handoutkit.cli.main) to keep this quick.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import string
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from handoutkit import cli

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
PROBLEM = re.compile(r"^handouts/h\.yaml(:\d+)?: \S.*; \S.*$")
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project folder for every example (cleared before each)."""
    folder = tmp_path_factory.mktemp("properties")
    shutil.copytree(REPO / "layouts", folder / "layouts")
    shutil.copytree(FIXTURES / "images", folder / "images")
    (folder / "handouts").mkdir()
    return folder


def run_handout(root: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                command: str = "build") -> tuple[int, str, str]:
    """Build handouts/h.yaml holding *content*; check the contract; return the run."""
    for folder in ("handouts", "out"):
        shutil.rmtree(root / folder, ignore_errors=True)
    (root / "handouts").mkdir()
    (root / "handouts" / "h.yaml").write_bytes(content)
    capsys.readouterr()
    code = cli.main(["--root", str(root), command])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1), err
    pdf = root / "out" / "handouts" / "h.pdf"
    if code == 1:
        lines = err.splitlines()
        if command == "check":  # check also warns, and ends with a count
            lines = [line for line in lines if not line.startswith("warning: ")]
            assert re.fullmatch(r"\d+ problem\(s\) found\.", lines.pop())
        assert lines
        for line in lines:
            assert PROBLEM.match(line), line
            assert len(line) < 600, line
        assert not pdf.exists()
    elif command == "build":
        document = pdfium.PdfDocument(str(pdf))
        try:
            assert len(document) == 1
        finally:
            document.close()
    return code, out, err


# -- generating handouts -----------------------------------------------------------------------

# Letters and the characters that mean something to YAML, ReportLab markup, our emphasis and
# smart quotes: every one of them must print as typed. Braces are left to `placeholders`.
CHARS = string.ascii_letters + string.digits + " .,;:!?-()[]<>&*\"'#%/=@éüñçß–’"
PLACEHOLDERS = ["{{ client.name }}", "{{ practice.name }}", "{{ therapist.name }}", "{{ date }}",
                "{% if client.name %}for {{ client.name }}{% endif %}"]
words = st.text(alphabet=CHARS, min_size=1, max_size=14).filter(lambda w: w.strip())
# At least one word that is not a placeholder: a placeholder may be empty (no client).
short = st.tuples(words, st.lists(st.one_of(words, st.sampled_from(PLACEHOLDERS)), max_size=5)).map(
    lambda t: " ".join([t[0], *t[1]])).filter(lambda s: len(s) <= 150)
text = st.tuples(words, st.lists(st.one_of(words, words, st.sampled_from(PLACEHOLDERS)), max_size=14)
                 ).map(lambda t: " ".join([t[0], *t[1]]))
items = st.lists(short, min_size=1, max_size=4)
picture = st.sampled_from(["square.svg", "logo.svg", "photo.png", "photo.jpg"])

BLOCKS = [
    st.fixed_dictionaries({"type": st.just("heading"), "text": short},
                          optional={"level": st.sampled_from([1, 2])}),
    st.fixed_dictionaries({"type": st.just("text"), "text": text}),
    st.fixed_dictionaries({"type": st.sampled_from(["bullets", "numbered"]), "items": items}),
    st.fixed_dictionaries({"type": st.just("image"), "file": picture, "alt": short},
                          optional={"width": st.floats(0.2, 0.35), "caption": short,
                                    "align": st.sampled_from(["left", "centre", "right"])}),
    st.fixed_dictionaries({"type": st.just("callout"),
                           "style": st.sampled_from(["tip", "caution", "see-your-doctor"]),
                           "text": text}, optional={"title": short, "items": items}),
    st.fixed_dictionaries({"type": st.just("steps"), "name": short, "steps": items},
                          optional={"hold": short, "repeat": short, "stop_if": short}),
    st.fixed_dictionaries({"type": st.just("facts"), "rows": st.lists(st.fixed_dictionaries(
        {"label": short, "value": short}), min_size=1, max_size=3)}),
    st.fixed_dictionaries({"type": st.just("story"), "name": words, "text": text}),
    st.fixed_dictionaries({"type": st.just("qr"), "url": st.just("https://www.example.com/book"),
                           "label": short}),
]
block = st.one_of(*BLOCKS)
columns = st.fixed_dictionaries({"type": st.just("columns"),
                                 "left": st.lists(block, min_size=1, max_size=1),
                                 "right": st.lists(block, min_size=1, max_size=1)})
handouts = st.fixed_dictionaries({
    "title": short,
    "category": st.sampled_from(["anatomy", "condition", "muscle", "self-care", "story", "referral"]),
    "order": st.integers(1, 999),
    "reviewed": st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    "blocks": st.lists(st.one_of(block, block, block, columns), min_size=1, max_size=3),
}, optional={"subtitle": short, "layout": st.sampled_from(["one-column", "two-column",
                                                           "two-column-a4"])}).filter(
    lambda h: str(h).count("'image'") <= 1)  # small enough to fit one page whatever is drawn


@st.composite
def encoded(draw: st.DrawFn, data: Any) -> bytes:
    """*data* as a YAML file, in one of the ways an editor may save it."""
    style = draw(st.sampled_from([False, None]))  # block style, or flow where short
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=draw(st.booleans()),
                          default_flow_style=style, width=draw(st.sampled_from([60, 4096])))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")  # Windows line endings
    raw = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + raw) if draw(st.booleans()) else raw  # a byte-order mark


WRONG = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                  st.text(max_size=30), st.text(min_size=300, max_size=5000),
                  st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5),
                                                                        st.integers(), max_size=2),
                  st.dates(), st.just("{{ client.__class__ }}"), st.just("{{ nope }}"),
                  st.just("{% for x in y %}"))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, path + (i,))
    return found


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(node: Any, path: tuple[Any, ...]) -> None:
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


@st.composite
def broken(draw: st.DrawFn) -> Any:
    """A valid handout with one to three things wrong in it."""
    data = draw(handouts)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(["wrong value", "unknown key", "typo", "delete"]))
        if how == "wrong value":
            _set(data, path, draw(WRONG))
        elif how == "delete":
            _delete(data, path)
        else:
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            if not isinstance(parent, dict):
                continue
            key = path[-1]
            new = (draw(st.text(min_size=1, max_size=20)) if how == "unknown key" else
                   key[:-1] if len(key) > 2 else key + "s")
            assume(new != "layout")  # the unknown-layout message is an xfail in test_hostile
            parent[new] = parent.pop(key) if how == "typo" else draw(WRONG)
    return data


# -- the properties ----------------------------------------------------------------------------


@SETTINGS
@given(content=handouts.flatmap(encoded))
def test_a_valid_handout_builds_one_page(root, capsys, content):
    code, _, err = run_handout(root, capsys, content)
    assert code == 0, err


@SETTINGS
@given(content=broken().flatmap(encoded))
def test_a_broken_handout_gives_one_line_problems(root, capsys, content):
    run_handout(root, capsys, content)


YAML_BITS = ["title: ", "blocks:", "  - type: text\n    text: ", "- ", ": ", "\n", "  ", "\t", "[", "]",
             "{", "}", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "<<: ", "---\n", "...",
             "'", '"', "|\n", ">-\n", "#", "%YAML 1.1\n", "?", "@", "`", "\\", "\r\n", "\ufeff", "\x00",
             "order: 1\n", "reviewed: 2026-11-25\n", "category: muscle\n", "2026-02-30", ".nan", "1e999"]


@SETTINGS
@given(pieces=st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=10)), max_size=40))
def test_any_text_is_read_safely(root, capsys, pieces):
    run_handout(root, capsys, "".join(pieces).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(content=st.binary(max_size=300))
def test_any_bytes_are_read_safely(root, capsys, content):
    run_handout(root, capsys, content, command="check")


# -- command lines -----------------------------------------------------------------------------

# Commands that print, email or watch for ever are left out; names after --out and --root are
# kept relative (no '/', '..' or '~') so nothing is written outside the test's folder.
SAFE_NAME = st.text(alphabet=string.ascii_letters + string.digits + "-_ .é", min_size=0,
                    max_size=12).filter(lambda s: ".." not in s)
ARGUMENT = st.one_of(
    st.sampled_from(["build", "booklet", "check", "list", "schema", "history", "new",
                     "good", "missing", "--out", "--for", "--note", "--date", "--grayscale",
                     "--imposed", "--json", "--title", "--category", "--root", "-h", "--", "-",
                     "2026-11-25", "2026-02-30", "muscle"]),
    SAFE_NAME,
)
GOOD = """\
title: Good
category: muscle
order: 1
reviewed: 2026-11-25
blocks:
  - type: text
    text: Hello there.
"""


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=st.lists(ARGUMENT, max_size=6))
def test_any_command_line_gives_a_clear_answer(root, capsys, monkeypatch, argv):
    for folder in ("handouts", "out", "work"):
        shutil.rmtree(root / folder, ignore_errors=True)
    (root / "handouts").mkdir()
    (root / "handouts" / "good.yaml").write_text(GOOD)
    (root / "work").mkdir()
    monkeypatch.chdir(root / "work")
    if argv[:1] != ["--root"]:
        argv = ["--root", str(root), *argv]
    capsys.readouterr()
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse: --help (0) or wrong usage (2)
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1, 2), err
    if code:
        assert err.strip(), "a failure must say why"
        assert all(len(line) < 600 for line in err.splitlines())
    written = [p for p in root.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(root.resolve()) for p in written)
