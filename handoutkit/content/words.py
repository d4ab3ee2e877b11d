"""The page's own words (Prepared for, Reviewed, Contents, Hold, ...) in every language.

English is built in. Another language is a file, layouts/words/<lang>.yaml, with a value for
every key below; its handouts live in handouts/<lang>/ and its labelled pictures may have
their own copies in images/<lang>/. Adding a language needs files, never code. Dates are
written as the language writes them (Babel's CLDR data: "25 de noviembre de 2026").
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem, shown

ENGLISH = "en"
LANGUAGE = re.compile(r"^[a-z]{2}$")
WORDS: dict[str, str] = {
    "prepared_for": "Prepared for {name} \u00b7 {date}",
    "reviewed": "Reviewed {date}.",
    "from_your_session": "From your session",
    "tip": "Tip",
    "take_care": "Take care",
    "see_your_doctor": "See your doctor",
    "story": "{name}\u2019s story",
    "hold": "Hold",
    "repeat": "Repeat",
    "how_often": "How often",
    "stop_if": "Stop if",
    "contents": "Contents",
    "book_next": "Book your next session",
    "scan_to_book": "Scan to book online: {url}",
    "for": "for",  # in a client's file names: "Psoas - for Paul Rivera.pdf"
    "ink_saver": "ink saver",
    "large_print": "large print",
    "home_program": "Your home program",  # a program's title unless the therapist gives one
    "home_program_file": "Home program",  # its file: "Home program - for Paul Rivera.pdf"
}
_cache: dict[tuple[str, str, int], Words] = {}
_months: dict[str, str] = {}  # language -> the characters beyond ASCII in its month names


@dataclass(frozen=True)
class Words:
    """The page's words in one language."""

    language: str
    table: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def date(self, day: _dt.date) -> str:
        """A date as the language writes it: '25 November 2026', '25 de noviembre de 2026'."""
        return write_date(day, self.language)

    def month_characters(self) -> str:
        """The characters beyond ASCII in this language's dates (its month names)."""
        if self.language not in _months:
            _months[self.language] = "".join(sorted({
                c for m in range(1, 13) for c in self.date(_dt.date(2000, m, 1)) if ord(c) > 126}))
        return _months[self.language]

    def prepared_for(self, name: str, day: _dt.date) -> str:
        """The header line of a client's page: 'Prepared for Paul Rivera · 25 November 2026'."""
        return self["prepared_for"].format(name=name, date=self.date(day))


def write_date(day: _dt.date, language: str = ENGLISH) -> str:
    """*day* as *language* writes it: '25 November 2026', '25 de noviembre de 2026'."""
    if language == ENGLISH:
        return f"{day.day} {day.strftime('%B %Y')}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=language)


def words_file(root: Path, language: str) -> Path:
    """Where a language's words live in a project."""
    return root / "layouts" / "words" / f"{language}.yaml"


def words(root: Path, language: str = ENGLISH) -> Words:
    """The page's words in *language*; ContentError naming every key that is missing or
    unknown in layouts/words/<language>.yaml."""
    if language == ENGLISH:
        return Words(ENGLISH, dict(WORDS))
    path = words_file(root, language)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise ContentError.single(f"layouts/words/{shown(language)}.yaml", None,
                                  f"there are no page words for '{shown(language)}'; copy "
                                  "layouts/words/es.yaml and translate its values") from None
    key = (str(path), language, stamp)
    if key not in _cache:
        _cache[key] = Words(language, _read(path, f"layouts/words/{language}.yaml"))
    return _cache[key]


def _read(path: Path, display: str) -> dict[str, str]:
    from .validation import did_you_mean
    from .yamlload import load_yaml_file

    loaded = load_yaml_file(path, display)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    problems = [Problem(display, loaded.line_of((k,)), f"'{shown(k)}' is not one of the page's "
                        f"words{did_you_mean(str(k), list(WORDS))}")
                for k in data if k not in WORDS]
    problems += [Problem(display, None, f"'{k}' is missing; translate \"{WORDS[k]}\"")
                 for k in WORDS if k not in data]
    for k, value in data.items():
        if k in WORDS and not (isinstance(value, str) and value.strip()):
            problems.append(Problem(display, loaded.line_of((k,)), f"'{k}' needs some text"))
        elif k in WORDS and _fields(value) != _fields(WORDS[k]):
            problems.append(Problem(display, loaded.line_of((k,)), f"'{k}' must keep "
                                    f"{', '.join(sorted(_fields(WORDS[k]))) or 'no'} "
                                    "{placeholders} as written in English"))
    if problems:
        raise ContentError(problems)
    return {k: str(v).strip() for k, v in data.items()}


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def languages(root: Path) -> list[str]:
    """Every language a project has handouts in: English first, then each handouts/<xx>/."""
    found = sorted(p.name for p in (root / "handouts").glob("*")
                   if p.is_dir() and LANGUAGE.match(p.name) and any(p.glob("*.yaml")))
    return [ENGLISH, *[lang for lang in found if lang != ENGLISH]]
