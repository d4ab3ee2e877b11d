"""Two columns of blocks side by side."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from ...content.model import Columns
from . import BuildContext, build_blocks, register
from ._util import font_cmd


@register("columns")
def columns(block: Columns, ctx: BuildContext) -> list[Flowable]:
    """Left and right block lists in a borderless two-cell table; in large print, one
    below the other when they hold a picture, so its labels have room to print at 12 pt."""
    if ctx.theme.layout.large_print and any(b.type == "image" for b in (*block.left, *block.right)):
        return build_blocks([*block.left, *block.right], ctx)
    gap = ctx.theme.space(12)
    half = (ctx.width - gap) / 2
    inner = ctx.narrower(half, wider="give it a wider place (a one-column row, outside "
                                      "'columns')")
    cells = [_flat(build_blocks(side, inner)) for side in (block.left, block.right)]
    table = Table([cells],
                  colWidths=[half + gap, half], hAlign="LEFT")
    table.setStyle(TableStyle([*font_cmd(ctx.theme), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (0, -1), gap),
                               ("RIGHTPADDING", (1, 0), (1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [table]


def _flat(flowables: list[Flowable]) -> list[Flowable]:
    """Unwrap KeepTogether: inside a table cell it cannot split anyway, and it would report
    an unbounded height."""
    out: list[Flowable] = []
    for f in flowables:
        out.extend(_flat(f._content) if isinstance(f, KeepTogether) else [f])
    return out
