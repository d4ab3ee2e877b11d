"""email: a real SMTP conversation (STARTTLS or TLS, LOGIN) with aiosmtpd on 127.0.0.1, drafts a
mail program opens, and every check on what a person types."""

from __future__ import annotations

import datetime as _dt
import email
import io
import json
import os
import subprocess
import sys
import time
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from handoutkit import cli
from handoutkit.content.settings import Brand
from handoutkit.deliver import mail, mailtext
from tests import support
from tests.deliver.smtp_server import PASSWORD, USER, make_certificate, smtp_server

REPO = Path(__file__).resolve().parents[2]
NAME = "Paul Rivera"
TO = "paul@example.com"
FROM = "hello@massage-aha.test"  # a real-looking address: example.com ones refuse sending
HANDOUT = """\
    title: "{title}"
    category: muscle
    order: {order}
    reviewed: 2026-01-15
    blocks:
      - type: text
        text: Hello {{{{ client.name }}}}, this page is for you.
    """


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def project(make_project):  # type: ignore[no-untyped-def]
    make_project.write("psoas", HANDOUT.format(title="Psoas: your deep hip flexor", order=1))
    make_project.write("stretches", HANDOUT.format(title="Gentle stretches", order=2))
    support.without_placeholders(make_project.root)  # placeholders: tests/app/test_practice.py
    return make_project


def set_smtp(root: Path, **smtp: object) -> None:
    """Point the project's brand.yaml at a mail server (its details no placeholders)."""
    support.without_placeholders(root)
    path = root / "layouts" / "brand.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if smtp:
        data["smtp"] = {"host": "127.0.0.1", "security": "starttls", "user": USER,
                        "from_address": FROM, **smtp}
    else:
        data.pop("smtp", None)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def cli_run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """make_handouts.py as a subprocess, without the caller's SMTP password."""
    base = {k: v for k, v in os.environ.items() if k != "HANDOUTKIT_SMTP_PASSWORD"}
    done = subprocess.run([sys.executable, "make_handouts.py", "--root", str(root), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
                          env={**base, **(env or {})})
    return done.returncode, done.stdout, done.stderr


def pdf_attachments(msg: EmailMessage) -> dict[str, PdfReader]:
    """Each attached file by name, opened as a PDF (fails when it is not one)."""
    return {part.get_filename(): PdfReader(io.BytesIO(part.get_content()))
            for part in msg.iter_attachments()}


def text_of(msg: EmailMessage) -> str:
    """The plain text of an email, with its line ends as \\n."""
    return msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def one_line_error(code: int, out: str, err: str) -> str:
    assert code == 1, (out, err)
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_sends_through_starttls_with_login(project, certificate):  # type: ignore[no-untyped-def]
    with smtp_server(*certificate) as server:
        set_smtp(project.root, port=server.port)
        code, out, err = cli_run(project.root, "email", "psoas", "stretches", "--to", TO,
                                 "--for", NAME, "--message", "See you in two weeks!", "--send",
                                 env={"HANDOUTKIT_SMTP_PASSWORD": PASSWORD,
                                      "SSL_CERT_FILE": str(server.cert)})
    assert code == 0, err
    assert out == f"sent 2 PDFs to {TO}\n" and err == ""
    (got,) = server.messages
    assert got.tls and got.login == USER and server.logins == [("LOGIN", True)]
    assert got.mail_from == FROM and got.rcpt_tos == [TO]
    msg = email.message_from_bytes(got.content, policy=default)
    assert msg["Subject"] == "Your handouts from Massage Aha!"
    assert msg["To"] == f"{NAME} <{TO}>" and msg["From"] == f"Massage Aha! <{FROM}>"
    assert "X-Unsent" not in msg
    body = text_of(msg)
    assert body.startswith("Hi Paul,\n\nSee you in two weeks!\n")
    assert "Psoas: your deep hip flexor" in body and "Gentle stretches" in body
    pdfs = pdf_attachments(msg)
    assert sorted(pdfs) == [f"Gentle stretches - for {NAME}.pdf", f"Psoas - for {NAME}.pdf"]
    for reader in pdfs.values():
        assert len(reader.pages) == 1
        assert f"Prepared for {NAME}" in reader.pages[0].extract_text()
        assert NAME not in json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()})
    (entry,) = [json.loads(x) for x in (project.out / "delivery-log.jsonl").read_text().splitlines()]
    assert entry["client"] == NAME and entry["how"] == "email" and entry["to"] == TO
    assert [(h["slug"], h["reviewed"]) for h in entry["handouts"]] == [
        ("psoas", "2026-01-15"), ("stretches", "2026-01-15")]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_sends_over_ssl(project, certificate):  # type: ignore[no-untyped-def]
    with smtp_server(*certificate, implicit_tls=True) as server:
        set_smtp(project.root, port=server.port, security="ssl")
        code, out, err = cli_run(project.root, "email", "psoas", "--booklet", "--to", TO,
                                 "--for", NAME, "--send",
                                 env={"HANDOUTKIT_SMTP_PASSWORD": PASSWORD,
                                      "SSL_CERT_FILE": str(server.cert)})
    assert code == 0, err
    assert out == f"sent 1 PDF to {TO}\n"
    (got,) = server.messages
    msg = email.message_from_bytes(got.content, policy=default)
    (name,) = pdf_attachments(msg)
    assert name == f"Your Low Back - for {NAME}.pdf"  # the personal booklet
    assert "your copy of \"Your Low Back\"" in text_of(msg)


