"""The rules every request to the desk passes before it reaches a route.

Modelled on Jupyter Server's: the Host must be the desk's own (against DNS rebinding); every
request carries the token (a SameSite=Strict cookie set from the printed link, or
`Authorization: Bearer`), compared in constant time; a request that changes something
comes from no Origin or the desk's own and sends JSON (a plain HTML form on another site
cannot; a picture upload sends an image type instead, which such a form cannot either);
bodies are at most 2 MB (a picture upload: 25 MB). Every response gets the same security headers and no
CORS header. An error no route handled is told in one line, never a traceback.
"""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.exceptions import HTTPException

from ..app.pictures import MAX_UPLOAD
from .settings import MAX_BODY, Settings

SAFE = {"GET", "HEAD", "OPTIONS"}
SECURITY_HEADERS = [(b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer")]
UNAUTHORIZED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Open the desk's link</title></head>
<body><main><h1>Open the link the desk printed</h1>
<p>This page needs the desk's key. In the window where you started
<code>python make_handouts.py serve</code>, find the line that starts with
<code>http://</code> and ends with <code>?token=...</code>, and open that link.</p>
</main></body></html>
"""

Scope = dict[str, Any]
Message = dict[str, Any]


def _too_large(limit: int = MAX_BODY) -> str:
    return f"the request is larger than {limit // (1024 * 1024)} MB"


class _TooLarge(HTTPException):
    """The body grew past its limit while it was being read (FastAPI passes an HTTPException
    raised while reading the body on to the error handlers unchanged)."""

    def __init__(self, limit: int = MAX_BODY) -> None:
        super().__init__(413, _too_large(limit))


# -- pictures (issue 19): the one route that takes raw bytes, and more of them -------------
UPLOAD_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml"})


def _upload(method: str, path: str) -> bool:
    """Whether this is a picture upload (PUT /api/images/NAME): it sends a picture's bytes
    as image/png, image/jpeg or image/svg+xml, which no cross-site form can send either,
    so the Origin rule still protects it; it may be up to MAX_UPLOAD."""
    return method == "PUT" and path.startswith("/api/images/")


def limit_of(scope: Scope) -> int:
    """The largest body this request may send."""
    upload = _upload(scope.get("method", "GET").upper(), scope.get("path", ""))
    return MAX_UPLOAD if upload else MAX_BODY
# -- end of pictures ------------------------------------------------------------------------


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        name = key.decode("latin-1").lower()
        found[name] = found[name] + ", " + value.decode("latin-1") if name in found \
            else value.decode("latin-1")
    return found


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode())


def _problem(status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None
             ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    body = json.dumps({"problems": [{"file": None, "line": None, "message": message}]}).encode()
    return status, [(b"content-type", b"application/json"), *(extra or [])], body


class Guard:
    """ASGI middleware around the whole desk (outside FastAPI's own error handling)."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = settings.hosts()
        self.origins = settings.origins()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        """Check the request, then pass it on with the body counted and the headers added."""
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            await send({"type": "websocket.close", "code": 1008})
            return
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", [])
                           if not k.lower().startswith(b"access-control-")
                           and k.lower() not in (b"server", *(h for h, _ in SECURITY_HEADERS))]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        refusal = self.refusal(scope)
        if refusal is not None:
            await self._answer(send_guarded, *refusal)
            return
        seen = 0
        limit = limit_of(scope)

        async def receive_counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge(limit)
            return message

        try:
            await self.app(scope, receive_counted, send_guarded)
        except _TooLarge:
            if not started:
                await self._answer(send_guarded, *_problem(413, _too_large(limit)))
        except Exception as exc:  # a bug: one line in the terminal, words in the answer
            self.settings.say(f"desk: unexpected error in {scope.get('method')} "
                              f"{scope.get('path')} ({type(exc).__name__}: {exc}); please "
                              "report it")
            if not started:
                await self._answer(send_guarded, *_problem(
                    500, "something went wrong inside the desk; the terminal says what"))

    def refusal(self, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        """Why the request is refused (status, headers, body), or None to let it through."""
        headers = _headers(scope)
        method = scope.get("method", "GET").upper()
        if headers.get("host", "").strip().lower() not in self.hosts:
            return _problem(403, "this address is not the desk's own; open the link the "
                            "serve command printed")
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == "token"]
        if given and method in ("GET", "HEAD"):
            if not _same(given[0], self.settings.token):
                return self._unauthorized(scope, headers)
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            where = "/" + quote(scope.get("path", "/")).lstrip("/") + (f"?{rest}" if rest else "")
            cookie = (f"{self.settings.cookie}={self.settings.token}; Path=/; HttpOnly; "
                      "SameSite=Strict")
            return 303, [(b"location", where.encode()), (b"set-cookie", cookie.encode()),
                         (b"cache-control", b"no-store")], b""
        if not self._authorized(headers):
            return self._unauthorized(scope, headers)
        if method not in SAFE:
            origin = headers.get("origin")
            if origin is not None and origin.lower() not in self.origins:
                return _problem(403, "refused: the request came from another web site")
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if _upload(method, scope.get("path", "")):
                if kind not in UPLOAD_TYPES:
                    return _problem(415, "a picture is sent as image/png, image/jpeg or "
                                    "image/svg+xml")
            elif kind != "application/json":
                return _problem(403, "refused: a request that changes something must send "
                                "JSON (Content-Type: application/json)")
        length = headers.get("content-length", "0").strip() or "0"
        if not length.isdigit():
            return _problem(400, "the request's Content-Length is not a number")
        if int(length) > limit_of(scope):
            return _problem(413, _too_large(limit_of(scope)))
        return None

    def _authorized(self, headers: dict[str, str]) -> bool:
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and _same(value.strip(), self.settings.token):
            return True
        jar = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no token
            return False
        morsel = jar.get(self.settings.cookie)
        return morsel is not None and _same(morsel.value, self.settings.token)

    @staticmethod
    def _unauthorized(scope: Scope, headers: dict[str, str]
                      ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        api = scope.get("path", "").startswith("/api/")
        if not api and "text/html" in headers.get("accept", ""):
            return 401, [(b"content-type", b"text/html; charset=utf-8")], \
                UNAUTHORIZED_PAGE.encode()
        return _problem(401, "the desk's key is missing or wrong: open the link the serve "
                        "command printed, or send Authorization: Bearer TOKEN")

    @staticmethod
    async def _answer(send: Any, status: int, headers: list[tuple[bytes, bytes]],
                      body: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
