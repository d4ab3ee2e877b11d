"""Pictures with an optional caption."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ...content.model import Image
from . import BuildContext, register
from ._util import para

ALIGN = {"left": "LEFT", "centre": "CENTER", "center": "CENTER", "right": "RIGHT"}


@register("image")
def image(block: Image, ctx: BuildContext) -> list[Flowable]:
    """The picture at its share of the column; caption under it, kept together."""
    align = ALIGN[block.align]
    picture = ctx.picture(block.file, ctx.width * block.width, align=align)
    picture.tag = ctx.node("Figure", alt=block.alt)  # its printed labels are part of it
    parts: list[Flowable] = [Spacer(1, ctx.theme.space(3)), picture]
    if block.caption:  # read after the picture
        caption = para(block.caption, "caption", ctx.theme, ctx.node("Caption"),
                       alignment={"LEFT": 0, "CENTER": 1, "RIGHT": 2}[align])
        parts.append(caption)
    parts.append(Spacer(1, ctx.theme.space(6)))
    return [KeepTogether(parts)]
