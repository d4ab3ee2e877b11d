"""Small pieces shared by several builders: safe paragraphs and tinted boxes."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Table, TableStyle

from ...content.markup import paragraphs
from ..tagging import Node, Paragraph
from ..theme import Theme


def para(text: str, style_name: str, theme: Theme, node: Node | None = None,
         **overrides: object) -> Paragraph:
    """One paragraph of content text, escaped and emphasised, drawn as *node* (a tagged
    element; None: a P of its own, in the page's document)."""
    style = theme.styles[style_name]
    if overrides:
        from reportlab.lib.styles import ParagraphStyle

        style = ParagraphStyle(f"{style.name}+", parent=style, **overrides)
    paragraph = Paragraph(theme.markup(text), style)
    paragraph.tag = node or Node("P")
    return paragraph


def paras(text: str, style_name: str, theme: Theme, parent: Node | None = None) -> list[Flowable]:
    """Every paragraph of a text field (blank lines separate them), each a P in *parent*."""
    return [para(p, style_name, theme, Node("P", parent)) for p in paragraphs(text)]


def box(content: list[Flowable], width: float, theme: Theme, *, fill: Color | None,
        bar: Color | None, pad: float = 7) -> Table:
    """A box around *content*: optional fill, optional coloured bar on the left."""
    pad = theme.space(pad)
    table = Table([[content]], colWidths=[width], hAlign="LEFT")
    cmds: list[tuple[object, ...]] = [
        *font_cmd(theme),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + (3 if bar else 0)),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if fill is not None:
        cmds.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    elif theme.grayscale:
        cmds.append(("BOX", (0, 0), (-1, -1), 0.6, theme.colour("muted")))
    if bar is not None:
        cmds.append(("LINEBEFORE", (0, 0), (0, -1), 3, bar))
    table.setStyle(TableStyle(cmds))
    table.spaceBefore = theme.space(4)
    table.spaceAfter = theme.space(7)
    return table


def font_cmd(theme: Theme) -> list[tuple[object, ...]]:
    """A table style command setting the brand font; tables otherwise name Helvetica,
    which is never embedded."""
    return [("FONT", (0, 0), (-1, -1), theme.font(), theme.body_size)]


def inner_width(width: float, theme: Theme, *, bar: bool = True, pad: float = 7) -> float:
    """The width available inside a box() of *width*."""
    return width - 2 * theme.space(pad) - (3 if bar else 0)
