"""Email handouts: a MIME message from the practice, written as a draft or sent by SMTP.

The subject and body come from layouts/email.txt.j2, rendered in a Jinja2 sandbox where
unknown names are errors. A client's name and message are values in that template, never
part of it. Every header value is checked: addresses must be valid and no value may hold a
line break (which would let it add headers of its own). The SMTP password is read only from
the environment variable named in brand.yaml.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from ..content.settings import Brand, Smtp
from ..errors import DeliveryError, DeliveryRequestError
from .mailtext import check_header, one_error, render

MAX_ATTACHMENTS = 10 * 1024 * 1024  # bytes; many mail services refuse larger messages
MAX_MESSAGE = 5000  # characters of --message
TIMEOUT = 30  # seconds for the SMTP conversation
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_LOCAL}@(?:{_LABEL}\.)+(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}})")
# Line breaks of every kind (CR, LF, VT, FF, NEL, Unicode separators) and other controls.
_BODY_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


@dataclass(frozen=True)
class Attachment:
    """A file to attach: the name the client sees and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Enclosed:
    """A handout that goes with the email: its title and version (reviewed date)."""

    title: str
    reviewed: _dt.date | None


def check_address(value: str, what: str = "--to") -> str:
    """A plain email address (name@example.com), or DeliveryError saying why not."""
    value = check_header(what, value)
    if len(value) > 254 or not _ADDRESS.fullmatch(value) or len(value.split("@")[0]) > 64:
        raise DeliveryRequestError(f"{what}: '{value}' is not a valid email address; write it like "
                            "name@example.com")
    return value


def check_message(value: str | None) -> str:
    """The --message text (several lines are fine), refusing control characters."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _BODY_BAD.search(value):
        raise DeliveryRequestError("--message holds control characters; type it as plain text")
    if len(value) > MAX_MESSAGE:
        raise DeliveryRequestError(f"--message is longer than {MAX_MESSAGE} characters")
    return value.strip()


def sender(brand: Brand) -> str:
    """The practice's From address: smtp.from_address, else practice.email."""
    raw = (brand.smtp.from_address if brand.smtp else None) or brand.practice.email
    if not raw:
        raise DeliveryError("layouts/brand.yaml: no address to send from; set smtp.from_address "
                            "or practice.email")
    return check_address(raw, "the From address in layouts/brand.yaml")


@dataclass
class Letter:
    """What one email says and carries."""

    to: str
    client: str
    handouts: list[Enclosed]
    attachments: list[Attachment]
    message: str = ""
    booklet: bool = False  # one booklet attached instead of one PDF per handout
    draft: bool = False  # to be saved as an .eml for a mail program to open
    now: _dt.datetime | None = None
    language: str = "en"  # how its dates are written


def compose(brand: Brand, template: Path, letter: Letter) -> tuple[EmailMessage, list[str]]:
    """The message, and warnings (e.g. attachments over 10 MB) for the caller to show."""
    to = check_address(letter.to)
    client = check_header("--for", letter.client)
    message = check_message(letter.message)
    handouts, attachments, booklet, draft = letter.handouts, letter.attachments, \
        letter.booklet, letter.draft
    from_addr = sender(brand)
    now = letter.now or _dt.datetime.now().astimezone()
    ctx = {
        "client": {"name": client, "first_name": first_name(client)},
        "message": message,
        "handouts": [{"title": h.title, "reviewed": _day(h.reviewed, letter.language)}
                     for h in handouts],
        "booklet": booklet,
        "booklet_title": brand.booklet.title,
        "practice": brand.practice.model_dump(),
        "therapist": brand.therapist.model_dump(),
        "date": _day(now.date(), letter.language),
    }
    subject, body = render(template, ctx)
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((check_header("practice.name in layouts/brand.yaml",
                                           brand.practice.name), from_addr))
    msg["To"] = formataddr((client, to))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=from_addr.rsplit("@", 1)[1])
    if draft:
        msg["X-Unsent"] = "1"  # mail programs open the file as a draft, ready to send
    msg.set_content(body)
    for a in attachments:
        msg.add_attachment(a.data, maintype="application", subtype="pdf",
                           filename=check_header("an attachment's name", a.filename))
    warnings = []
    total = sum(len(a.data) for a in attachments)
    if total > MAX_ATTACHMENTS:
        warnings.append(f"the attachments come to {total / 1024 / 1024:.1f} MB; many mail "
                        "services refuse messages over 10 MB, so consider sending fewer handouts")
    return msg, warnings


