"""Bulleted and numbered lists."""

from __future__ import annotations

from reportlab.platypus import Flowable, ListItem

from ...content.model import Bullets, Numbered
from ..tagging import Node, TaggedList
from ..theme import Theme
from . import BuildContext, register
from ._util import para


def make_list(items: list[str], theme: Theme, *, numbered: bool, style: str = "item",
              parent: Node | None = None) -> TaggedList:
    """A list whose markers use the brand colour; items are content text. Tagged as an L
    in *parent*: an LI per item, its marker the Lbl and its text the LBody."""
    size = theme.body_size
    whole = Node("L", parent)
    flow = TaggedList(
        [ListItem(para(item, style, theme, whole.child("LI").child("LBody"))) for item in items],
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
    return [make_list(block.items, ctx.theme, numbered=False, parent=ctx.parent)]


@register("numbered")
def numbered(block: Numbered, ctx: BuildContext) -> list[Flowable]:
    """A numbered list."""
    return [make_list(block.items, ctx.theme, numbered=True, parent=ctx.parent)]
