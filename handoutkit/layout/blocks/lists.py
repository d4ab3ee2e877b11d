"""Bulleted and numbered lists."""

from __future__ import annotations

from reportlab.platypus import Flowable, ListFlowable, ListItem

from ...content.model import Bullets, Numbered
from ..theme import Theme
from . import BuildContext, register
from ._util import para


def make_list(items: list[str], theme: Theme, *, numbered: bool, style: str = "item") -> ListFlowable:
    """A list whose markers use the brand colour; items are content text."""
    size = theme.body_size
    flow = ListFlowable(
        [ListItem(para(item, style, theme)) for item in items],
        bulletType="1" if numbered else "bullet",
        start="1" if numbered else "\u2022",
        bulletFontName=theme.font("bold"),
        bulletFontSize=size * (0.95 if numbered else 1.0),
        bulletColor=theme.colour("primary"),
        leftIndent=size * (1.5 if numbered else 1.2),
        bulletDedent="auto",
        spaceAfter=theme.space(5),
    )
    return flow


@register("bullets")
def bullets(block: Bullets, ctx: BuildContext) -> list[Flowable]:
    """A bulleted list."""
    return [make_list(block.items, ctx.theme, numbered=False)]


@register("numbered")
def numbered(block: Numbered, ctx: BuildContext) -> list[Flowable]:
    """A numbered list."""
    return [make_list(block.items, ctx.theme, numbered=True)]
