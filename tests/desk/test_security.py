"""Every security rule of the desk, against the real server: Host, token, cookie, Origin,
JSON bodies, headers, body size, slugs, printers and hostile input."""

from __future__ import annotations

import ast
import hashlib
import json
import socket
from pathlib import Path

import pytest

from handoutkit.desk import guard
from tests.desk.helpers import Desk

SECURITY = {"content-security-policy": "default-src 'self'; frame-ancestors 'none'",
            "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
PDF = {"slugs": ["psoas"], "client": None}


def problems(body: bytes) -> list[dict[str, object]]:
    """The problems of an error answer, which must be exactly that shape."""
    found = json.loads(body)
    assert set(found) == {"problems"}
    for p in found["problems"]:
        assert set(p) == {"file", "line", "message"} and p["message"]
    assert b"Traceback" not in body
    return found["problems"]


def assert_secure_headers(headers: dict[str, str]) -> None:
    for key, value in SECURITY.items():
        assert headers.get(key) == value, (key, headers)
    assert not [k for k in headers if k.startswith("access-control-")], headers


# -- listening and the Host header ---------------------------------------------------------

def test_listens_on_loopback_only(desk: Desk) -> None:
    assert desk.url.startswith("http://127.0.0.1:")
    table = Path("/proc/net/tcp")
    if not table.exists():
        pytest.skip("no /proc/net/tcp to read the listening address from")
    listening = [line.split()[1] for line in table.read_text().splitlines()[1:]
                 if line.split()[3] == "0A"]  # 0A: LISTEN
    assert f"0100007F:{desk.port:04X}" in listening  # 127.0.0.1, not 0.0.0.0


@pytest.mark.parametrize("host", ["localhost:{port}", "[::1]:{port}", "127.0.0.1:{port}",
                                  "LOCALHOST:{port}"])
def test_own_host_names_are_answered(desk: Desk, host: str) -> None:
    status, _, _ = desk.raw("GET", "/api/handouts", headers={"Host": host.format(port=desk.port)})
    assert status == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1",
                                  "127.0.0.1:1", "localhost.evil.example:{port}", ""])
def test_another_host_is_refused_against_dns_rebinding(desk: Desk, host: str) -> None:
    status, got, body = desk.raw("GET", "/api/handouts",
                                 headers={"Host": host.format(port=desk.port)})
    assert status == 403
    assert "not the desk's own" in problems(body)[0]["message"]  # type: ignore[operator]
    assert_secure_headers(got)


def test_a_request_without_host_is_refused(desk: Desk) -> None:
    status, _, _ = desk.raw("GET", "/api/handouts", headers={"Host": None})
    assert status in (400, 403)  # HTTP/1.1 itself requires it: uvicorn answers 400


# -- the token ----------------------------------------------------------------------------

def test_without_the_token_an_api_gets_401_in_words(desk: Desk) -> None:
    for method, path in (("GET", "/api/handouts"), ("GET", "/"), ("GET", "/static/desk.js"),
                         ("GET", "/docs"), ("GET", "/openapi.json"), ("GET", "/api/nothing")):
        status, headers, body = desk.raw(method, path, auth=False)
        assert status == 401, path
        assert "open the link" in problems(body)[0]["message"]  # type: ignore[operator]
        assert_secure_headers(headers)


def test_without_the_token_a_browser_gets_a_page_saying_what_to_do(desk: Desk) -> None:
    status, headers, body = desk.raw("GET", "/", auth=False, headers={"Accept": "text/html"})
    assert status == 401 and headers["content-type"].startswith("text/html")
    assert b"Open the link the desk printed" in body and b"?token=" in body


@pytest.mark.parametrize("value", ["Bearer wrong", "Bearer ", "Basic {token}", "{token}",
                                   "Bearer {token}x", "Bearer " + "é" * 3])
def test_a_wrong_bearer_token_gets_401(desk: Desk, value: str) -> None:
    header = value.format(token=desk.token).encode().decode("latin-1")
    status, _, body = desk.raw("GET", "/api/handouts", headers={"Authorization": header})
    assert status == 401
    problems(body)


def test_the_token_link_sets_a_strict_httponly_cookie_and_drops_the_token(desk: Desk) -> None:
    status, headers, body = desk.raw("GET", f"/?token={desk.token}&x=1", auth=False)
    assert status == 303 and body == b""
    assert headers["location"] == "/?x=1"
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"handout-desk-{desk.port}={desk.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert_secure_headers(headers)
    status, _, _ = desk.raw("GET", "/", auth=False,
                            headers={"Cookie": f"handout-desk-{desk.port}={desk.token}"})
    assert status == 200


