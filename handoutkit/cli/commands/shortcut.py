"""shortcut: a launcher on this computer that starts the handout desk with a double-click."""

from __future__ import annotations

import argparse

from .. import options as _shared

NAME = "shortcut"
ORDER = 13
HELP = "make a launcher that opens the handout desk with a double-click (no terminal needed)"
DESCRIPTION = ("Make a launcher for this computer that starts the handout desk for this project "
               "folder with this Python and opens the web browser: on Linux a menu entry (and a "
               "desktop icon when there is a desktop), on macOS a .command file on the desktop, "
               "on Windows a .cmd file on the desktop. Starting it again while the desk runs "
               "opens the desk that is already running.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this command."""
    p.add_argument("--name", default="Handout desk", metavar="TEXT",
                   help="the launcher's name (default: Handout desk)")


def run(args: argparse.Namespace) -> int:
    """Write the launcher(s) and say where."""
    import re
    import sys

    from ...app.launcher import LauncherOrder, make_launcher

    root = _shared.root(args).resolve()
    problem = _shared.no_project_here(root)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    name = " ".join(re.sub(r'[\\/:*?"<>|%$`\x00-\x1f]', "", str(args.name)).split())[:80] \
        or "Handout desk"  # it names a file, and goes in a launcher's text
    for path in make_launcher(LauncherOrder(root=root, name=name)):
        print(f"made {_shared.show(path)}")
    print("double-click it to open the handout desk")
    return 0
