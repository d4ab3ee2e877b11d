"""Email set up from the desk, against a real SMTP server (aiosmtpd on 127.0.0.1, STARTTLS
and AUTH): the password goes into the password store (here keyrings.alt's file backend in a
temporary folder, named by PYTHON_KEYRING_BACKEND), never into a file of ours or an answer;
a test email with the right password arrives, and a wrong password, a wrong port, a server
that never answers and one that does not exist are each put plainly (502)."""

from __future__ import annotations

import contextlib
import email
import json
import os
import socket
from collections.abc import Iterator
from email.policy import default
from pathlib import Path

import pytest

from tests import support
from tests.deliver.smtp_server import PASSWORD, USER, make_certificate, smtp_server
from tests.desk.helpers import Desk, make_project, running_desk

OWN = support.REAL_PRACTICE["email"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@contextlib.contextmanager
def desk_with_mail(tmp: Path, cert: Path, **env: str) -> Iterator[Desk]:
    root = make_project(tmp / "project")
    support.without_placeholders(root)
    store = tmp / "store"
    store.mkdir()
    with running_desk(root, env={"SSL_CERT_FILE": str(cert), "XDG_DATA_HOME": str(store),
                                 "HANDOUTKIT_SMTP_TIMEOUT": "2", **env}) as desk:
        desk.store = store  # type: ignore[attr-defined]
        yield desk


def other(port: int, password: str | None = PASSWORD, host: str = "127.0.0.1") -> dict[str, object]:
    return {"provider": "other", "host": host, "port": port, "security": "starttls",
            "user": USER, "from_address": OWN, "password": password}


def files_holding(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_set_up_and_send_a_test_email(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    with smtp_server(*certificate) as server, desk_with_mail(tmp_path, server.cert) as desk:
        before = desk.json("GET", "/api/mail")
        assert before["password"] == "missing" and before["can_send"] is False
        assert "password" in before["why"]
        found = desk.json("PUT", "/api/mail", other(server.port))
        assert found["can_send"] is True and found["why"] is None
        assert found["password"] == "keyring" and found["host"] == "127.0.0.1"
        assert found["port"] == server.port and found["user"] == USER
        assert PASSWORD not in json.dumps(found)
        assert desk.json("POST", "/api/mail/test", {"to": ""}) == {"sent": True, "to": OWN}
        (got,) = server.messages
        assert got.tls and got.login == USER and got.rcpt_tos == [OWN]
        msg = email.message_from_bytes(got.content, policy=default)
        assert msg["Subject"].startswith("Test email from the handout desk")
        # kept in the password store only: not in the project, its output or any answer
        assert files_holding(desk.root, PASSWORD) == []
        assert files_holding(desk.store, "handoutkit")  # type: ignore[attr-defined]
        assert "provider: other" in (desk.root / "layouts" / "brand.yaml").read_text()
        # a new password can be typed; leaving it empty keeps the one kept
        found = desk.json("PUT", "/api/mail", other(server.port, password=None))
        assert found["password"] == "keyring"
        code, err = desk.stop()
    assert PASSWORD not in err and code == 0


def test_wrong_password_wrong_port_silent_and_missing_server(
        tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    with smtp_server(*certificate) as server, desk_with_mail(tmp_path, server.cert) as desk, \
            socket.socket() as silent, socket.socket() as closed:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)  # accepts (the kernel does) and never says a word
        closed.bind(("127.0.0.1", 0))  # a port of ours with nothing listening
        cases = [(other(server.port, "wrong horse"), "refused the password for aaron"),
                 (other(closed.getsockname()[1]), "check the port (smtp.port)"),
                 (other(silent.getsockname()[1]), "gave no answer within 2 s"),
                 (other(25, host="no-such-server.invalid"), "'no-such-server.invalid' was not found")]
        for setup, words in cases:
            desk.json("PUT", "/api/mail", setup)
            status, _, body = desk.call("POST", "/api/mail/test", {"to": "paul@massage-aha.test"})
            assert status == 502, (status, body)
            (problem,) = json.loads(body)["problems"]
            assert words in problem["message"] and "wrong horse" not in problem["message"]
        assert server.messages == []


def test_a_provider_fills_in_its_server_and_names_its_app_password(
        tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    with desk_with_mail(tmp_path, certificate[0]) as desk:
        found = desk.json("PUT", "/api/mail", {"provider": "gmail", "user": OWN,
                                               "from_address": OWN})
        assert (found["host"], found["port"], found["security"]) == ("smtp.gmail.com", 587, "starttls")
        assert "app password" in found["providers"]["gmail"]["app_password"]
        assert "app-specific password" in found["providers"]["icloud"]["app_password"]
        assert found["providers"]["yahoo"]["port"] == 465
        status, _, body = desk.call("PUT", "/api/mail", {"provider": "aol", "user": OWN,
                                                         "from_address": "nobody"})
        assert status == 422
        messages = " ".join(p["message"] for p in json.loads(body)["problems"])
        assert "'aol' is not a provider" in messages and "not a valid email address" in messages


def test_the_environment_variable_wins(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    with smtp_server(*certificate) as server, desk_with_mail(
            tmp_path, server.cert, HANDOUTKIT_SMTP_PASSWORD=PASSWORD) as desk:
        found = desk.json("PUT", "/api/mail", other(server.port, password="wrong horse"))
        assert found["password"] == "environment" and found["can_send"]
        assert desk.json("POST", "/api/mail/test", {"to": ""})["sent"] is True


def test_without_a_password_store_the_page_says_how_to_use_the_variable(
        tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    with desk_with_mail(tmp_path, certificate[0],
                        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring") as desk:
        found = desk.json("GET", "/api/mail")
        assert found["store"] is False
        status, _, body = desk.call("PUT", "/api/mail", other(2525))
        assert status == 409
        (problem,) = json.loads(body)["problems"]
        assert "no password store" in problem["message"]
        assert "HANDOUTKIT_SMTP_PASSWORD" in problem["message"]
    assert os.environ["PYTHON_KEYRING_BACKEND"].startswith("keyrings.alt")  # tests never use the real one
