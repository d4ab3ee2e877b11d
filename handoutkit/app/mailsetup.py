"""Setting up email from the desk: the provider (which fills in its server, port and
security), the user and from-address (kept in layouts/brand.yaml by save_practice), the
password (kept in the operating system's password store, never in a file of ours), what
stops sending now, and a short test email."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, DeliveryError, Problem
from .practice import BRAND, PracticeEdit, brand_of, save_practice

TIMEOUT_ENV = "HANDOUTKIT_SMTP_TIMEOUT"  # seconds a test email waits for each answer
TEST_TIMEOUT = 20.0


@dataclass(frozen=True)
class Provider:
    """A mail provider's outgoing server, and the name it gives an app password (None when
    the account's own password works)."""

    name: str
    host: str
    port: int
    security: str
    app_password: str | None


PROVIDERS = {
    "gmail": Provider("Gmail", "smtp.gmail.com", 587, "starttls",
                      "an app password (Google Account → Security → 2-Step Verification → "
                      "App passwords)"),
    "outlook": Provider("Outlook or Microsoft 365", "smtp.office365.com", 587, "starttls",
                        "an app password (Microsoft account → Security → Advanced security "
                        "options → App passwords), when two-step verification is on"),
    "icloud": Provider("iCloud", "smtp.mail.me.com", 587, "starttls",
                       "an app-specific password (appleid.apple.com → Sign-In and Security → "
                       "App-Specific Passwords)"),
    "yahoo": Provider("Yahoo", "smtp.mail.yahoo.com", 465, "ssl",
                      "an app password (Yahoo Account Security → Generate app password)"),
    "fastmail": Provider("Fastmail", "smtp.fastmail.com", 465, "ssl",
                         "an app password (Settings → Privacy & Security → Integrations → "
                         "App passwords)"),
    "other": Provider("Other", "", 587, "starttls", None),
}


@dataclass(frozen=True)
class MailSetup:
    """What PUT /api/mail sends: the provider, the account, and (optionally) a password."""

    provider: str
    user: str
    from_address: str
    host: str | None = None  # "other" only, as are port and security
    port: int | None = None
    security: str | None = None
    password: str | None = None  # None or "": keep the one already kept


def providers() -> dict[str, dict[str, Any]]:
    """Every provider as the page shows it."""
    return {key: {"name": p.name, "host": p.host, "port": p.port, "security": p.security,
                  "app_password": p.app_password} for key, p in PROVIDERS.items()}


def mail_status(root: Path) -> dict[str, Any]:
    """GET /api/mail: the settings, where the password comes from, and why it cannot send."""
    from ..content.placeholders import LABELS, blocks_sending, placeholders
    from ..deliver import keychain

    brand = brand_of(root)
    smtp = brand.smtp
    password = keychain.where(smtp) if smtp else "missing"
    why = None
    blocked = blocks_sending(placeholders(brand))
    if smtp is None:
        why = "no mail server is set up yet: choose your provider in the Email section"
    elif blocked:
        why = ("these are still placeholders: " + ", ".join(LABELS.get(n, n) for n in blocked)
               + "; fill them in on the Practice view")
    elif smtp.user and password == "missing":
        why = "no password is kept yet: type it in the Email section and save"
        if not keychain.available():
            why = keychain.NO_STORE
    elif smtp.user and smtp.security == "none":
        why = "security is 'none', which would send the password unencrypted; choose starttls or ssl"
    return {"can_send": why is None, "provider": smtp.provider if smtp else None,
            "host": smtp.host if smtp else None, "port": smtp.port if smtp else None,
            "security": smtp.security if smtp else None, "user": smtp.user if smtp else None,
            "from_address": smtp.from_address if smtp else None, "password": password,
            "why": why, "store": keychain.available(), "providers": providers()}


def _line(root: Path, *path: str) -> int | None:
    from ..content.yamlload import load_yaml_file

    try:
        return load_yaml_file(root / "layouts" / "brand.yaml", BRAND).line_of(path)
    except ContentError:
        return None