def test_wrong_password_is_one_line(project, certificate):  # type: ignore[no-untyped-def]
    with smtp_server(*certificate) as server:
        set_smtp(project.root, port=server.port)
        result = cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME, "--send",
                         env={"HANDOUTKIT_SMTP_PASSWORD": "wrong",
                              "SSL_CERT_FILE": str(server.cert)})
    err = one_line_error(*result)
    assert "refused the password for aaron" in err and "wrong" not in err
    assert server.messages == [] and not (project.out / "delivery-log.jsonl").exists()


def test_untrusted_certificate_is_refused(project, certificate):  # type: ignore[no-untyped-def]
    with smtp_server(*certificate) as server:
        set_smtp(project.root, port=server.port)
        result = cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME, "--send",
                         env={"HANDOUTKIT_SMTP_PASSWORD": PASSWORD})  # the test CA not trusted
    assert "certificate that cannot be trusted" in one_line_error(*result)
    assert server.messages == [] and server.logins == []  # the password never left


def test_missing_password_variable(project):  # type: ignore[no-untyped-def]
    set_smtp(project.root, port=2525, password_env="MY_MAIL_PASSWORD")
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                                  "--send"))
    assert err == ("no mail password: type it in the Email section of the desk's Practice view, "
                   "or set the environment variable MY_MAIL_PASSWORD (it is never read from a "
                   "file), and try again\n")
    assert not project.out.exists()  # checked before anything was built


def test_unreachable_server_is_one_line(project):  # type: ignore[no-untyped-def]
    set_smtp(project.root, port=9)  # nothing listens there
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                                  "--send", env={"HANDOUTKIT_SMTP_PASSWORD": PASSWORD}))
    assert err.startswith("nothing answers at 127.0.0.1:9; check the port (smtp.port)")
    assert not (project.out / "delivery-log.jsonl").exists()


def test_password_is_never_sent_unencrypted(project):  # type: ignore[no-untyped-def]
    set_smtp(project.root, port=2525, security="none")
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                                  "--send", env={"HANDOUTKIT_SMTP_PASSWORD": PASSWORD}))
    assert "would send the password unencrypted" in err


@pytest.mark.parametrize(("name", "greeting"), [("Paul Rivera", "Paul"), ("Rivera, Paul", "Paul"),
                                                ("李小龍", "李小龍"), ("Cher", "Cher")])
