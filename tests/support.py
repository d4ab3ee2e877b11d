"""Helpers the tests share (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from handoutkit.content.client import Client
from handoutkit.press import pipeline
from handoutkit.press.request import Options, Outputs, Request


def request(root: Path, out: Path | None = None, slugs: list[str] | None = None, *,
            booklet_path: Path | None = None, imposed_path: Path | None = None,
            handouts: bool = True, client: Client | None = None, day: _dt.date | None = None,
            **options: object) -> Request:
    """A Request in the words the tests use: a folder, handouts, a booklet, a client."""
    if client is not None and day is not None:
        client = client.on(day)
    return Request(root=root, outputs=Outputs(folder=out or root / "out", handouts=handouts,
                                              booklet=booklet_path, imposed=imposed_path),
                   handouts=tuple(slugs) if slugs else None, client=client,
                   options=Options(**options))  # type: ignore[arg-type]


def build(root: Path, out: Path | None = None, slugs: list[str] | None = None, *,
          progress: object = None, **kwargs: object) -> pipeline.BuildReport:
    """Run the build for request(root, out, slugs, **kwargs)."""
    return pipeline.build(request(root, out, slugs, **kwargs), progress=progress)  # type: ignore[arg-type]


def handout_yaml(title: str, order: int, *, category: str = "muscle", text: str = "Hello there.",
                 image: str | None = None, layout: str | None = None,
                 blocks: str | None = None) -> str:
    """A small valid handout: a text block (and *image* at half width, if given), or the
    YAML *blocks* as given."""
    head = f"title: {title}\ncategory: {category}\norder: {order}\nreviewed: 2026-11-25\n"
    if layout:
        head += f"layout: {layout}\n"
    if blocks is None:
        blocks = f"  - type: text\n    text: {text}\n"
        if image:
            blocks += f"  - type: image\n    file: {image}\n    alt: A figure\n    width: 0.5\n"
    return f"{head}blocks:\n{blocks}"
