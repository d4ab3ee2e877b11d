"""Checking the practice's details as the Practice view sends them, field by field: phone
numbers as phone numbers, email addresses as addresses, links as https:// or a bare domain,
and every brand colour for contrast (WCAG AA, 4.5:1) where the page prints it. A colour
that fails is refused with its ratio and the nearest colour that passes."""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..authoring.advice import CONTRAST_AA, TEXT_PAIRS, WHITE, contrast
from ..content.settings import Colours

Path_ = tuple[str, ...]
# the fields the page shows: (section, field) -> required
PRACTICE = {"name": True, "tagline": False, "city": False, "phone": True, "email": False,
            "website": True, "booking_url": True}
THERAPIST = {"name": True, "credentials": False}
LANGUAGE_WORDS = ("tagline", "disclaimer")
COLOURS = tuple(Colours.model_fields)
TINTS = ("tint", "caution", "doctor")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{7,30}(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?$", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
MAX_SHORT, MAX_TEXT = 200, 4000


def fields(body: dict[str, Any]) -> dict[Path_, Any]:
    """The brand.yaml paths a body sets, and their values (what the page does not show is
    left out: the save never touches it)."""
    found: dict[Path_, Any] = {}
    for section, names in (("practice", PRACTICE), ("therapist", THERAPIST)):
        for name in names:
            if isinstance(body.get(section), dict) and name in body[section]:
                found[(section, name)] = body[section][name]
    for name in COLOURS:
        if isinstance(body.get("colours"), dict) and name in body["colours"]:
            found[("colours", name)] = body["colours"][name]
    if "disclaimer" in body:
        found[("disclaimer",)] = body["disclaimer"]
    for code, words in (body.get("languages") or {}).items():
        for name in LANGUAGE_WORDS:
            if isinstance(words, dict) and name in words:
                found[("languages", str(code), name)] = words[name]
    return found


def label(path: Path_) -> str:
    """A field as the page names it: practice.phone, colours.primary, languages.es.tagline."""
    return ".".join(path)


def check_phone(value: str) -> str | None:
    """Why *value* is not a phone number (None when it is one)."""
    digits = sum(c.isdigit() for c in value)
    if not _PHONE.match(value) or not 7 <= digits <= 15:
        return f"'{value}' is not a phone number; write it like (816) 555-2368 or +1 816 555 2368"
    return None


def check_email(value: str) -> str | None:
    """Why *value* is not an email address."""
    from ..deliver.mail import check_address
    from ..errors import DeliveryError

    try:
        check_address(value, "email")
    except DeliveryError:
        return f"'{value}' is not an email address; write it like hello@yourpractice.com"
    return None


def check_link(value: str) -> str | None:
    """Why *value* is not an https:// link or a bare domain (www.yourpractice.com)."""
    if "://" in value or value.lower().startswith(("http:", "mailto:", "javascript:")):
        parts = urlsplit(value)
        if parts.scheme.lower() == "https" and parts.hostname and _DOMAIN.match(parts.hostname) \
                and not any(c.isspace() for c in value):
            return None
        return (f"'{value}' must start with https:// (a secure link) or be a bare domain like "
                "www.yourpractice.com")
    domain, _, rest = value.partition("/")
    if _DOMAIN.match(domain) and not any(c.isspace() for c in rest):
        return None
    return f"'{value}' is not a link; write https://yourpractice.com/book or www.yourpractice.com"


CHECKS: dict[Path_, Callable[[str], str | None]] = {
    ("practice", "phone"): check_phone, ("practice", "email"): check_email,
    ("practice", "website"): check_link, ("practice", "booking_url"): check_link}


def required(path: Path_) -> bool:
    """Whether the field may not be left empty."""
    if path[0] == "practice":
        return PRACTICE[path[1]]
    if path[0] == "therapist":
        return THERAPIST[path[1]]
    return path[0] in ("colours", "disclaimer")


def check_value(path: Path_, value: Any) -> str | None:
    """Why *value* cannot go in the field at *path* (None when it can)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{label(path)} cannot be empty; fill it in" if required(path) else None
    if not isinstance(value, str):
        return f"{label(path)} must be text"
    longest = MAX_TEXT if path[-1] == "disclaimer" else MAX_SHORT
    if len(value.strip()) > longest:
        return f"{label(path)} is longer than {longest} characters; shorten it"
    if path[0] == "colours" and not _HEX.match(value.strip()):
        return f"{label(path)}: '{value}' is not a colour; write it like #1F5F66"
    check = CHECKS.get(path)
    why = check(value.strip()) if check else None
    return f"{label(path)}: {why}" if why else None


def _shade(colour: str, lightness: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def nearest(colour: str, against: str, *, lighter: bool = False) -> str:
    """The colour of the same hue closest to *colour* that reaches 4.5:1 against *against*:
    darker (or, with *lighter*, lighter) by as little as it takes."""
    l0 = colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))[1]
    lo, hi = (l0, 1.0) if lighter else (0.0, l0)
    for _ in range(40):  # the passing end is kept: the answer always passes
        mid = (lo + hi) / 2
        passes = contrast(_shade(colour, mid), against) >= CONTRAST_AA + 0.01
        if lighter:
            lo, hi = (lo, mid) if passes else (mid, hi)
        else:
            lo, hi = (mid, hi) if passes else (lo, mid)
    end = hi if lighter else lo
    return _shade(colour, end)


def _fixed(field: str, every: dict[str, str], *, lighter: bool) -> str:
    """*field*'s nearest colour that passes in every pair it is part of (darker text and
    bands pass against every light tint; a lighter tint against every text on it)."""
    fix = every[field]
    for _ in range(3):
        for fg, bg, _use in TEXT_PAIRS:
            if lighter:
                other = fg if bg == field else None
            else:
                other = bg if fg == field else fg if (bg == field and fg == "white") else None
            if other is not None and contrast(fix, every[other]) < CONTRAST_AA:
                fix = nearest(fix, every[other], lighter=lighter)
    return fix


def colour_problems(colours: dict[str, str], changed: set[str]) -> dict[str, str]:
    """Each colour field that fails contrast where it is printed, with the ratio and the
    nearest colour that passes. A pair with a tint behind it blames the tint when only the
    tint was changed; the header band blames primary."""
    found: dict[str, str] = {}
    every = {**colours, "white": WHITE}
    for fg, bg, use in TEXT_PAIRS:
        ratio = contrast(every[fg], every[bg])
        if ratio >= CONTRAST_AA or (fg in found or bg in found):
            continue
        if fg == "white":  # white words on a band of the brand's colour
            field, lighter = bg, False
        elif bg in TINTS and bg in changed and fg not in changed:
            field, lighter = bg, True
        else:
            field, lighter = fg, False
        found[field] = (f"colours.{field}: {every[fg]} on {every[bg]} ({use}) has contrast "
                        f"{ratio:.2f}:1, below the {CONTRAST_AA}:1 that print needs (WCAG AA); "
                        f"the nearest colour that passes is {_fixed(field, every, lighter=lighter)}")
    return found
