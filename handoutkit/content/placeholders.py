"""Which of the brand's details are still placeholders: every field listed under
`placeholders:` in layouts/brand.yaml, and any value that still holds a fictional number
(555-0100 to 555-0199) or an example.com, example.org or example.net address, listed or not.

The names are the fields as the desk and the command line show them: `phone`, `email`,
`website`, `booking_url` (and the practice's other details), `smtp.host`, `smtp.user`,
`smtp.from_address` for the mail settings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .settings import Brand

FICTIONAL = re.compile(r"555[\s.\-)]*01\d\d(?!\d)|\bexample\.(?:com|org|net)\b", re.IGNORECASE)
PRACTICE_FIELDS = ("name", "tagline", "city", "phone", "email", "website", "booking_url")
MAIL_FIELDS = ("smtp.host", "smtp.user", "smtp.from_address")
LABELS = {"name": "the practice's name", "tagline": "tagline", "city": "city", "phone": "phone",
          "email": "email address", "website": "website", "booking_url": "booking link",
          "smtp.host": "mail server", "smtp.user": "mail user name",
          "smtp.from_address": "mail from-address"}


def fictional(value: str | None) -> bool:
    """Whether *value* holds a 555-01xx number or an example.com/.org/.net address."""
    return bool(value) and FICTIONAL.search(value) is not None  # type: ignore[arg-type]


def placeholders(brand: Brand) -> list[str]:
    """Every field of *brand* that is still a placeholder, in the order the page shows them."""
    return placeholders_in(brand.model_dump())


def placeholders_in(data: Any) -> list[str]:
    """The same for brand.yaml's plain data, as read without validating it (so a command
    that has nothing to build stays quick: no pydantic)."""
    data = data if isinstance(data, dict) else {}

    def text(section: str, name: str) -> str | None:
        value = (data.get(section) or {}).get(name) if isinstance(data.get(section), dict) else None
        return value if isinstance(value, str) else None

    listed = data.get("placeholders") if isinstance(data.get("placeholders"), list) else []
    found = [name for name in PRACTICE_FIELDS
             if name in listed or fictional(text("practice", name))]
    if isinstance(data.get("smtp"), dict):
        found += [name for name in MAIL_FIELDS if fictional(text("smtp", name[5:]))]
    return found


def warning(names: list[str]) -> str | None:
    """One line naming the placeholder fields (None when there are none)."""
    if not names:
        return None
    shown = ", ".join(LABELS.get(n, n) for n in names)
    still = "is still a placeholder" if len(names) == 1 else "are still placeholders"
    return (f"warning: the practice's {shown} {still} (fictional details print on the page); "
            "fill them in on the desk's Practice view or in layouts/brand.yaml")


def blocks_sending(names: list[str]) -> list[str]:
    """The placeholders that stop an email from being sent: the practice's email address
    and the mail settings."""
    return [n for n in names if n == "email" or n.startswith("smtp.")]
