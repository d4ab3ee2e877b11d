"""The JSON bodies of the Practice view's routes (pydantic; unknown fields are refused)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .models import Body

Words = dict[str, str | None]


class PracticeFields(Body):
    """The practice's details a request may change; a field left out is left as it is."""

    practice: Words | None = None
    therapist: Words | None = None
    colours: Words | None = None
    disclaimer: str | None = Field(default=None, max_length=10_000)
    languages: dict[str, Words] | None = None

    def fields(self) -> dict[str, Any]:
        """The changes as save_practice and preview_practice take them."""
        return self.model_dump(include=set(PracticeFields.model_fields), exclude_none=True)


class PracticeIn(PracticeFields):
    """Changes to the practice's details, with the version of brand.yaml they were made on."""

    version: str = Field(max_length=100)


class PracticePreviewIn(PracticeFields):
    """Unsaved details to draw handout *slug* with."""

    slug: str = Field(max_length=200)
    lang: str | None = Field(default=None, max_length=20)


class MailIn(Body):
    """The mail settings: a provider (which fills in the server), the account, and the
    password (kept in the password store; left out or empty: keep the one kept)."""

    provider: str = Field(max_length=40)
    user: str = Field(max_length=320)
    from_address: str = Field(max_length=320)
    host: str | None = Field(default=None, max_length=253)
    port: int | None = None
    security: str | None = Field(default=None, max_length=20)
    password: str | None = Field(default=None, max_length=1000)


class MailTestIn(Body):
    """Where to send the test email (empty: the practice's own address)."""

    to: str | None = Field(default=None, max_length=320)
