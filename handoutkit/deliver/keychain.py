"""The mail password in the operating system's password store, through the `keyring`
library: Keychain on macOS, Credential Manager on Windows, Secret Service on Linux (or the
backend named by keyring's own PYTHON_KEYRING_BACKEND). The password never goes into a file
of ours, an answer or a log; the environment variable named in brand.yaml still wins."""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..content.settings import Smtp
from ..errors import DeliveryError

SERVICE = "handoutkit-smtp"


def _account(smtp: Smtp) -> str:
    return f"{smtp.user}@{smtp.host}"


def _keyring() -> object | None:
    """The password store, or None where the computer has none (keyring's fail backend)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        store = keyring.get_keyring()
    except Exception:  # a backend that cannot even start: no store
        return None
    return None if isinstance(store, fail.Keyring) else store


def available() -> bool:
    """Whether this computer has a password store the tool can use."""
    return _keyring() is not None


NO_STORE = ("this computer has no password store that the tool can use; set the password in "
            "the environment variable HANDOUTKIT_SMTP_PASSWORD before starting the desk "
            "(for example: HANDOUTKIT_SMTP_PASSWORD='...' handouts serve)")


def store(smtp: Smtp, secret: str) -> None:
    """Keep *secret* as the password of the mail account in *smtp*."""
    found = _keyring()
    if found is None:
        raise DeliveryError(NO_STORE)
    try:
        found.set_password(SERVICE, _account(smtp), secret)  # type: ignore[attr-defined]
    except Exception as exc:  # every backend raises its own kind
        raise DeliveryError(f"the password store refused to keep the password "
                            f"({type(exc).__name__}); {NO_STORE[NO_STORE.index('set'):]}") from None


def stored(smtp: Smtp) -> str | None:
    """The password kept for the account in *smtp*, or None."""
    found = _keyring()
    if found is None or not smtp.user:
        return None
    try:
        return found.get_password(SERVICE, _account(smtp)) or None  # type: ignore[attr-defined]
    except Exception:  # a locked store: as if none were kept
        return None


def where(smtp: Smtp, env: Mapping[str, str] | None = None) -> str:
    """Where the password comes from: "environment" (which wins), "keyring" or "missing"."""
    env = os.environ if env is None else env
    if env.get(smtp.password_env):
        return "environment"
    return "keyring" if stored(smtp) else "missing"
