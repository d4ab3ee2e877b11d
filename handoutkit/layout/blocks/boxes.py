"""Boxed blocks: callouts, case stories and facts."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from ...content.model import Callout, Facts, Story
from . import BuildContext, register
from ._util import box, font_cmd, para, paras
from .lists import make_list

CALLOUTS = {  # style -> (default title among the page's words, fill colour, bar colour)
    "tip": ("tip", "tint", "primary"),
    "caution": ("take_care", "caution", "accent"),
    "see-your-doctor": ("see_your_doctor", "doctor", "accent"),
}


@register("callout")
def callout(block: Callout, ctx: BuildContext) -> list[Flowable]:
    """A tinted box with a coloured bar and a title in the bar's colour."""
    theme = ctx.theme
    default, fill, bar = CALLOUTS[block.style]
    div = ctx.node("Div")  # holding its own heading, paragraphs and list
    content: list[Flowable] = [para(block.title or theme.words[default], "box_title", theme,
                                    div.child("H3"), textColor=theme.colour(bar))]
    if block.text:
        content += paras(block.text, "body", theme, div)
    if block.items:
        content.append(make_list(block.items, theme, numbered=False, parent=div))
    _trim(content)
    return [box(content, ctx.width, theme, fill=theme.fill(fill), bar=theme.colour(bar))]


@register("story")
def story(block: Story, ctx: BuildContext) -> list[Flowable]:
    """A case story: a titled box with a bar, text set as normal paragraphs."""
    theme = ctx.theme
    title = block.title or theme.words["story"].format(name=block.name)
    div = ctx.node("Div")
    content: list[Flowable] = [para(title, "box_title", theme, div.child("H3"),
                                    textColor=theme.colour("primary"))]
    content += paras(block.text, "body", theme, div)
    _trim(content)
    return [box(content, ctx.width, theme, fill=theme.fill("tint"), bar=theme.colour("primary"))]


@register("facts")
def facts(block: Facts, ctx: BuildContext) -> list[Flowable]:
    """A two-column box of labels and values, rows striped in the brand tint."""
    theme = ctx.theme
    label_w = ctx.width * 0.42
    whole = ctx.node("Table")  # a row's label is its header (TH, scope Row), its value a TD
    if block.title:
        title = whole.child("Caption")  # drawn, and read, before the rows
    rows: list[list[object]] = []
    for r in block.rows:
        row = whole.child("TR")
        rows.append([para(r.label, "fact_label", theme, row.child("TH", scope="Row"),
                          textColor=theme.colour("primary")),
                     para(r.value, "fact_value", theme, row.child("TD"))])
    cmds: list[tuple[object, ...]] = [
        *font_cmd(theme),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), theme.space(6)),
        ("RIGHTPADDING", (0, 0), (-1, -1), theme.space(6)),
        ("TOPPADDING", (0, 0), (-1, -1), theme.space(3)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), theme.space(4)),
        ("BOX", (0, 0), (-1, -1), 0.8, theme.colour("primary")),
    ]
    start = 0
    if block.title:
        band = theme.fill("primary")
        rows.insert(0, [para(block.title, "box_title", theme, title,
                             textColor="white" if band else theme.colour("primary")), ""])
        cmds += [("SPAN", (0, 0), (1, 0))]
        cmds += [("BACKGROUND", (0, 0), (1, 0), band)] if band else \
            [("LINEBELOW", (0, 0), (1, 0), 0.8, theme.colour("primary"))]
        start = 1
    stripe = theme.fill("tint")
    for i in range(start, len(rows)):
        if stripe and (i - start) % 2 == 1:
            cmds.append(("BACKGROUND", (0, i), (1, i), stripe))
        elif not stripe and i < len(rows) - 1:
            cmds.append(("LINEBELOW", (0, i), (1, i), 0.3, theme.colour("muted")))
    table = Table(rows, colWidths=[label_w, ctx.width - label_w], hAlign="LEFT",
                  repeatRows=start)
    table.setStyle(TableStyle(cmds))
    table.spaceBefore = theme.space(4)
    table.spaceAfter = theme.space(8)
    if theme.layout.large_print and len(rows) > start + 3:
        return [table]  # a long table may go on overleaf, its title row repeated
    # Never leave the title, or a lone row, at the foot of a column: move the box whole.
    return [KeepTogether([table])]


def _trim(content: list[Flowable]) -> None:
    """No trailing paragraph space at the bottom of a box."""
    last = content[-1]
    if hasattr(last, "style"):
        from reportlab.lib.styles import ParagraphStyle

        last.style = ParagraphStyle("last", parent=last.style, spaceAfter=0)
    elif hasattr(last, "spaceAfter"):
        last.spaceAfter = 0



