"""handoutkit.content.yamlload: safe YAML that remembers where every value came from."""

from __future__ import annotations

import datetime as dt
import textwrap
import time
from pathlib import Path

import pytest

from handoutkit.content.yamlload import MAX_DEPTH, MAX_VALUES, load_yaml_file, load_yaml_text
from handoutkit.errors import ContentError


def problems_of(text: str) -> list:
    """The problems load_yaml_text reports for *text* (it must refuse it)."""
    with pytest.raises(ContentError) as info:
        load_yaml_text(text, "h.yaml")
    return info.value.problems


def only_problem(text: str):
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


SAMPLE = textwrap.dedent("""\
    # a comment line
    title: Psoas
    order: 9
    reviewed: 2026-11-25
    blocks:
      - type: heading
        text: What it does
      - type: text
        text: |
          First line of text.
          Second line.
      - type: bullets
        items:
          - one
          - two
""")


def test_values_keep_their_types():
    loaded = load_yaml_text(SAMPLE, "h.yaml")
    assert loaded.data["title"] == "Psoas"
    assert loaded.data["order"] == 9
    assert loaded.data["reviewed"] == dt.date(2026, 11, 25)
    assert loaded.data["blocks"][1]["text"] == "First line of text.\nSecond line.\n"
    assert loaded.file == "h.yaml"


@pytest.mark.parametrize(("path", "line"), [
    (("title",), 2),
    (("order",), 3),
    (("blocks", 0), 6),
    (("blocks", 0, "type"), 6),
    (("blocks", 0, "text"), 7),
    (("blocks", 1, "text"), 9),
    (("blocks", 2), 12),
    (("blocks", 2, "items"), 14),  # a block list starts at its first '-'
    (("blocks", 2, "items", 1), 15),
])
def test_line_of_each_value(path, line):
    assert load_yaml_text(SAMPLE, "h.yaml").line_of(path) == line


def test_line_of_an_unknown_path_falls_back_to_its_parent():
    loaded = load_yaml_text(SAMPLE, "h.yaml")
    assert loaded.line_of(("blocks", 2, "nonsense")) == 12
    assert loaded.line_of(("blocks", 1, "text", "deeper")) == 9


def test_key_line_is_recorded_when_the_value_starts_on_a_later_line():
    loaded = load_yaml_text("title: x\nsubtitle:\n\n  on a later line\n", "h.yaml")
    assert loaded.line_of(("subtitle",)) == 4
    loaded = load_yaml_text("title: x\nblocks:\n\n\n  - a\n", "h.yaml")
    assert loaded.line_of(("blocks", 0)) == 5


def test_block_scalar_text_line_is_the_first_line_of_text():
    loaded = load_yaml_text(SAMPLE, "h.yaml")
    assert loaded.line_of(("blocks", 1, "text")) == 9  # the 'text: |' line
    assert loaded.text_line(("blocks", 1, "text")) == 10  # 'First line of text.'
    # a plain scalar's text starts on its own line
    assert loaded.text_line(("blocks", 0, "text")) == 7


def test_folded_block_scalar_text_line_too():
    loaded = load_yaml_text("a: 1\nb: >-\n  folded\n  text\n", "h.yaml")
    assert loaded.data["b"] == "folded text"
    assert loaded.text_line(("b",)) == 3


def test_byte_order_mark_and_crlf_load_fine(tmp_path: Path):
    path = tmp_path / "h.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Hello\r\norder: 2\r\ntext: |\r\n  one\r\n  two\r\n")
    loaded = load_yaml_file(path, "handouts/h.yaml")
    assert loaded.data == {"title": "Hello", "order": 2, "text": "one\ntwo\n"}
    assert loaded.line_of(("order",)) == 2
    assert loaded.text_line(("text",)) == 4
    assert loaded.file == "handouts/h.yaml"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_one_problem_on_line_1(text):
    problem = only_problem(text)
    assert problem.file == "h.yaml"
    assert problem.line == 1
    assert "empty" in problem.message


def test_empty_file_on_disk(tmp_path: Path):
    (tmp_path / "e.yaml").write_bytes(b"")
    with pytest.raises(ContentError) as info:
        load_yaml_file(tmp_path / "e.yaml", "handouts/e.yaml")
    assert [str(p) for p in info.value.problems] == [
        "handouts/e.yaml:1: the file is empty; add the content (see docs/format.md)"]


