"""Words and reading level of a handout's body text (no ReportLab needed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .markup import plain

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?:[\"\u201d\u2019)]*)(?:\s|$)")
# Fields that are not running text a reader reads as prose.
_NOT_PROSE = frozenset({"type", "file", "image", "alt", "style", "align", "url", "layout",
                        "category", "order", "reviewed", "width", "size", "level"})


def texts(obj: Any) -> Iterator[str]:
    """Every piece of readable text in a model object, in order."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name not in _NOT_PROSE:
                yield from texts(getattr(obj, name))
    elif isinstance(obj, list):
        for item in obj:
            yield from texts(item)
    elif isinstance(obj, str):
        yield plain(obj)


def words(text: str) -> list[str]:
    """The words of *text*."""
    return _WORD.findall(text)


def word_count(obj: Any) -> int:
    """How many words of readable text an object holds."""
    return sum(len(words(t)) for t in texts(obj))


def syllables(word: str) -> int:
    """A common vowel-group estimate of syllables, good enough for a reading grade."""
    w = word.lower()
    if w.isdigit():
        return max(1, len(w) // 2)
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def _counts(blocks: Any, count: Any) -> tuple[int, int, int]:
    """Words, sentences and syllables (by *count*) of the running text."""
    total_words = total_sentences = total_syllables = 0
    for text in texts(blocks):
        ws = words(text)
        ends = len(_SENTENCE_END.findall(text.strip() + " "))
        if not ws or (not ends and len(ws) < 5):
            continue  # headings, labels and names are not running text
        total_words += len(ws)
        total_sentences += max(1, ends)  # a list item without a full stop is one sentence
        total_syllables += sum(count(w) for w in ws)
    return total_words, total_sentences, total_syllables


def grade(blocks: Any) -> float:
    """Flesch-Kincaid grade level of the body text."""
    total_words, total_sentences, total_syllables = _counts(blocks, syllables)
    if not total_words:
        return 0.0
    return round(0.39 * total_words / total_sentences + 11.8 * total_syllables / total_words
                 - 15.59, 1)


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word: its vowel groups, where a strong pair (a, e, o) or an
    accented weak vowel splits the group (a common estimate, good enough for reading ease)."""
    w = word.lower()
    if w.isdigit():
        return max(1, len(w) // 2)
    w = re.sub(r"y$", "i", w).replace("qu", "q").replace("gue", "ge").replace("gui", "gi")
    count = 0
    for group in re.findall(r"[aeiouáéíóúü]+", w):
        count += 1 + len(re.findall(r"(?<=[aeoáéó])(?=[aeoáéó])|(?<=[íú])(?=[aeo])|"
                                    r"(?<=[aeo])(?=[íú])", group))
    return max(1, count)


def ease(blocks: Any) -> float:
    """Fernández-Huerta reading ease of Spanish body text (0 to 100; 70 or more is
    'bastante fácil'): 206.84 - 0.60 x syllables per 100 words - 1.02 x words per sentence
    (the form that matches Flesch's reading ease, which it adapts)."""
    total_words, total_sentences, total_syllables = _counts(blocks, spanish_syllables)
    if not total_words:
        return 100.0
    score = 206.84 - 0.60 * 100 * total_syllables / total_words - 1.02 * total_words / total_sentences
    return round(min(100.0, max(0.0, score)), 1)
