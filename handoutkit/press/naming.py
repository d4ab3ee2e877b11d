"""File and folder names for outputs, including personalized ones a client will see."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.client import Client
    from ..content.settings import Brand
    from .request import Request

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


@dataclass(frozen=True)
class Variant:
    """What sets a file apart from the standard English one, and the words its name uses
    (a client's file is named in their language: 'Psoas - para María López.pdf')."""

    grayscale: bool = False
    large_print: bool = False
    language: str = "en"
    words: dict[str, str] = field(default_factory=lambda: {
        "for": "for", "ink_saver": "ink saver", "large_print": "large print"})

    def suffix(self) -> str:
        """For a plain file's name: '-large-print', '-grayscale'."""
        return "".join(k for k, on in (("-large-print", self.large_print),
                                       ("-grayscale", self.grayscale)) if on)

    def words_suffix(self) -> str:
        """For a client's file name, in words: ' (large print, ink saver)'."""
        kinds = [self.words[k] for k, on in (("large_print", self.large_print),
                                             ("ink_saver", self.grayscale)) if on]
        return f" ({', '.join(kinds)})" if kinds else ""

    def folder(self, out_dir: Path) -> Path:
        """Where plain files in this language go: out/, or out/<language>/."""
        return out_dir if self.language == "en" else out_dir / self.language


def handout_path(out_dir: Path, slug: str, title: str, client: Client | None,
                 variant: Variant = Variant()) -> Path:
    """Where a handout goes: out/handouts/<slug>.pdf (out/es/handouts/ in Spanish), or for
    a client out/clients/<client>/<Title> - for <Name>.pdf (so they recognise it in an
    email). Large-print and ink-saver versions say so in their names, so they are never
    confused with the standard ones."""
    if client is None:
        return variant.folder(out_dir) / "handouts" / f"{slug}{variant.suffix()}.pdf"
    name = safe_file_name(f"{short_title(title)} - {variant.words['for']} {client.name}"
                          f"{variant.words_suffix()}")
    return out_dir / "clients" / client_slug(client.name) / f"{name}.pdf"


def booklet_path(out_dir: Path, brand: Brand, client: Client | None,
                 variant: Variant = Variant()) -> Path:
    """Where the booklet goes: out/booklet.pdf (out/es/booklet.pdf in Spanish), or the
    client's own in their folder."""
    if client is None:
        return variant.folder(out_dir) / f"booklet{variant.suffix()}.pdf"
    name = safe_file_name(f"{brand.booklet.title} - {variant.words['for']} {client.name}"
                          f"{variant.words_suffix()}")
    return out_dir / "clients" / client_slug(client.name) / f"{name}.pdf"


def variant(request: Request) -> Variant:
    """The variant a request asks for, with the words of its language."""
    from ..content.words import words

    said = words(request.root, request.language)
    return Variant(request.options.grayscale, request.options.large_print, request.language,
                   {k: said[k] for k in ("for", "ink_saver", "large_print")})