def set_mail(root: Path, setup: MailSetup) -> dict[str, Any]:
    """Keep the mail settings in layouts/brand.yaml and the password in the password store;
    ContentError with one problem per field that is wrong."""
    from ..content.settings import Smtp
    from ..deliver import keychain
    from ..deliver.mail import check_address
    from .practice import current_version

    chosen = PROVIDERS.get(setup.provider)
    problems = []
    if chosen is None:
        problems.append(Problem(BRAND, _line(root, "smtp"), f"'{setup.provider}' is not a provider; "
                                f"choose one of: {', '.join(PROVIDERS)}"))
    for name, value in (("user", setup.user), ("from_address", setup.from_address)):
        if not value.strip():
            problems.append(Problem(BRAND, _line(root, "smtp", name), f"smtp.{name} cannot be "
                                    "empty; fill it in"))
        elif name == "from_address" or "@" in value:  # a user name may be a plain login
            try:
                check_address(value.strip(), f"smtp.{name}")
            except DeliveryError as exc:
                problems.append(Problem(BRAND, _line(root, "smtp", name), str(exc)))
    host = (setup.host or "").strip() if setup.provider == "other" else (chosen.host if chosen else "")
    port = setup.port if setup.provider == "other" else (chosen.port if chosen else 587)
    security = setup.security if setup.provider == "other" else (chosen.security if chosen else "")
    if chosen is not None and setup.provider == "other":
        if not host or any(c.isspace() or c in "/:@" for c in host):
            problems.append(Problem(BRAND, _line(root, "smtp", "host"), "the server name "
                                    "(smtp.host) is missing or not a name like smtp.yourmail.com"))
        if not isinstance(port, int) or not 1 <= port <= 65535:
            problems.append(Problem(BRAND, _line(root, "smtp", "port"), "the port (smtp.port) must "
                                    "be a number from 1 to 65535 (usually 587 or 465)"))
        if security not in ("starttls", "ssl"):
            problems.append(Problem(BRAND, _line(root, "smtp", "security"), "security "
                                    "(smtp.security) must be starttls (port 587) or ssl (465)"))
    if problems:
        raise ContentError(problems)
    values = {"host": host, "port": port, "security": security, "user": setup.user.strip(),
              "from_address": setup.from_address.strip(), "provider": setup.provider}
    if setup.password:
        keychain.store(Smtp(**values), setup.password)  # before the file: nothing half-done
    saved = save_practice(root, PracticeEdit(current_version(root), smtp=values))
    if saved.stale:
        raise DeliveryError("layouts/brand.yaml changed while saving; try again")
    return mail_status(root)


def timeout() -> float:
    """How long a test email waits for each answer of the server (HANDOUTKIT_SMTP_TIMEOUT,
    else 20 s)."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, TEST_TIMEOUT))
    except ValueError:
        return TEST_TIMEOUT
    return value if 0 < value <= 300 else TEST_TIMEOUT


def send_test(root: Path, to: str | None) -> str:
    """Send a short test email (to the practice's own address when *to* is empty); the
    address it went to, or DeliveryError with the server's answer in plain words."""
    from email.message import EmailMessage
    from email.policy import SMTP as POLICY
    from email.utils import format_datetime, formataddr, make_msgid

    from ..content.placeholders import LABELS, blocks_sending, placeholders
    from ..deliver import mail

    brand = brand_of(root)
    blocked = blocks_sending(placeholders(brand))
    if blocked:
        raise DeliveryError("fill in " + ", ".join(LABELS.get(n, n) for n in blocked) + " on the "
                            "Practice view first: they are still placeholders")
    smtp = mail.settings(brand)
    secret = mail.password(smtp)
    sender = mail.sender(brand)
    to = mail.check_address((to or "").strip() or (brand.practice.email or sender), "the address")
    msg = EmailMessage(policy=POLICY)
    msg["From"] = formataddr((brand.practice.name, sender))
    msg["To"] = to
    msg["Subject"] = f"Test email from the handout desk of {brand.practice.name}"
    msg["Date"] = format_datetime(_dt.datetime.now().astimezone())
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[1])
    msg.set_content("This is a test email from the handout desk. If you can read it, the "
                    "email settings work: handouts can be sent to clients.\n")
    mail.send(msg, smtp, secret, timeout=timeout())
    return to
