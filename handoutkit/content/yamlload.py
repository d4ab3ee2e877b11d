"""Safe YAML loading that remembers the line of every value.

PyYAML's composer gives nodes with marks; we build plain Python values from them ourselves,
so we can record where each value came from, refuse tags that would build Python objects,
report duplicate keys, and stop alias bombs before they expand.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError, Problem, shown

Path_ = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
MAX_VALUES = 20_000  # a handout has a few hundred; more means an alias bomb or a mistake
MAX_DEPTH = 40
MAX_BYTES = 1_000_000


@dataclass
class Loaded:
    """Plain data from a YAML file plus the line of every value in it."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)
    block_scalars: set[Path_] = field(default_factory=set)
    folded: set[Path_] = field(default_factory=set)  # '>' blocks: their lines are joined
    source: list[str] = field(default_factory=list)  # the file's lines, as written
    problems: list[Problem] = field(default_factory=list)  # values that could not be read

    def line_of(self, path: Path_) -> int | None:
        """The line of the value at *path*, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def text_line(self, path: Path_) -> int | None:
        """The first line of the text of a string value (the line after a `|` or `>`)."""
        line = self.line_of(path)
        if line is not None and tuple(path) in self.block_scalars:
            return line + 1
        return line


# libyaml's parser, when PyYAML was built with it, composes about ten times faster; its
# nodes carry the same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.lines: dict[Path_, int] = {}
        self.block_scalars: set[Path_] = set()
        self.folded: set[Path_] = set()
        self.soft: list[Problem] = []  # bad values: reported along with validation problems
        self.problems: list[Problem] = []
        self._scalar = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise ContentError.single(
                self.file, node.start_mark.line + 1,
                f"the file holds more than {MAX_VALUES} values (often caused by repeated "
                "YAML aliases, '*name'); write the content out plainly",
            )
        if depth > MAX_DEPTH:
            raise ContentError.single(
                self.file, node.start_mark.line + 1,
                f"the content is nested more than {MAX_DEPTH} levels deep; flatten it",
            )
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _STD + "seq":
                self.problem(node, f"the YAML tag '{shown(node.tag)}' is not allowed here; remove it")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar_value(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        if node.tag != _STD + "map":
            self.problem(node, f"the YAML tag '{shown(node.tag)}' is not allowed here; remove it")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_SCALAR_TAGS:
                if key_node.tag == _STD + "merge":
                    self.problem(key_node, "YAML merge keys ('<<') are not supported; "
                                 "write the fields out in full")
                else:
                    self.problem(key_node, "a field name must be plain text, like 'title:'")
                continue
            key = str(key_node.value)
            if key in out:
                self.problem(key_node, f"'{shown(key)}' appears twice here; keep only one")
                continue
            out[key] = self.build(value_node, path + (key,), depth + 1)
            self.lines.setdefault(path + (key,), key_node.start_mark.line + 1)
        return out

    def _scalar_value(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag not in _ALLOWED_SCALAR_TAGS:
            self.problem(node, f"the YAML tag '{shown(node.tag)}' is not allowed; remove it "
                         "(only plain text, numbers, dates and lists are used)")
            return None
        if node.style in ("|", ">"):
            self.block_scalars.add(path)
        if node.style == ">":
            self.folded.add(path)
        try:
            value = self._scalar.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            # A bad value is kept as text and reported, and reading goes on, so the same run
            # also reports every other mistake in the file.
            line = node.start_mark.line + 1
            if node.tag == _STD + "timestamp":
                message = f"'{shown(node.value)}' is not a real date; write it like 2026-11-25"
            elif node.tag in (_STD + "int", _STD + "float"):
                message = f"'{shown(node.value)}' is too long a number; use a smaller one"
            else:
                message = f"'{shown(node.value)}' could not be read; put it in quotes"
            self.soft.append(Problem(self.file, line, message))
            return node.value
        if isinstance(value, _dt.datetime):
            value = value.date()
        return value


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise ContentError.single(file, None, f"the file is larger than {MAX_BYTES // 1000} KB; "
                                  "a handout should be a few KB")
    try:
        return raw.decode("utf-8-sig")  # tolerate the byte-order mark some editors add
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError.single(file, line, "the file is not UTF-8 text; save it as UTF-8 "
                                  "in your editor") from None


def _too_deep_line(text: str) -> int | None:
    """The line where *text* first nests more than MAX_DEPTH levels (the scanner is not
    recursive, so this works where composing ran out of stack)."""
    opening = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
               yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
    closing = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            depth += isinstance(token, opening) - isinstance(token, closing)
            if depth > MAX_DEPTH:
                return token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return None


def _compose(text: str) -> yaml.Node | None:
    """The node tree of *text*: by libyaml when it can, else (and for the wording of every
    error message, which the pure-Python parser words best) by PyYAML's own parser."""
    if _LOADER is not yaml.SafeLoader:
        try:
            return yaml.compose(text, Loader=_LOADER)
        except (yaml.YAMLError, RecursionError):
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml_text(text: str, file: str) -> Loaded:
    """Parse YAML *text*; *file* is the name used in messages."""
    try:
        node = _compose(text)
    except yaml.reader.ReaderError as exc:  # a control character, such as a NUL byte
        line = text[: exc.position].count("\n") + 1
        raise ContentError.single(file, line, f"the file holds a control character "
                                  f"(U+{exc.character:04X}) that cannot be in text; delete it, or "
                                  "save the file again as plain UTF-8 text") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = (exc.problem or "invalid YAML").strip()
        raise ContentError.single(file, line, f"this is not valid YAML ({what}); check the "
                                  "indentation and that text with ':' or '#' is in quotes") from None
    except yaml.YAMLError as exc:
        raise ContentError.single(file, None, f"this is not valid YAML ({shown(exc, 200)}); check "
                                  "it against docs/format.md") from None
    except RecursionError:
        raise ContentError.single(file, _too_deep_line(text), f"the content is nested more than "
                                  f"{MAX_DEPTH} levels deep; flatten it") from None
    if node is None:
        raise ContentError.single(file, 1, "the file is empty; add the content (see docs/format.md)")
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise ContentError(builder.problems)
    return Loaded(data, file, builder.lines, builder.block_scalars, builder.folded,
                  text.splitlines(), builder.soft)


_parsed: dict[tuple[str, str, bytes], Loaded] = {}


def load_yaml_file(path: Path, display: str) -> Loaded:
    """Read and parse a YAML file; *display* is the path shown to the user.

    A file read again with the same bytes (a batch builds one handout for many clients)
    is parsed once per process. Callers treat the result as read-only.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError.single(display, None, f"cannot be read ({exc.strerror})") from None
    key = (str(path), display, hashlib.sha1(raw, usedforsecurity=False).digest())
    if key not in _parsed:
        if len(_parsed) > 256:
            _parsed.clear()
        _parsed[key] = load_yaml_text(_decode(raw, display), display)
    return _parsed[key]
