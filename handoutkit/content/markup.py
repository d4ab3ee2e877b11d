"""Content text to ReportLab paragraph markup.

Everything a person typed is text: `<`, `>` and `&` are escaped first, and only our own
Markdown-like `**bold**` and `*italic*` become tags. Values filled in by placeholders
(client names, notes) are protected so even their asterisks print as they are.
"""

from __future__ import annotations

import re
import unicodedata

# Placeholder values arrive with '*' swapped for this private-use character, so emphasis
# never applies inside them; it is swapped back after the emphasis pass.
PROTECTED_STAR = "\ue000"
ISOLATES = "\u2066\u2067\u2068\u2069"  # Unicode bidi isolate marks

_BOLD = re.compile(r"\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_OPEN_CONTEXT = set(" \t\n([{\u2018\u201c\u2014\u2013-/\xa0*")
_QUOTE = re.compile("[\"']")
_CURLY = {('"', True): "\u201c", ('"', False): "\u201d", ("'", True): "\u2018", ("'", False): "\u2019"}


def protect(value: str) -> str:
    """Mark a placeholder value so that no character in it acts as emphasis."""
    return value.replace("*", PROTECTED_STAR)


def unprotect(value: str) -> str:
    """Undo protect(), for fields that are never markup (web addresses)."""
    return value.replace(PROTECTED_STAR, "*")


def smarten(text: str) -> str:
    """Straight quotes to curly ones, '--' to dashes ('---' em, '6--8' en, '--' em)."""
    text = text.replace("---", "\u2014")
    text = re.sub(r"(?<=\d)--(?=\d)", "\u2013", text)
    text = text.replace("--", "\u2014")
    if '"' not in text and "'" not in text:
        return text
    # each quote opens or closes by the character before it in the text as typed
    return _QUOTE.sub(lambda m: _CURLY[m.group(), m.start() == 0 or text[m.start() - 1]
                                       in _OPEN_CONTEXT], text)


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines; single line breaks inside a paragraph become spaces."""
    parts = re.split(r"\n\s*\n", text.strip())
    return [" ".join(p.split()) for p in parts if p.strip()]


def keep_last_words(text: str) -> str:
    """Join the last two words with a no-break space so a line never ends with one word."""
    words = text.rsplit(" ", 1)
    if len(words) == 2 and len(words[1]) <= 14 and text.count(" ") >= 4:
        return words[0] + "\xa0" + words[1]
    return text


def printable(text: str) -> str:
    """Drop control and invisible formatting characters; put right-to-left runs (Arabic,
    Hebrew) into the order and letter forms a page shows, since PDF text is drawn
    left to right."""
    chars = set(text)  # each distinct character looked up once, not every one typed
    drop = {c for c in chars if c not in "\n\t" and c not in ISOLATES
            and unicodedata.category(c) in ("Cc", "Cf")}
    if drop:
        text = "".join(c for c in text if c not in drop)
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in chars - drop):
        import arabic_reshaper
        from bidi import get_display

        text = get_display(arabic_reshaper.reshape(text))
    elif chars.isdisjoint(ISOLATES):
        return text
    return "".join(c for c in text if c not in ISOLATES)


def isolate(value: str) -> str:
    """Mark *value* (a name inside a sentence) as its own run for right-to-left ordering,
    so 'Prepared for محمد · 25 November' keeps the date where it belongs."""
    return f"\u2068{value}\u2069"


def to_markup(text: str, *, widow: bool = True) -> str:
    """One paragraph of content text as safe ReportLab paragraph markup."""
    text = smarten(" ".join(printable(text).split()))
    if widow:
        text = keep_last_words(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # as XML
    text = _BOLD.sub(r"<b>\1</b>", text)
    text = _ITALIC.sub(r"<i>\1</i>", text)
    return unprotect(text)


def plain(text: str) -> str:
    """Content text without emphasis markers, for metadata and alt text."""
    text = smarten(" ".join(text.split()))
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    return unprotect(text)
