"""A launcher for this computer that starts the desk for one project folder with this
Python and opens the browser, so the desk can be started without a terminal: a .desktop
file on Linux (in ~/.local/share/applications, and on the desktop when there is one), a
.command file on the macOS desktop, a .cmd file on the Windows desktop. A second start
opens the desk that is already running (desk/running.py)."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError

PACKAGE = Path(__file__).resolve().parents[1]
SCRIPT = PACKAGE.parent / "make_handouts.py"
ICON = PACKAGE / "desk" / "static" / "icon.svg"


@dataclass(frozen=True)
class LauncherOrder:
    """For which project, with which Python, on which system, under which home folder."""

    root: Path
    python: Path = field(default_factory=lambda: Path(sys.executable))
    system: str = field(default_factory=lambda: sys.platform)
    home: Path = field(default_factory=Path.home)
    name: str = "Handout desk"


def command(order: LauncherOrder) -> list[str]:
    """The command the launcher runs: this Python, the tool, serve for the project."""
    tool = [str(SCRIPT)] if SCRIPT.is_file() else ["-m", "handoutkit"]
    return [str(order.python), *tool, "--root", str(order.root.resolve()), "serve", "--port", "0"]


def _desktop_entry_quote(arg: str) -> str:
    """One argument of a .desktop Exec line (freedesktop Desktop Entry spec)."""
    if arg and not re.search(r"[\s\"'\\><~|&;$*?#()`%=]", arg):
        return arg
    escaped = re.sub(r'(["`$\\])', r"\\\1", arg).replace("%", "%%")
    return '"' + escaped.replace("\\", "\\\\") + '"'


def exec_line(order: LauncherOrder) -> str:
    """The Exec= value of the Linux launcher."""
    return " ".join(_desktop_entry_quote(a) for a in command(order))


def _linux_desktop(home: Path) -> Path | None:
    """The user's desktop folder, when there is one (XDG user dirs, else ~/Desktop)."""
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "user-dirs.dirs"
    try:
        for line in config.read_text(encoding="utf-8").splitlines():
            if line.startswith("XDG_DESKTOP_DIR="):
                folder = Path(line.split("=", 1)[1].strip().strip('"').replace("$HOME", str(home)))
                return folder if folder.is_dir() and folder != home else None
    except OSError:
        pass
    return home / "Desktop" if (home / "Desktop").is_dir() else None


def _write(path: Path, text: str, *, crlf: bool = False) -> Path:
    from ..press.outputs import write_atomic

    data = text.replace("\n", "\r\n") if crlf else text
    write_atomic(path, data.encode("utf-8"))
    try:
        os.chmod(path, 0o755)  # a launcher runs only when it is executable
    except OSError as exc:
        raise OutputError(f"{path}: cannot be made executable ({exc.strerror})") from None
    return path


def make_launcher(order: LauncherOrder) -> list[Path]:
    """Write the launcher(s) for *order*'s system; the files written."""
    root = order.root.resolve()
    if order.system.startswith("win"):
        line = " ".join(f'"{a}"' for a in command(order))
        desktop = order.home / "Desktop"
        return [_write(desktop / f"{order.name}.cmd", f'@echo off\ncd /d "{root}"\n{line}\n',
                       crlf=True)]
    if order.system == "darwin":
        import shlex

        line = " ".join(shlex.quote(a) for a in command(order))
        script = (f"#!/bin/sh\n# {order.name}: starts the handout desk for {root}\n"
                  f"cd {shlex.quote(str(root))} && exec {line}\n")
        return [_write(order.home / "Desktop" / f"{order.name}.command", script)]
    entry = (f"[Desktop Entry]\nType=Application\nVersion=1.0\nName={order.name}\n"
             f"Comment=Find, print and email your handouts ({root})\n"
             f"Exec={exec_line(order)}\nPath={root}\nIcon={ICON}\nTerminal=false\n"
             "Categories=Office;\nStartupNotify=false\n")
    slug = "handout-desk-" + re.sub(r"[^a-z0-9]+", "-", root.name.lower()).strip("-")
    made = [_write(order.home / ".local" / "share" / "applications" / f"{slug}.desktop", entry)]
    desktop = _linux_desktop(order.home)
    if desktop is not None:
        made.append(_write(desktop / f"{slug}.desktop", entry))
    return made