def test_a_redirect_never_leaves_the_desk(desk: Desk) -> None:
    status, headers, _ = desk.raw("GET", f"//evil.example/?token={desk.token}", auth=False)
    assert status == 303 and headers["location"].startswith("/")
    assert not headers["location"].startswith("//")


@pytest.mark.parametrize("cookie", ["handout-desk-{port}=wrong", "handout-desk-1={token}",
                                    "other={token}", "handout-desk-{port}", "; ;= =\x7f"])
def test_a_wrong_cookie_or_token_link_gets_401(desk: Desk, cookie: str) -> None:
    status, _, _ = desk.raw("GET", "/api/handouts", auth=False,
                            headers={"Cookie": cookie.format(port=desk.port, token=desk.token)})
    assert status == 401
    status, _, _ = desk.raw("GET", "/?token=wrong", auth=False)
    assert status == 401


def test_the_token_is_compared_in_constant_time() -> None:
    tree = ast.parse(Path(guard.__file__).read_text(encoding="utf-8"))
    calls = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert "hmac.compare_digest" in calls
    compares = [n for n in ast.walk(tree) if isinstance(n, ast.Compare)  # never == on the secret
                and any(isinstance(a, ast.Attribute) and a.attr == "token" for a in ast.walk(n))]
    assert not compares, [ast.unparse(c) for c in compares]


# -- requests that change something --------------------------------------------------------

@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1",
                                    "https://127.0.0.1:{port}", "http://127.0.0.1:{port}.evil.example"])
def test_a_change_from_another_origin_is_refused(desk: Desk, origin: str) -> None:
    status, headers, body = desk.call("POST", "/api/pdf", PDF,
                                      headers={"Origin": origin.format(port=desk.port)})
    assert status == 403 and "another web site" in problems(body)[0]["message"]  # type: ignore[operator]
    assert_secure_headers(headers)


def test_a_change_from_the_desks_own_origin_or_none_goes_through(desk: Desk) -> None:
    for headers in ({}, {"Origin": f"http://127.0.0.1:{desk.port}"},
                    {"Origin": f"http://localhost:{desk.port}"}):
        status, got, body = desk.call("POST", "/api/pdf", PDF, headers=headers)
        assert status == 200 and body.startswith(b"%PDF-"), body[:300]
        assert_secure_headers(got)


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded",
                                  "multipart/form-data; boundary=x", None, "application/jsonx"])
def test_a_change_must_send_json_so_a_plain_form_cannot(desk: Desk, kind: str | None) -> None:
    cookie = f"handout-desk-{desk.port}={desk.token}"  # what a browser would send along
    status, _, body = desk.raw("POST", "/api/pdf", auth=False, body=json.dumps(PDF).encode(),
                               headers={"Content-Type": kind, "Cookie": cookie})
    assert status == 403 and "JSON" in problems(body)[0]["message"]  # type: ignore[operator]


def test_changes_need_the_token_too(desk: Desk) -> None:
    status, _, _ = desk.call("POST", "/api/pdf", PDF, auth=False)
    assert status == 401
    status, _, _ = desk.call("PUT", "/api/handouts/psoas/source", {"yaml": "", "version": ""},
                             auth=False)
    assert status == 401


# -- headers --------------------------------------------------------------------------------

def test_every_answer_has_the_security_headers_and_no_cors(desk: Desk) -> None:
    evil = {"Origin": "http://evil.example"}
    for method, path in (("GET", "/"), ("GET", "/api/handouts"), ("GET", "/static/desk.css"),
                         ("GET", "/api/handouts/psoas.pdf"), ("GET", "/api/handouts/psoas.png"),
                         ("GET", "/api/nothing"), ("OPTIONS", "/api/pdf"), ("GET", "/docs")):
        status, headers, _ = desk.raw(method, path, headers=evil)
        assert status < 500, (path, status)
        assert_secure_headers(headers)
    status, headers, _ = desk.raw("OPTIONS", "/api/pdf", headers={
        **evil, "Access-Control-Request-Method": "POST"})
    assert_secure_headers(headers)


# -- bodies and names -----------------------------------------------------------------------

def test_a_body_over_2_mb_gets_413(desk: Desk) -> None:
    big = json.dumps({"slug": "psoas", "yaml": "x" * (2 * 1024 * 1024)}).encode()
    status, headers, body = desk.raw("POST", "/api/preview", body=big,
                                     headers={"Content-Type": "application/json"})
    assert status == 413 and "2 MB" in problems(body)[0]["message"]  # type: ignore[operator]
    assert_secure_headers(headers)


