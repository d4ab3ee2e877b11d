"""Self-care exercises: picture, numbered steps, dose, and when to stop."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from ...content.model import Steps
from . import BuildContext, register
from ._util import box, font_cmd, inner_width, para
from .lists import make_list


@register("steps")
def steps(block: Steps, ctx: BuildContext) -> list[Flowable]:
    """A box: the exercise name, a picture beside the steps, the dose, and 'stop if'."""
    theme = ctx.theme
    width = inner_width(ctx.width, theme)
    body: list[Flowable] = [make_list(block.steps, theme, numbered=True)]
    dose = [f"**{label}:** {value}" for label, value in
            (("Hold", block.hold), ("Repeat", block.repeat), ("How often", block.how_often))
            if value]
    if dose:
        body.append(para(" \u00b7 ".join(dose), "small", theme, spaceAfter=theme.space(2)))
    if block.stop_if:
        body.append(para(f"**Stop if** {block.stop_if}", "small", theme,
                         textColor=theme.colour("accent")))
    content: list[Flowable] = [para(block.name, "box_title", theme, textColor=theme.colour("primary"))]
    if block.image:
        pic_w = width * 0.34
        picture = ctx.picture(block.image, pic_w, max_height=pic_w * 1.1)
        gap = theme.space(6)
        row = Table([[picture, body]], colWidths=[pic_w + gap, width - pic_w - gap], hAlign="LEFT")
        row.setStyle(TableStyle([*font_cmd(theme), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        content.append(row)
    else:
        content += body
    return [box(content, ctx.width, theme, fill=None, bar=theme.colour("primary"), pad=6)]
