"""Running the desk on uvicorn: bind the address, say where it is, stop cleanly on Ctrl-C."""

from __future__ import annotations

import errno
import os
import socket
import threading
import webbrowser
from collections.abc import Callable

from ..errors import OutputError
from . import running
from .settings import LOOPBACK, Settings

Announce = Callable[[str], None]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on *host*:*port* (0: any free port); OutputError in words."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and host == "::":
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise OutputError(f"port {port} is already in use (is the desk running already?); "
                              "choose another with --port N, or --port 0 for any free one") \
                from None
        if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            raise OutputError(f"'{host}' is not an address of this computer; leave --host out "
                              "or give one of its own addresses") from None
        raise OutputError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    sock.setblocking(False)
    return sock


def serve(settings: Settings, *, announce: Announce, open_browser: bool = False) -> None:
    """Serve the desk until Ctrl-C (or SIGTERM). *announce* hears the address line once
    the desk answers; with *open_browser* the default browser opens it. While it runs, its
    address, process and token are recorded under the output folder (running.py)."""
    import uvicorn

    from .application import create_app

    sock = bind(settings.host, settings.port)
    settings.port = sock.getsockname()[1]
    app = create_app(settings)
    config = uvicorn.Config(app, log_level="warning", access_log=False, proxy_headers=False,
                            server_header=False, lifespan="on", timeout_graceful_shutdown=5)

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                running.write(settings.out, running.Running(settings.url, os.getpid(),
                                                            settings.token, str(settings.root)))
                announce(settings.url)
                if open_browser:
                    threading.Thread(target=webbrowser.open, args=(settings.url,),
                                     daemon=True).start()

    server = _Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        running.forget(settings.out, os.getpid())


def exposed(host: str) -> bool:
    """Whether *host* lets other computers reach the desk (anything but loopback)."""
    return host.lower() not in LOOPBACK and not host.startswith("127.")