def test_greeting_uses_the_first_name(name: str, greeting: str) -> None:
    assert mail.first_name(name) == greeting


def test_no_smtp_settings(project):  # type: ignore[no-untyped-def]
    set_smtp(project.root)
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                                  "--send"))
    assert "no smtp: section" in err and "--draft" in err


def test_draft_opens_as_unsent_email(project, tmp_path):  # type: ignore[no-untyped-def]
    draft = tmp_path / "drafts" / "paul.eml"
    message = "Try the {{ practice.phone }} stretch {% if true %}daily{% endif %}.\nSecond line."
    code, out, err = cli_run(project.root, "email", "psoas", "stretches", "--to", TO, "--for",
                             NAME, "--message", message, "--draft", str(draft))
    assert code == 0, err
    assert out.startswith(f"wrote {draft} (2 PDFs attached to {TO});")
    assert NAME not in out + err
    raw = draft.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF, as .eml files are
    msg = email.message_from_bytes(raw, policy=default)
    assert msg["X-Unsent"] == "1" and msg["To"] == f"{NAME} <{TO}>"
    assert message in text_of(msg)  # data, never template
    assert all(len(r.pages) == 1 for r in pdf_attachments(msg).values())
    # the client's name stays out of the shared handouts/ folder
    assert not (project.root / "handouts").joinpath("clients").exists()
    assert all(NAME.encode() not in p.read_bytes() and NAME not in p.name
               for p in (project.root / "handouts").rglob("*") if p.is_file())
    (entry,) = [json.loads(x) for x in (project.out / "delivery-log.jsonl").read_text().splitlines()]
    assert entry["how"] == "email-draft" and entry["to"] == TO


@pytest.mark.parametrize("address", ["paul", "paul@", "@example.com", "paul@example",
                                     "paul@exa mple.com", "<paul@example.com>", "paul@@example.com",
                                     "a@example.com, b@example.com", "paul@-example.com",
                                     "Paul Rivera <paul@example.com>", "paul..r@example.com"])
def test_invalid_addresses_are_refused(project, address):  # type: ignore[no-untyped-def]
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", address, "--for", NAME,
                                  "--draft", str(project.root / "x.eml")))
    assert "is not a valid email address" in err
    assert not (project.root / "x.eml").exists()


@pytest.mark.parametrize(("option", "value"), [
    ("--to", "paul@example.com\r\nBcc: everyone@example.com"),
    ("--to", "paul@example.com\nBcc: everyone@example.com"),
    ("--for", "Paul Rivera\r\nBcc: everyone@example.com"),
    ("--for", "Paul Rivera\u2028Bcc: everyone@example.com"),
])
def test_header_injection_is_refused(project, option, value):  # type: ignore[no-untyped-def]
    args = {"--to": TO, "--for": NAME, option: value}
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", args["--to"], "--for",
                                  args["--for"], "--draft", str(project.root / "x.eml")))
    assert f"{option} must be one line" in err
    assert not (project.root / "x.eml").exists()


def test_message_cannot_break_the_subject(project):  # type: ignore[no-untyped-def]
    template = project.root / "layouts" / "email.txt.j2"
    template.write_text("Subject: A note: {{ message }}\n\n{{ message }}\n", encoding="utf-8")
    draft = project.root / "x.eml"
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                                  "--message", "hi\nBcc: everyone@example.com",
                                  "--draft", str(draft)))
    assert err.startswith("the email subject must be one line") and not draft.exists()
    code, _, err = cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                           "--message", "all fine", "--draft", str(draft))
    assert code == 0, err
    assert email.message_from_bytes(draft.read_bytes(), policy=default)["Subject"] == \
        "A note: all fine"


