"""preview: pictures of the handouts, a contact sheet, and a gallery page to print from."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "preview"
ORDER = 25
HELP = "pictures of the handouts and a gallery page (out/index.html)"
DESCRIPTION = ("Build handouts (all, or the ones named), draw each page as a PNG in out/preview/, "
               "make one contact sheet of them all (out/preview/contact-sheet.png) and a web page, "
               "out/index.html, of thumbnails that open each PDF for printing.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    _shared.language_option(p)
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="handouts to draw (default: all)")
    p.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                   help="output folder (default: out/ in the root)")


def run(args: argparse.Namespace) -> int:
    """Build, draw and write the gallery; print where everything is."""
    from ...app.authoring import preview
    from ..progress import ProgressBar

    with ProgressBar() as bar:
        report = preview(_shared.request(args), bar)
    for path in report.pictures:
        print(f"drew {_shared.show(path)}")
    if report.contact_sheet:
        print(f"contact sheet: {_shared.show(report.contact_sheet)} "
              f"({len(report.items)} handout{'' if len(report.items) == 1 else 's'})")
    if report.index:
        print(f"gallery: {_shared.show(report.index)}; open it in a web browser: "
              f"{report.index.as_uri()}")
    return 0