def test_a_chunked_body_over_2_mb_gets_413(desk: Desk) -> None:
    chunk = b"x" * 65536
    with socket.create_connection(("127.0.0.1", desk.port), timeout=60) as s:
        s.sendall((f"POST /api/preview HTTP/1.1\r\nHost: {desk.host}\r\nAuthorization: Bearer "
                   f"{desk.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
                   "\r\nConnection: close\r\n\r\n").encode())
        try:
            for _ in range(40):  # 2.5 MB
                s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the desk may close the connection once it has answered
        answer = b""
        while b"\r\n\r\n" not in answer:
            piece = s.recv(65536)
            if not piece:
                break
            answer += piece
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


@pytest.mark.parametrize("path", ["/api/handouts/..%2F..%2Fetc%2Fpasswd.pdf",
                                  "/api/handouts/nope.png", "/api/handouts/PSOAS.pdf",
                                  "/api/handouts/psoas%00.pdf", "/api/handouts/nope/source",
                                  "/api/handouts/..%2Fpsoas/source"])
def test_a_slug_must_name_a_known_handout(desk: Desk, path: str) -> None:
    status, _, body = desk.raw("GET", path)
    assert status == 404, (path, body)
    problems(body)


@pytest.mark.parametrize("slug", ["../layouts/brand", "/etc/passwd", "psoas.yaml", "", "x" * 300])
def test_a_slug_in_a_body_must_name_a_known_handout(desk: Desk, slug: str) -> None:
    for path, payload in (("/api/pdf", {"slugs": [slug]}),
                          ("/api/preview", {"slug": slug, "yaml": "title: x"})):
        status, _, body = desk.call("POST", path, payload)
        assert status in (400, 422), (path, status, body)
        problems(body)


@pytest.mark.parametrize("slug", ["../evil", "Evil", "a/b", "-x", "x" * 70])
def test_a_new_handout_needs_a_plain_slug(desk: Desk, slug: str) -> None:
    status, _, body = desk.call("POST", "/api/handouts", {"slug": slug, "title": "T"})
    assert status == 400, body
    problems(body)
    assert not list(desk.root.rglob("evil*"))


@pytest.mark.parametrize("printer", ["-o job-sheets=secret", "Nope", "HandoutsPDF; rm -rf /"])
def test_a_printer_must_be_one_cups_lists(desk: Desk, printer: str) -> None:
    status, _, body = desk.call("POST", "/api/print", {**PDF, "printer": printer})
    assert status in (400, 503), body  # 503 only where CUPS is not running at all
    if status == 400:
        assert "there is no printer" in problems(body)[0]["message"]  # type: ignore[operator]


# -- hostile input ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "words"), [
    ("𓀀 Smith", "no installed font has it"), ("x" * 200, "longer than 80"), ("   ", "name")])
def test_hostile_names_get_the_same_clear_refusals_as_the_cli(desk: Desk, name: str,
                                                              words: str) -> None:
    status, _, body = desk.call("POST", "/api/pdf", {"slugs": ["psoas"], "client": {"name": name}})
    assert status == 400, body
    assert words in problems(body)[0]["message"]  # type: ignore[operator]
    assert "--for" not in problems(body)[0]["message"]  # type: ignore[operator]


def test_markup_in_a_name_or_note_is_printed_as_typed(desk: Desk) -> None:
    import io

    from pypdf import PdfReader

    name, note = "Ann <b>Lee</b> & {{ 7*7 }}", "<font color=red>hi</font> {% if 1 %}yes{% endif %}"
    status, _, body = desk.call("POST", "/api/pdf", {"slugs": ["psoas"],
                                                    "client": {"name": name, "note": note}})
    assert status == 200, body
    text = " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())
    assert name in text and note in text


BOMB = "a: &a [1,2,3,4,5,6,7,8,9]\n" + "".join(
    f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdef", "bcdefg", strict=True))


@pytest.mark.parametrize(("text", "words"), [
    ("title: !!python/object/apply:os.system ['echo hacked']\n", "tag"),
    (BOMB, "more than 20000 values"),
    ("title: x\n" + "#" * 1_100_000 + "\n", "larger than"),
    ("title: [unclosed\n", "not valid YAML"),
])
def test_a_hostile_save_is_refused_and_the_file_stays_as_it_was(desk: Desk, text: str,
                                                                words: str) -> None:
    path = desk.root / "handouts" / "stretches.yaml"
    before = path.read_bytes()
    version = hashlib.sha256(before).hexdigest()
    status, _, body = desk.call("PUT", "/api/handouts/stretches/source",
                                {"yaml": text, "version": version})
    assert status == 422, body[:300]
    found = problems(body)
    assert any(words in str(p["message"]) for p in found), found
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]