@pytest.mark.parametrize(("text", "line"), [
    ("title: ok\n\tsubtitle: x\n", 2),  # a tab for indentation
    ("title: ok\nsubtitle: [a, b\norder: 3\n", 3),  # unclosed list
    ("title: ok\norder: 3\nblocks:\n  - type: text\n   text: bad indent\n", 5),
    ('title: "unclosed\norder: 3\n', 3),
])
def test_malformed_yaml_reports_its_line(text, line):
    problem = only_problem(text)
    assert problem.line == line
    assert problem.message.startswith("this is not valid YAML (")
    assert "Traceback" not in problem.message


def test_duplicate_key_is_reported_at_its_second_line():
    problem = only_problem("title: one\norder: 1\ntitle: two\n")
    assert str(problem) == "h.yaml:3: 'title' appears twice here; keep only one"


def test_duplicate_key_inside_a_block():
    problem = only_problem("blocks:\n  - type: text\n    text: a\n    text: b\n")
    assert problem.line == 4
    assert "'text' appears twice" in problem.message


def test_all_problems_in_one_file_are_reported_together():
    problems = problems_of("a: 1\na: 2\nb: !!binary aGk=\nc: 3\nc: 4\n")
    assert [p.line for p in problems] == [2, 3, 5]


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:builtins.dict {{a: 1}}",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
])
def test_python_tags_are_refused_and_never_run(tmp_path: Path, tagged):
    marker = tmp_path / "was-executed"
    problem = only_problem(f"title: ok\nsubtitle: {tagged.format(marker=marker)}\n")
    assert problem.line == 2
    assert "is not allowed" in problem.message
    assert "python/" in problem.message
    assert not marker.exists()


def test_python_tag_as_a_key_is_refused():
    problem = only_problem("title: ok\n!!python/name:os.system : x\n")
    assert problem.line == 2
    assert "plain text" in problem.message


def test_merge_keys_are_refused():
    problem = only_problem("base: &b {a: 1}\nother:\n  <<: *b\n  c: 2\n")
    assert problem.line == 3
    assert "merge keys ('<<') are not supported" in problem.message


def test_simple_alias_still_loads():
    loaded = load_yaml_text("a: &x hello\nb: *x\n", "h.yaml")
    assert loaded.data == {"a": "hello", "b": "hello"}


def billion_laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_with_a_clear_message():
    start = time.perf_counter()
    problem = only_problem(billion_laughs())
    assert time.perf_counter() - start < 2
    assert f"more than {MAX_VALUES} values" in problem.message
    assert "aliases" in problem.message


def test_recursive_alias_is_refused():
    problem = only_problem("a: &a [*a]\n")
    assert f"nested more than {MAX_DEPTH} levels" in problem.message


def test_deep_nesting_is_refused():
    problem = only_problem("x: " + "[" * 60 + "]" * 60 + "\n")
    assert problem.line == 1
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message


def test_nesting_just_under_the_limit_loads():
    depth = MAX_DEPTH - 1  # the mapping is level 0, 'x' level 1
    loaded = load_yaml_text("x: " + "[" * depth + "]" * depth + "\n", "h.yaml")
    assert isinstance(loaded.data["x"], list)


def test_extremely_deep_nesting_is_refused_without_a_crash():
    problem = only_problem("[" * 20_000 + "]" * 20_000)
    assert "nested" in problem.message and "deep" in problem.message


def test_non_utf8_bytes_are_refused_with_their_line(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: ok\norder: 1\nsubtitle: Café\n".encode("latin-1"))
    with pytest.raises(ContentError) as info:
        load_yaml_file(path, "handouts/latin1.yaml")
    [problem] = info.value.problems
    assert problem.file == "handouts/latin1.yaml"
    assert problem.line == 3
    assert "not UTF-8" in problem.message


def test_bad_date_says_it_is_not_a_real_date():
    # a value that cannot be read is kept as text and reported with the validation problems,
    # so one run shows every mistake in the file
    loaded = load_yaml_text("reviewed: 2026-13-45\n", "h.yaml")
    assert loaded.data == {"reviewed": "2026-13-45"}
    [problem] = loaded.problems
    assert problem.line == 1
    assert "'2026-13-45' is not a real date; write it like 2026-11-25" in problem.message


def test_over_large_file_is_refused(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * 1_100_000 + b"\ntitle: ok\n")
    with pytest.raises(ContentError) as info:
        load_yaml_file(path, "handouts/big.yaml")
    assert "larger than" in str(info.value)


def test_unreadable_path_is_a_problem_not_a_crash(tmp_path: Path):
    with pytest.raises(ContentError) as info:
        load_yaml_file(tmp_path / "missing.yaml", "handouts/missing.yaml")
    assert str(info.value).startswith("handouts/missing.yaml: cannot be read")
