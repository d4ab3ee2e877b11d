"""Characters the brand font lacks: printed with a fallback font found on the system.

Client names come from anywhere (Zoë, Nguyễn, Ольга, Σοφία, 张伟, محمد). The brand font
covers Latin; for anything else the first installed fallback that has the character is
used, embedded and subset like the brand font. A character no font has stops the build
with a message naming it, rather than printing an empty box.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import HandoutError

# Well-known TrueType files, in order of preference (CFF-based .otf/.ttc fonts, such as
# Noto CJK, cannot be embedded by ReportLab and are not listed).
CANDIDATES = [
    # Debian/Ubuntu: fonts-noto-core, fonts-dejavu, fonts-droid-fallback
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    # macOS
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    # Windows
    "C:/Windows/Fonts/arial.ttf",
    "C:/Windows/Fonts/tahoma.ttf",
    "C:/Windows/Fonts/arialuni.ttf",
    "C:/Windows/Fonts/simsun.ttc",
]
ENV_FONTS = "HANDOUTKIT_FALLBACK_FONTS"  # extra font files, separated like PATH


class MissingGlyphError(HandoutError):
    """No available font can print a character."""

    def __init__(self, char: str) -> None:
        if len(char) != 1:  # re-raised by ReportLab with a longer message: keep it
            self.char = ""
            super().__init__(char)
            return
        self.char = char
        super().__init__(
            f"'{char}' (U+{ord(char):04X}) cannot be printed: no installed font has it; install a "
            "font that covers it (on Debian: fonts-noto-core, fonts-droid-fallback) or leave it out")


class _Font:
    def __init__(self, name: str, chars: set[int]) -> None:
        self.name, self.chars = name, chars


_loaded: list[_Font] | None = None
_brand_chars: dict[str, set[int]] = {}


def _fallbacks(root: Path) -> list[_Font]:
    global _loaded
    if _loaded is None:
        paths = sorted((root / "fonts").glob("*.tt[fc]")) if (root / "fonts").is_dir() else []
        paths += [Path(p) for p in os.environ.get(ENV_FONTS, "").split(os.pathsep) if p]
        paths += [Path(p) for p in CANDIDATES]
        _loaded = []
        for i, path in enumerate(dict.fromkeys(paths)):
            if not path.is_file():
                continue
            name = f"Fallback{i}"
            try:
                font = TTFont(name, str(path), subfontIndex=0) if path.suffix == ".ttc" \
                    else TTFont(name, str(path))
            except (TTFError, OSError, ValueError):
                continue  # e.g. PostScript outlines: cannot be embedded, try the next
            pdfmetrics.registerFont(font)
            _loaded.append(_Font(name, set(font.face.charToGlyph)))
    return _loaded


def _covered(font_name: str) -> set[int]:
    if font_name not in _brand_chars:
        _brand_chars[font_name] = set(pdfmetrics.getFont(font_name).face.charToGlyph)
    return _brand_chars[font_name]


def with_fallbacks(markup: str, font_name: str, root: Path) -> str:
    """Wrap runs of characters *font_name* lacks in <font> tags naming a fallback font.

    *markup* is ReportLab paragraph markup we made (tags and entities are ASCII).
    """
    brand = _covered(font_name)
    if all(ord(c) in brand or c in "\n\t" for c in set(markup)):
        return markup
    out: list[str] = []
    current: str | None = None
    i = 0
    while i < len(markup):
        ch = markup[i]
        if ch in "<&":  # our own tags and entities, copied as they are
            end = markup.find(">" if ch == "<" else ";", i)
            end = len(markup) - 1 if end < 0 else end
            if current:
                out.append("</font>")
                current = None
            out.append(markup[i:end + 1])
            i = end + 1
            continue
        want = None if ord(ch) in brand or ch.isspace() else _font_for(ch, root)
        if want != current:
            if current:
                out.append("</font>")
            if want:
                out.append(f'<font face="{want}">')
            current = want
        out.append(ch)
        i += 1
    if current:
        out.append("</font>")
    return "".join(out)


def _font_for(ch: str, root: Path) -> str:
    code = ord(ch)
    for font in _fallbacks(root):
        if code in font.chars:
            return font.name
    raise MissingGlyphError(ch)
