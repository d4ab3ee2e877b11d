"""Fill in {{ placeholders }} in content text, sandboxed, with unknown names an error."""

from __future__ import annotations

import datetime as _dt
import re
from functools import cache
from typing import Any

from ..errors import Problem
from .client import Client
from .markup import protect
from .settings import Brand
from .words import write_date
from .yamlload import Loaded, Path_

# Fields that name things rather than say things: never templated.
NOT_TEXT = frozenset({"type", "file", "image", "style", "align", "category", "layout", "order",
                      "reviewed", "width", "size", "level"})
MAX_OUTPUT = 20_000


def format_date(day: _dt.date) -> str:
    """A date as a person writes it: '25 November 2026'."""
    return write_date(day)


def context(brand: Brand, day: _dt.date, client: Client | None = None) -> dict[str, Any]:
    """The names a placeholder may use."""
    client = client or Client()
    return {
        "client": {"name": client.name, "note": client.note},
        "therapist": brand.therapist.model_dump(),
        "practice": brand.practice.model_dump(),
        "date": write_date(day, brand.language.split("-")[0]),
    }


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    return protect(str(value))


# A placeholder that only names a value, `{{ therapist.name }}`: filled in without jinja2
# (loading and compiling it is a tenth of a build's start-up); anything else goes to jinja2.
_PLAIN = re.compile(r"\{\{\s*([A-Za-z]\w*)(?:\.([A-Za-z]\w*))?\s*\}\}")
_OPENING = re.compile(r"(?=\{\{)")  # every "{{", overlapping ones too


@cache
def _env() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, finalize=_finalize,
                               keep_trailing_newline=True)
    env.globals.clear()  # no range(), lipsum(), cycler(), ...: placeholders need none of them
    return env


@cache
def _allowed() -> tuple[tuple[type, ...], frozenset[str]]:
    """Content text fills in values; it is not a programming language. Beyond the sandbox
    (which stops reaching into Python), only these template parts are allowed, so no
    loop, arithmetic or filter can make a build run for ever or fill the memory."""
    from jinja2 import nodes

    return ((nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr,
             nodes.Const, nodes.If, nodes.Not, nodes.And, nodes.Or, nodes.Compare,
             nodes.Operand, nodes.CondExpr, nodes.Filter),
            frozenset({"upper", "lower", "title", "capitalize", "trim", "default", "d"}))


def _check_allowed(template: Any) -> None:
    from jinja2 import nodes
    from jinja2.exceptions import SecurityError

    kinds, filters = _allowed()
    for node in template.find_all(nodes.Node):
        if not isinstance(node, kinds):
            raise SecurityError(f"'{type(node).__name__.lower()}' is not allowed in a placeholder")
        if isinstance(node, nodes.Filter) and node.name not in filters:
            raise SecurityError(f"the filter '{node.name}' is not allowed in a placeholder")
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise SecurityError(f"'{node.attr}' is not allowed in a placeholder")


def is_template_error(exc: BaseException) -> bool:
    """Whether *exc* is jinja2's word that a placeholder is wrong (never true unless jinja2
    was loaded, which only a placeholder it had to read does)."""
    import sys

    jinja = sys.modules.get("jinja2")
    return jinja is not None and isinstance(exc, (jinja.TemplateError,
                                                  jinja.exceptions.SecurityError))


def _plain(text: str, ctx: dict[str, Any]) -> str | None:
    """*text* with each placeholder that only names a known value filled in as jinja2
    would fill it in; None when any placeholder asks for more (jinja2 then reads it)."""
    if "{%" in text or "{#" in text:
        return None  # a block or a comment
    matches = list(_PLAIN.finditer(text))
    if [m.start() for m in matches] != [m.start() for m in _OPENING.finditer(text)]:
        return None  # a "{{" that opens something else (or overlaps another)
    out, last = [], 0
    for match in matches:
        name, attr = match.groups()
        value = ctx.get(name)
        if attr is not None:  # jinja2 looks for an attribute first: a dict's methods
            if not isinstance(value, dict) or attr not in value or hasattr(dict, attr):
                return None
            value = value[attr]
        elif name not in ctx or isinstance(value, dict):
            return None
        out += [text[last:match.start()], _finalize(value)]
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _template_line(exc: BaseException) -> int:
    line = 1
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_string(text: str, ctx: dict[str, Any]) -> str:
    """Render one string; raises jinja2 errors for the caller to locate."""
    if "{" not in text:
        return text
    out = _plain(text, ctx)
    if out is None:
        _check_allowed(_env().parse(text))
        out = _env().from_string(text).render(ctx)
    if len(out) > MAX_OUTPUT:
        from jinja2 import TemplateError

        raise TemplateError(f"the text grows to more than {MAX_OUTPUT} characters")
    return out


def _explain(exc: Exception) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, TemplateSyntaxError):
        return f"a {{{{ placeholder }}}} is written wrongly ({exc.message}); check the braces"
    if isinstance(exc, SecurityError):
        return (f"this placeholder is not allowed ({exc}); use plain ones like "
                "{{ client.name }} or {% if client.name %}...{% endif %}")
    if isinstance(exc, UndefinedError):
        names = "client.name, client.note, therapist.name, therapist.credentials, " \
                "practice.name, practice.phone, practice.website, practice.booking_url, date"
        return f"unknown placeholder ({exc.message}); use one of: {names}"
    return f"this placeholder could not be filled in ({exc}); check it"


def _failing_line(source: list[str], first: int, ctx: dict[str, Any]) -> int:
    """In a folded ('>') block, the first line from *first* whose placeholder fails alone."""
    for number in range(first, min(len(source), first + 400) + 1):
        try:
            render_string(source[number - 1], ctx)
        except Exception as exc:
            if not is_template_error(exc):
                raise
            return number
    return first


def render_data(loaded: Loaded, ctx: dict[str, Any]) -> tuple[Any, list[Problem]]:
    """Render every text value in *loaded*, returning the new data and any problems."""
    problems: list[Problem] = []

    def walk(node: Any, path: Path_) -> Any:
        if isinstance(node, dict):
            return {k: (v if k in NOT_TEXT else walk(v, path + (k,))) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, path + (i,)) for i, v in enumerate(node)]
        if isinstance(node, str):
            try:
                return render_string(node, ctx)
            except (RecursionError, MemoryError, OverflowError):
                problems.append(Problem(loaded.file, loaded.text_line(path),
                                        "this placeholder is too complex; simplify it"))
                return node
            except Exception as exc:
                if not is_template_error(exc):
                    raise
                first = loaded.text_line(path) or 1
                if path in loaded.folded:  # lines were joined: find the one that fails alone
                    line = _failing_line(loaded.source, first, ctx)
                else:
                    line = first + (getattr(exc, "lineno", None) or _template_line(exc)) - 1
                problems.append(Problem(loaded.file, line, _explain(exc)))
                return node
        return node

    return walk(loaded.data, ()), problems
