"""File and folder names for outputs, including personalized ones a client will see."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.client import Client
    from ..content.settings import Brand

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def client_slug(name: str) -> str:
    """A folder name for a client: lower case letters (any script), digits and hyphens."""
    text = unicodedata.normalize("NFKC", name).casefold()
    slug = "-".join("".join(c if c.isalnum() else " " for c in text).split())
    return slug[:60].strip("-") or "client"


def safe_file_name(text: str) -> str:
    """*text* made safe as a file name on Windows, macOS and Linux (no path separators)."""
    text = _UNSAFE.sub(" - ", unicodedata.normalize("NFC", text))
    text = " ".join(text.split()).strip(" .-")
    return text[:120] or "handout"


def short_title(title: str) -> str:
    """The part of a title before a colon: 'Psoas: your deep hip flexor' -> 'Psoas'."""
    return title.split(":", 1)[0].strip() or title


def handout_path(out_dir: Path, slug: str, title: str, client: Client | None,
                 *, grayscale: bool = False) -> Path:
    """Where a handout goes: out/handouts/<slug>.pdf, or for a client
    out/clients/<client>/<Title> - for <Name>.pdf (so they recognise it in an email)."""
    ink = " (ink saver)" if grayscale else ""
    if client is None:
        return out_dir / "handouts" / f"{slug}{'-grayscale' if grayscale else ''}.pdf"
    name = safe_file_name(f"{short_title(title)} - for {client.name}{ink}")
    return out_dir / "clients" / client_slug(client.name) / f"{name}.pdf"


def booklet_path(out_dir: Path, brand: Brand, client: Client | None,
                 *, grayscale: bool = False) -> Path:
    """Where the booklet goes: out/booklet.pdf, or the client's own in their folder."""
    if client is None:
        return out_dir / f"booklet{'-grayscale' if grayscale else ''}.pdf"
    ink = " (ink saver)" if grayscale else ""
    name = safe_file_name(f"{brand.booklet.title} - for {client.name}{ink}")
    return out_dir / "clients" / client_slug(client.name) / f"{name}.pdf"
