"""The email's words: its template (layouts/email.txt.j2, or email.<code>.txt.j2 in another
language) rendered in a Jinja2 sandbox where unknown names are errors, and every header
value checked so that none can add headers of its own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import ContentError, DeliveryRequestError

TEMPLATE = Path("layouts") / "email.txt.j2"


def template(root: Path, language: str = "en") -> Path:
    """The email's template in *language*: layouts/email.<code>.txt.j2 when there is one."""
    own = root / "layouts" / f"email.{language}.txt.j2"
    return own if language != "en" and own.is_file() else root / TEMPLATE


_HEADER_BAD = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def check_header(what: str, value: str) -> str:
    """*value*, refused (DeliveryError) when empty or holding a line break or control."""
    if _HEADER_BAD.search(value):
        raise DeliveryRequestError(f"{what} must be one line: line breaks and control characters are "
                            "refused (they could add mail headers)")
    value = value.strip()
    if not value:
        raise DeliveryRequestError(f"{what} is empty")
    if len(value) > 200:
        raise DeliveryRequestError(f"{what} is longer than 200 characters")
    return value


def render(template: Path, ctx: dict[str, Any]) -> tuple[str, str]:
    """Subject and body from the email template: the line starting 'Subject:' (after an
    optional {# comment #}), then the body. The subject line is rendered on its own, so a
    value with a line break in it is refused rather than spilling into the body."""
    shown = f"layouts/{template.name}"
    try:
        source = template.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError.single(shown, None, "the email template is missing; copy it from "
                                  "the project's layouts/ folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError.single(shown, None, f"cannot be read ({exc})") from None
    lines = source.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("Subject:")), None)
    if at is None:
        raise ContentError.single(shown, None, "there is no line starting with 'Subject:'; "
                                  "write the subject line first, then a blank line, then the body")
    head = _render(shown, "\n".join(lines[:at + 1]), ctx, 0).strip("\n")
    if not head.startswith("Subject:"):
        raise ContentError.single(shown, at + 1, "only a {# comment #} may come before the "
                                  "'Subject:' line")
    subject = check_header("the email subject", head[len("Subject:"):])
    body = _render(shown, "\n".join(lines[at + 1:]), ctx, at + 1).strip("\n") + "\n"
    if len(body) > 100_000:
        raise ContentError.single(shown, None, "the email grows to more than 100,000 characters")
    return subject, body


_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                            lstrip_blocks=True, keep_trailing_newline=True)


def _render(shown: str, source: str, ctx: dict[str, Any], offset: int) -> str:
    """Render part of the template that starts *offset* lines into the file."""
    try:
        return _ENV.from_string(source).render(ctx)
    except TemplateSyntaxError as exc:
        raise ContentError.single(shown, offset + (exc.lineno or 1),
                                  f"{one_error(exc.message or 'a mistake')}; check the braces") from None
    except TemplateError as exc:
        raise ContentError.single(shown, offset + _template_line(exc), f"{one_error(exc)}; the names you "
                                  "can use are listed at the top of the file") from None


def _template_line(exc: BaseException) -> int:
    line, tb = 1, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def one_error(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__
