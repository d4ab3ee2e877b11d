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


# The practice's real details (no 555-01xx number, no example.com address), for tests of a
# brand that has no placeholders left; ".test" is reserved, so no real practice is named.
REAL_PRACTICE = {"phone": "(816) 531-2368", "email": "hello@massage-aha.test",
                 "website": "www.massage-aha.test", "booking_url": "https://massage-aha.test/book"}
REAL_SMTP = {"host": "smtp.massage-aha.test", "user": "hello@massage-aha.test",
             "from_address": "hello@massage-aha.test"}


def without_placeholders(root: Path) -> None:
    """Give the test project at *root* the practice's real details: nothing in its
    layouts/brand.yaml is a placeholder any more (comments and order are kept)."""
    import yaml

    path = root / "layouts" / "brand.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["practice"].update(REAL_PRACTICE)
    data["placeholders"] = []
    if data.get("smtp"):
        data["smtp"].update(REAL_SMTP)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
