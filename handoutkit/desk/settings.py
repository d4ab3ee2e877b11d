"""What one running desk knows: its project, output folder, address, token and the names
(Host headers and Origins) under which it may be reached."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")
MAX_BODY = 2 * 1024 * 1024  # bytes: anything larger gets 413

Say = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def new_token() -> str:
    """A fresh secret for one run of the desk (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def _bracketed(host: str) -> str:
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def own_addresses() -> set[str]:
    """This computer's own names and addresses, as a tablet on the network may use them."""
    names = {socket.gethostname(), socket.getfqdn()}
    found = {n.lower() for n in names if n}
    for name in list(found):
        try:
            for info in socket.getaddrinfo(name, None):
                found.add(str(info[4][0]).split("%")[0].lower())
        except OSError:
            continue
    return found


@dataclass
class Settings:
    """One desk: the project (*root*), the output folder (*out*), where it listens, and its
    token. *port* is the real one (after a free port was picked)."""

    root: Path
    out: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str = field(default_factory=new_token)
    say: Say = _stderr  # where the desk reports in words (the terminal)
    extra_hosts: frozenset[str] = frozenset()  # more names it may be reached under

    @property
    def cookie(self) -> str:
        """The token cookie's name: one per port, since cookies do not tell ports apart."""
        return f"handout-desk-{self.port}"

    @property
    def url(self) -> str:
        """The address to open, with the token."""
        host = "127.0.0.1" if self.host in WILDCARD else _bracketed(self.host)
        return f"http://{host}:{self.port}/?token={self.token}"

    def hosts(self) -> frozenset[str]:
        """Every Host header the desk answers to: its loopback names and the --host given
        (with a wildcard --host, this computer's own names and addresses), with the port."""
        names = set(LOOPBACK) | {self.host.lower()} | set(self.extra_hosts)
        if self.host in WILDCARD:
            names |= own_addresses()
        names -= set(WILDCARD)
        found = {f"{_bracketed(n)}:{self.port}" for n in names}
        if self.port == 80:
            found |= {_bracketed(n) for n in names}
        return frozenset(found)

    def origins(self) -> frozenset[str]:
        """The Origin headers of the desk's own pages."""
        return frozenset(f"http://{h}" for h in self.hosts())