def first_name(name: str) -> str:
    """The name to greet: 'Paul Rivera' -> 'Paul', 'Rivera, Paul' -> 'Paul'."""
    last, _, first = name.partition(",")
    return (first.split() or last.split() or [name])[0]


def _day(day: _dt.date | None, language: str = "en") -> str:
    from ..content.words import write_date

    return write_date(day, language) if day else ""


def settings(brand: Brand) -> Smtp:
    """The SMTP settings from brand.yaml, or DeliveryError when there are none."""
    if brand.smtp is None:
        raise DeliveryError("layouts/brand.yaml has no smtp: section; add your mail server's "
                            "settings (or use --draft FILE.eml)")
    return brand.smtp


def password(smtp: Smtp, env: Mapping[str, str] | None = None) -> str | None:
    """The SMTP password (None when no user is set): from its environment variable, which
    wins, else from the operating system's password store (keychain.py)."""
    from .keychain import stored

    if not smtp.user:
        return None
    env = os.environ if env is None else env
    value = env.get(smtp.password_env, "") or stored(smtp) or ""
    if not value:
        raise DeliveryError(f"no mail password: type it in the Email section of the desk's "
                            f"Practice view, or set the environment variable "
                            f"{smtp.password_env} (it is never read from a file), and try again")
    if smtp.security == "none":
        raise DeliveryError("layouts/brand.yaml: smtp.security is none, which would send the "
                            "password unencrypted; use starttls or ssl")
    return value


def send(msg: EmailMessage, smtp: Smtp, secret: str | None,
         context: ssl.SSLContext | None = None, timeout: float = TIMEOUT) -> None:
    """Send *msg* through the server in *smtp*, waiting at most *timeout* seconds for each
    answer; every failure is one DeliveryError line that names the setting to change."""
    where = f"{smtp.host}:{smtp.port}"
    context = context or ssl.create_default_context()
    try:
        if smtp.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout,
                                                    context=context)
        else:
            server = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with server:
            server.ehlo()
            if smtp.security == "starttls":
                server.starttls(context=context)
                server.ehlo()
            if smtp.user and secret is not None:
                server.login(smtp.user, secret)
            server.send_message(msg)
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError(f"the mail server {where} refused the password for {smtp.user}; "
                            f"check the password (many providers want an app password) and the "
                            f"user name (smtp.user; the password: the Practice view or "
                            f"{smtp.password_env})") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"the mail server {where} does not support this ({one_error(exc)}); check "
                            "smtp.security in layouts/brand.yaml") from None
    except smtplib.SMTPRecipientsRefused:
        raise DeliveryError(f"the mail server {where} refused the recipient address") from None
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryError(f"the mail server {where} has a certificate that cannot be trusted "
                            f"({exc.verify_message}); check smtp.host") from None
    except ssl.SSLError as exc:
        raise DeliveryError(f"a secure connection to {where} failed ({exc.reason}); check "
                            "smtp.port and smtp.security (starttls: usually 587, ssl: 465)") from None
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib's words for a silent server
            raise DeliveryError(f"the mail server {where} gave no answer within {timeout:g} s; "
                                "check the port (smtp.port) and the security (smtp.security)") \
                from None
        raise DeliveryError(f"the mail server {where} closed the connection ({one_error(exc)}); "
                            "check the port (smtp.port) and the security (smtp.security)") from None
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"the mail server {where} did not accept the email ({one_error(exc)})") \
            from None
    except socket.gaierror:
        raise DeliveryError(f"the mail server '{smtp.host}' was not found; check the server "
                            "name (smtp.host) and the internet connection") from None
    except TimeoutError:
        raise DeliveryError(f"the mail server {where} gave no answer within {timeout:g} s; check "
                            "the port (smtp.port) and the security (smtp.security)") from None
    except ConnectionRefusedError:
        raise DeliveryError(f"nothing answers at {where}; check the port (smtp.port) and the "
                            "server name (smtp.host)") from None
    except OSError as exc:  # unreachable network, ...
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise DeliveryError(f"could not reach the mail server {where} ({reason}); check "
                            "smtp.host and smtp.port and the internet connection") from None


def to_bytes(msg: EmailMessage) -> bytes:
    """The message as an .eml file (CRLF line ends, as mail programs expect)."""
    return msg.as_bytes(policy=SMTP)
