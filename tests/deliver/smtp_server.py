"""A real SMTP server for the email tests: aiosmtpd on 127.0.0.1 with a self-signed
certificate, STARTTLS required (or TLS from the first byte), and AUTH LOGIN required."""

from __future__ import annotations

import contextlib
import datetime as _dt
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "aaron"
PASSWORD = "correct horse battery staple"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        _with_cryptography(cert, key)
    except ImportError:
        openssl = shutil.which("openssl")
        assert openssl, "the tests need the cryptography package or the openssl command"
        subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True, timeout=60)
    return cert, key


def _with_cryptography(cert_path: Path, key_path: Path) -> None:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = _dt.datetime.now(_dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - _dt.timedelta(hours=1))
            .not_valid_after(now + _dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


@dataclass
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    login: str


@dataclass
class Server:
    """What a running test server knows: where it is and what arrived."""

    port: int
    cert: Path
    messages: list[Received] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)  # (mechanism, succeeded)


class _Handler:
    def __init__(self, server: Server) -> None:
        self.server = server

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        login = session.auth_data.login.decode() if session.auth_data else ""
        self.server.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                             envelope.original_content or envelope.content,
                                             session.ssl is not None, login))
        return "250 OK: queued"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def smtp_server(cert: Path, key: Path, *, implicit_tls: bool = False) -> Iterator[Server]:
    """Run the server for the length of the block: STARTTLS (or implicit TLS) and LOGIN."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = Server(_free_port(), cert)

    def authenticate(smtp: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:
        ok = (mechanism == "LOGIN" and isinstance(data, LoginPassword)
              and data.login == USER.encode() and data.password == PASSWORD.encode())
        server.logins.append((mechanism, ok))
        return AuthResult(success=ok, handled=False, auth_data=data)

    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; with TLS from the first byte
    # the whole connection is encrypted anyway (and the handler records that it was)
    tls: dict[str, Any] = ({"ssl_context": context, "server_hostname": "127.0.0.1",
                            "auth_require_tls": False} if implicit_tls else
                           {"tls_context": context, "require_starttls": True,
                            "auth_require_tls": True})
    controller = Controller(_Handler(server), hostname="127.0.0.1", port=server.port,
                            auth_required=True, authenticator=authenticate,
                            auth_exclude_mechanism=["PLAIN"], **tls)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
