"""A web address as a QR code, with its label and the address in print."""

from __future__ import annotations

from .. import rlsettings  # noqa: F401  (first: settings read as ReportLab loads)

# isort: split
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Table, TableStyle

from ...content.markup import plain, unprotect
from ...content.model import Qr
from ..tagging import Node, TaggedDrawing
from ..theme import Theme
from . import BuildContext, register
from ._util import font_cmd, para


def qr_drawing(url: str, size: float, theme: Theme) -> Drawing:
    """A square QR code drawing of *size* points for *url*."""
    from reportlab.graphics.barcode.qr import QrCodeWidget  # only pages with a code need it

    widget = QrCodeWidget(url, barLevel="M")
    widget.barFillColor = theme.colour("text")
    x0, y0, x1, y1 = widget.getBounds()
    w, h = x1 - x0, y1 - y0
    drawing = Drawing(size, size, transform=[size / w, 0, 0, size / h, -x0 * size / w, -y0 * size / h])
    drawing.add(widget)
    drawing.initialFontName = theme.font()  # not Helvetica, which is never embedded
    return drawing


@register("qr")
def qr(block: Qr, ctx: BuildContext) -> list[Flowable]:
    """QR code on the left; the label and the printed address beside it."""
    theme = ctx.theme
    url = unprotect(block.url).strip()
    size = min(block.size * inch * max(theme.scale, 0.85), ctx.width * 0.45)
    # the code and the printed address each open the address: Links with their annotations
    code = TaggedDrawing(qr_drawing(url, size, theme),
                         ctx.node("Link", url=url, alt=f"{plain(block.label)}: {url}"))
    address = url.removeprefix("https://").removeprefix("http://")
    text = [para(block.label, "box_title", theme, ctx.node("P"), textColor=theme.colour("primary")),
            para(address, "small", theme, Node("P", ctx.parent).child("Link", url=url, alt=url))]
    table = Table([[code, text]],
                  colWidths=[size + theme.space(10), ctx.width - size - theme.space(10)],
                  hAlign="LEFT")
    table.setStyle(TableStyle([*font_cmd(theme), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    table.spaceBefore = theme.space(4)
    table.spaceAfter = theme.space(6)
    return [table]
