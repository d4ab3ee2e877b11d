"""`serve` as a person starts it: the printed line, --host with its warning, a taken port, no
CUPS (503), email sent through a real SMTP server, and Ctrl-C ending with status 0."""

from __future__ import annotations

import email
import json
import socket
import subprocess
import sys
from email.policy import default
from pathlib import Path

import pytest
import yaml

from tests import support
from tests.deliver.smtp_server import PASSWORD, USER, make_certificate, smtp_server
from tests.desk.helpers import REPO, make_project, running_desk


def test_the_printed_line_and_a_wildcard_host_with_its_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    with running_desk(root, "--host", "0.0.0.0") as desk:
        assert desk.lines[0].startswith("the handout desk is at http://127.0.0.1:")
        assert "?token=" in desk.lines[0] and "Ctrl-C" in desk.lines[0]
        status, _, _ = desk.raw("GET", "/api/handouts", auth=False)
        assert status == 401  # the token is still needed for everything
        status, _, _ = desk.raw("GET", "/api/handouts")
        assert status == 200
        status, _, _ = desk.raw("GET", "/api/handouts", headers={"Host": f"evil.example:{desk.port}"})
        assert status == 403
        name = socket.gethostname().lower()
        status, _, _ = desk.raw("GET", "/api/handouts", headers={"Host": f"{name}:{desk.port}"})
        assert status == 200  # a tablet may use this computer's own name
        desk.proc.send_signal(2)
        code, err = desk.proc.wait(timeout=60), desk.proc.stderr.read()  # type: ignore[union-attr]
        assert code == 0 and "warning: listening on 0.0.0.0" in err and "Traceback" not in err


def test_a_taken_port_is_said_in_one_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "make_handouts.py", "--root", str(root), "serve",
                               "--port", str(port), "--no-browser"], cwd=REPO, capture_output=True,
                              text=True, timeout=60, check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"port {port} is already in use (is the desk running already?); choose "
                           "another with --port N, or --port 0 for any free one\n")


def test_no_project_here_is_said_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "make_handouts.py", "--root", str(tmp_path), "serve",
                           "--no-browser"], cwd=REPO, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 1 and "there is no handouts/ folder here" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    return make_certificate(tmp_path)


def test_without_cups_print_is_503_and_email_is_sent_through_smtp(
        tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    root = make_project(tmp_path / "p")
    with smtp_server(*certificate) as server:
        brand = root / "layouts" / "brand.yaml"
        data = yaml.safe_load(brand.read_text(encoding="utf-8"))
        data["smtp"] = {"host": "127.0.0.1", "port": server.port, "security": "starttls",
                        "user": USER, "from_address": "hello@massage-aha.test"}
        data["practice"].update(support.REAL_PRACTICE)  # example.com would refuse sending
        data["placeholders"] = []
        brand.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        env = {"HANDOUTKIT_SMTP_PASSWORD": PASSWORD, "SSL_CERT_FILE": str(server.cert),
               "CUPS_SERVER": str(tmp_path / "no-cups.sock")}
        with running_desk(root, env=env) as desk:
            found = desk.json("GET", "/api/printers")
            assert found["printers"] == [] and "not running" in found["problem"]
            status, _, body = desk.call("POST", "/api/print", {"slugs": ["psoas"]})
            assert status == 503 and b"not running" in body
            mail = desk.json("GET", "/api/mail")
            assert mail["can_send"] is True and mail["why"] is None
            assert mail["password"] == "environment" and PASSWORD not in json.dumps(mail)
            sent = desk.json("POST", "/api/email", {
                "slugs": ["psoas"], "client": {"name": "Sent Person"}, "to": "sent@example.com",
                "message": "See you", "send": True})
            assert sent["sent"] is True and sent["to"] == "sent@example.com"
            (got,) = server.messages
            msg = email.message_from_bytes(got.content, policy=default)
            assert msg["To"] == "Sent Person <sent@example.com>" and got.tls
            assert [p.get_filename() for p in msg.iter_attachments()] == ["Psoas - for Sent Person.pdf"]
            assert desk.json("GET", "/api/history")[0]["how"] == "email"
