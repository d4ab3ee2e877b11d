"""serve: the handout desk, a web page on this computer to find, personalize, print, email
and edit handouts."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from .. import options as _shared

NAME = "serve"
KEEPS_RUNNING = True  # runs until stopped: collects its cycles as usual (main.run)
ORDER = 12
HELP = "open the handout desk: a web page to find, print, email and edit handouts"
DESCRIPTION = ("Start the handout desk on this computer and open it in the web browser. On the "
               "page you find handouts by their pictures, tick some, type a client's name and a "
               "note, and download, print or email them; you can also edit a handout and see "
               "the page change as you type. The desk prints one line with its address and key "
               "(http://127.0.0.1:PORT/?token=...); open that link. Stop it with Ctrl-C.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("--port", type=int, default=8000, metavar="N",
                   help="the port to listen on (default: 8000; 0 picks any free port)")
    p.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                   help="the address to listen on (default: 127.0.0.1, this computer only; "
                        "0.0.0.0 lets a tablet on the clinic's network in, with the key)")
    p.add_argument("--no-browser", action="store_true",
                   help="do not open the web browser")
    _shared.out_option(p)


def _open_running(out: Path, root: Path, *, browser: bool) -> bool:
    """When a desk already runs for this project (a second double-click on the launcher),
    say where and open the browser on it; True when one does."""
    from ...desk.running import find

    found = find(out, root)
    if found is None:
        return False
    print(f"the handout desk is already running at {found.url}  (opening it)", flush=True)
    if browser:
        import webbrowser

        webbrowser.open(found.url)
    return True


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C, then exit with status 0."""
    root = _shared.root(args)
    problem = _shared.no_project_here(root)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if not 0 <= args.port <= 65535:
        print("make_handouts.py serve: --port must be between 0 and 65535", file=sys.stderr)
        return 2
    from ...desk.server import exposed, serve
    from ...desk.settings import Settings

    settings = Settings(root=root.resolve(), out=_shared.out_dir(args).resolve(), host=args.host,
                        port=args.port)
    if _open_running(settings.out, settings.root, browser=not args.no_browser):
        return 0
    if exposed(args.host):
        print(f"warning: listening on {args.host}: other computers on this network can reach "
              "the desk; the key in the link is still needed for everything", file=sys.stderr,
              flush=True)

    def announce(url: str) -> None:
        print(f"the handout desk is at {url}  (press Ctrl-C to stop)", flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how you stop: no fuss
        serve(settings, announce=announce, open_browser=not args.no_browser)
    return 0