def test_template_mistake_names_the_line(project):  # type: ignore[no-untyped-def]
    template = project.root / "layouts" / "email.txt.j2"
    template.write_text("Subject: Hi\n\nHello {{ client.name }\n", encoding="utf-8")
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                                  "--draft", str(project.root / "x.eml")))
    assert err.startswith("layouts/email.txt.j2:3: ")
    template.write_text("Subject: Hi {{ client.nickname }}\n\nHello\n", encoding="utf-8")
    err = one_line_error(*cli_run(project.root, "email", "psoas", "--to", TO, "--for", NAME,
                                  "--draft", str(project.root / "x.eml")))
    assert err.startswith("layouts/email.txt.j2:1: ") and "nickname" in err


def test_email_needs_a_client(project):  # type: ignore[no-untyped-def]
    code, _, err = cli_run(project.root, "email", "psoas", "--to", TO, "--draft", "x.eml")
    assert code == 2 and "email needs --for NAME" in err


def test_large_attachments_warn_but_still_go(project, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(mail, "MAX_ATTACHMENTS", 1000)  # the real limit is 10 MB
    draft = project.root / "x.eml"
    code = cli.main(["--root", str(project.root), "email", "psoas", "--to", TO, "--for", NAME,
                     "--draft", str(draft)])
    captured = capsys.readouterr()
    assert code == 0 and draft.exists()
    (line,) = captured.err.splitlines()
    assert line.startswith("warning: the attachments come to") and "over 10 MB" in line


def test_eleven_megabytes_of_attachments_warn(make_project):  # type: ignore[no-untyped-def]
    brand = Brand.model_validate(yaml.safe_load((REPO / "layouts" / "brand.yaml").read_text()))
    big = mail.Attachment("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    small = mail.Attachment("small.pdf", b"%PDF-1.4\n")
    args = {"to": TO, "client": NAME, "handouts": [mail.Enclosed("Psoas", _dt.date(2026, 1, 15))],
            "now": _dt.datetime(2026, 11, 25, 9, 30, tzinfo=_dt.timezone.utc)}
    template = REPO / mailtext.TEMPLATE
    _, warnings = mail.compose(brand, template, mail.Letter(attachments=[small], **args))
    assert warnings == []
    msg, warnings = mail.compose(brand, template, mail.Letter(attachments=[big, small], **args))
    assert len(warnings) == 1 and "11.0 MB" in warnings[0]
    assert len(list(msg.iter_attachments())) == 2


def _blocked_on_a_lock(pid: int) -> bool:
    """Whether process *pid* is waiting for a file lock (Linux lists it in /proc/locks)."""
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and str(pid) in fields:
            return True
    return False


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the kernel's lock table")
def test_a_draft_in_the_output_folder_waits_for_the_folder_lock(project):  # type: ignore[no-untyped-def]
    """A draft written into out/ takes the folder's lock, like a build: while another
    build holds it, the draft is not written; once it is released, it is."""
    import fcntl

    args = ("email", "psoas", "--to", TO, "--for", NAME, "--draft")
    assert cli_run(project.root, *args, str(project.out / "first.eml"))[0] == 0  # builds
    draft = project.out / "second.eml"
    lock = (project.out / ".handoutkit.lock").open("a+")
    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
    base = {k: v for k, v in os.environ.items() if k != "HANDOUTKIT_SMTP_PASSWORD"}
    waiting = subprocess.Popen([sys.executable, "make_handouts.py", "--root", str(project.root),
                                *args, str(draft)], cwd=REPO, env=base, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # the handouts are up to date, so all it still has to do is write the draft: it
        # gets as far as asking for the lock (the kernel lists it as blocked), and waits
        deadline = time.monotonic() + 300
        while not _blocked_on_a_lock(waiting.pid):
            assert waiting.poll() is None, waiting.communicate()
            assert time.monotonic() < deadline, "the draft never asked for the folder's lock"
            time.sleep(0.01)
        assert not draft.exists()
    finally:
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
        lock.close()
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert draft.is_file() and "wrote" in out
