"""handoutkit.content.markup: content text to safe ReportLab paragraph markup."""

from __future__ import annotations

import pytest

from handoutkit.content.markup import (
    PROTECTED_STAR,
    keep_last_words,
    paragraphs,
    plain,
    protect,
    smarten,
    to_markup,
)

NBSP = "\xa0"
EM, EN = "\u2014", "\u2013"
LDQ, RDQ, LSQ, RSQ = "\u201c", "\u201d", "\u2018", "\u2019"


@pytest.mark.parametrize(("text", "expected"), [
    ('"like this"', f"{LDQ}like this{RDQ}"),
    ("'this'", f"{LSQ}this{RSQ}"),
    ("it's", f"it{RSQ}s"),
    ('She said "stop" now', f"She said {LDQ}stop{RDQ} now"),
    ('("quoted")', f"({LDQ}quoted{RDQ})"),
    ('a\n"new line"', f"a\n{LDQ}new line{RDQ}"),
    ('wait --"here"', f"wait {EM}{LDQ}here{RDQ}"),
])
def test_smart_quotes(text, expected):
    assert smarten(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a---b", f"a{EM}b"),
    ("wait --- now", f"wait {EM} now"),
    ("6--8 inches", f"6{EN}8 inches"),
    ("10--12 lb", f"10{EN}12 lb"),
    ("wait -- now", f"wait {EM} now"),
    ("word--word", f"word{EM}word"),
    ("6---8", f"6{EM}8"),
    ("a single - hyphen", "a single - hyphen"),
    ("self-care", "self-care"),
])
def test_dashes(text, expected):
    assert smarten(text) == expected


def test_less_than_greater_than_and_ampersand_are_escaped():
    assert to_markup("a < b & c > d", widow=False) == "a &lt; b &amp; c &gt; d"
    assert to_markup("<b>not bold</b> &amp;", widow=False) == "&lt;b&gt;not bold&lt;/b&gt; &amp;amp;"
    out = to_markup('<font name="x">', widow=False)
    assert out.startswith("&lt;font name=") and out.endswith("&gt;")
    assert "<" not in out and ">" not in out


def test_bold_and_italic():
    assert to_markup("**bold** and *italic*", widow=False) == "<b>bold</b> and <i>italic</i>"
    assert to_markup("The **psoas** (say *SO-az*)", widow=False) == \
        "The <b>psoas</b> (say <i>SO-az</i>)"
    assert to_markup("**two words** end", widow=False) == "<b>two words</b> end"
    assert to_markup("**a & b**", widow=False) == "<b>a &amp; b</b>"


@pytest.mark.parametrize("text", [
    "a *b",
    "5 * 3 = 15",
    "2*3*4",
    "**not closed",
    "price* applies",
    "* starts a line",
    "a * b * c",
])
def test_unmatched_or_spaced_stars_are_left_alone(text):
    assert to_markup(text, widow=False) == text


def test_spaced_double_stars_are_left_alone():
    assert to_markup("a ** b ** c", widow=False) == "a ** b ** c"


def test_quote_right_after_emphasis_marker_opens():
    assert to_markup('**"Stop"** if it hurts', widow=False) == f"<b>{LDQ}Stop{RDQ}</b> if it hurts"


def test_last_two_words_joined_by_a_no_break_space():
    assert to_markup("Breathe out slowly and relax") == f"Breathe out slowly and{NBSP}relax"
    assert keep_last_words("one two three four five") == f"one two three four{NBSP}five"


def test_short_text_and_long_last_words_are_not_joined():
    assert keep_last_words("one two three") == "one two three"
    assert to_markup("one two three") == "one two three"
    long_word = "one two three four supercalifragilistic"
    assert keep_last_words(long_word) == long_word


def test_widow_false_keeps_ordinary_spaces():
    assert NBSP not in to_markup("Breathe out slowly and relax", widow=False)


def test_whitespace_is_collapsed():
    assert to_markup("a\n  b\t c", widow=False) == "a b c"


def test_protected_stars_print_as_stars_and_never_emphasise():
    name = protect("**Paul** *x*")
    assert "*" not in name and PROTECTED_STAR in name
    assert to_markup(f"Hi {name}, see *this*", widow=False) == "Hi **Paul** *x*, see <i>this</i>"
    assert plain(f"Hi {name}") == "Hi **Paul** *x*"


def test_plain_drops_emphasis_and_smartens():
    assert plain('**Bold** and *it* -- "q"') == f"Bold and it {EM} {LDQ}q{RDQ}"


def test_paragraphs_split_on_blank_lines():
    assert paragraphs("one\ntwo\n\n  \nthree\n\n\nfour  five") == ["one two", "three", "four five"]
    assert paragraphs("\n\n") == []
