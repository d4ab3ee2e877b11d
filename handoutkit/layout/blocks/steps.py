"""Self-care exercises: picture, numbered steps, dose, and when to stop."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from ...content.model import Steps
from . import BuildContext, register
from ._util import box, font_cmd, inner_width, para
from .lists import make_list

# The picture beside the steps: this share of the box's inner width (labels drawn with
# font-size 30 in a 400-unit canvas print at 7.4 pt in a two-column page's box), and up
# to PICTURE_MOST when its labels need more room to print at 7 pt.
PICTURE_SHARE = 0.42
PICTURE_MOST = 0.55
INSTEAD = "'type: image' before the steps"


@register("steps")
def steps(block: Steps, ctx: BuildContext) -> list[Flowable]:
    """A box: the exercise name, a picture beside the steps, the dose, and 'stop if'."""
    theme = ctx.theme
    width = inner_width(ctx.width, theme)
    div = ctx.node("Div")  # read as: name, picture, steps, dose, when to stop
    body: list[Flowable] = [make_list(block.steps, theme, numbered=True, parent=div)]
    dose = [f"**{label}:** {value}" for label, value in
            ((theme.words["hold"], block.hold), (theme.words["repeat"], block.repeat),
             (theme.words["how_often"], block.how_often))
            if value]
    if dose:
        body.append(para(" \u00b7 ".join(dose), "small", theme, div.child("P"),
                         spaceAfter=theme.space(2)))
    note = getattr(block, "note", None)  # a program's note for this client (protected)
    if note:
        body.append(para(note, "small", theme, div.child("P"), fontName=theme.font("italic"),
                         spaceAfter=theme.space(2)))
    if block.stop_if:
        body.append(para(f"**{theme.words['stop_if']}** {block.stop_if}", "small", theme,
                         div.child("P"), textColor=theme.colour("accent")))
    content: list[Flowable] = [para(block.name, "box_title", theme, div.child("H3"),
                                    textColor=theme.colour("primary"))]
    if block.image:
        pic_w = width * PICTURE_SHARE
        most = width * PICTURE_MOST  # wider only when its labels need it (to print at 7 pt)
        picture = ctx.picture(block.image, pic_w, max_height=most * 1.1, widest=most,
                              wider=f"give it a wider place (an image block of its own: {INSTEAD})")
        picture.tag = div.child("Figure", alt=block.alt or block.name)
        pic_w = max(pic_w, picture.draw_w)
        gap = theme.space(6)
        row = Table([[picture, body[:1]]], colWidths=[pic_w + gap, width - pic_w - gap], hAlign="LEFT")
        row.setStyle(TableStyle([*font_cmd(theme), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        row.spaceAfter = theme.space(2)
        content += [row, *body[1:]]  # the dose and 'stop if' under both, the box's width
    else:
        content += body
    return [box(content, ctx.width, theme, fill=None, bar=theme.colour("primary"), pad=6)]
