"""Fill in {{ placeholders }} in content text, sandboxed, with unknown names an error."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

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


_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, finalize=_finalize,
                            keep_trailing_newline=True)
_ENV.globals.clear()  # no range(), lipsum(), cycler(), ...: placeholders need none of them

# Content text fills in values; it is not a programming language. Beyond the sandbox
# (which stops reaching into Python), only these template parts are allowed, so no
# loop, arithmetic or filter can make a build run for ever or fill the memory.
_ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr,
                  nodes.Const, nodes.If, nodes.Not, nodes.And, nodes.Or, nodes.Compare,
                  nodes.Operand, nodes.CondExpr, nodes.Filter)
_ALLOWED_FILTERS = frozenset({"upper", "lower", "title", "capitalize", "trim", "default", "d"})


def _check_allowed(template: nodes.Template) -> None:
    for node in template.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES):
            raise SecurityError(f"'{type(node).__name__.lower()}' is not allowed in a placeholder")
        if isinstance(node, nodes.Filter) and node.name not in _ALLOWED_FILTERS:
            raise SecurityError(f"the filter '{node.name}' is not allowed in a placeholder")
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise SecurityError(f"'{node.attr}' is not allowed in a placeholder")


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
    _check_allowed(_ENV.parse(text))
    out = _ENV.from_string(text).render(ctx)
    if len(out) > MAX_OUTPUT:
        raise TemplateError(f"the text grows to more than {MAX_OUTPUT} characters")
    return out


def _explain(exc: Exception) -> str:
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
        except (TemplateError, SecurityError):
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
            except (TemplateError, SecurityError) as exc:
                first = loaded.text_line(path) or 1
                if path in loaded.folded:  # lines were joined: find the one that fails alone
                    line = _failing_line(loaded.source, first, ctx)
                else:
                    line = first + (getattr(exc, "lineno", None) or _template_line(exc)) - 1
                problems.append(Problem(loaded.file, line, _explain(exc)))
                return node
            except (RecursionError, MemoryError, OverflowError):
                problems.append(Problem(loaded.file, loaded.text_line(path),
                                        "this placeholder is too complex; simplify it"))
                return node
        return node

    return walk(loaded.data, ()), problems
