"""Headings and paragraphs."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...content.model import Heading, TextBlock
from . import BuildContext, register
from ._util import para, paras


@register("heading")
def heading(block: Heading, ctx: BuildContext) -> list[Flowable]:
    """A heading that always stays with the text after it (keepWithNext in the style)."""
    # the page's title is the H1: a level-1 heading is the page's H2
    return [para(block.text, "h1" if block.level == 1 else "h2", ctx.theme,
                 ctx.node("H2" if block.level == 1 else "H3"))]


@register("text")
def text(block: TextBlock, ctx: BuildContext) -> list[Flowable]:
    """Plain paragraphs."""
    return paras(block.text, "body", ctx.theme, ctx.parent)
