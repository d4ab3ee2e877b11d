"""schema: write the JSON Schemas editors use."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "schema"
ORDER = 90
HELP = "write JSON Schemas for editors to schema/"
DESCRIPTION = ("Write JSON Schemas for handout, brand and layout files to schema/, so editors "
               "can autocomplete and flag mistakes.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command (none beyond --root)."""


def run(args: argparse.Namespace) -> int:
    """Write schema/*.schema.json."""
    from ...app.authoring import write_schemas

    for path in write_schemas(_shared.root(args)):
        print(f"wrote {_shared.show(path)}")
    return 0
