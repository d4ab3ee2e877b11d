"""A web address as a QR code, with its label and the address in print."""

from __future__ import annotations

from .. import rlsettings  # noqa: F401  (first: settings read as ReportLab loads)

# isort: split
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import Color
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Table, TableStyle

from ...content.markup import plain, unprotect
from ...content.model import Qr
from ..tagging import Node, TaggedDrawing
from ..theme import Theme
from . import BuildContext, register
from ._util import font_cmd, para

_squares: dict[tuple[str, str], Group] = {}  # (address, colour) -> the code's squares
_KEPT = 32  # codes kept per process (a practice has one or two addresses)


def squares(url: str, colour: Color) -> Group:
    """The dark squares of *url*'s QR code (error correction M), made once per process:
    finding a code's best mask is most of the work, and the booking address's code is on
    the back page and on a handout of every booklet."""
    key = (url, colour.hexval())
    if key not in _squares:
        from reportlab.graphics.barcode.qr import QrCodeWidget  # only pages with a code need it

        widget = QrCodeWidget(url, barLevel="M")
        widget.barFillColor = colour
        if len(_squares) >= _KEPT:
            _squares.clear()
        _squares[key] = widget.draw()  # what the widget itself draws, every time it is asked
    return _squares[key]


def qr_drawing(url: str, size: float, theme: Theme) -> Drawing:
    """A square QR code drawing of *size* points for *url*."""
    code = squares(url, theme.colour("text"))
    x0, y0, x1, y1 = code.getBounds()
    w, h = x1 - x0, y1 - y0
    drawing = Drawing(size, size, transform=[size / w, 0, 0, size / h, -x0 * size / w, -y0 * size / h])
    drawing.add(code)
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
