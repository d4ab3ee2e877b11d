"""The launcher files `shortcut` writes for each system: the command they run (this Python,
the tool, serve for the project), where they go, and that they can be run."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from handoutkit.app.launcher import LauncherOrder, command, exec_line, make_launcher


def desktop_exec_args(value: str) -> list[str]:
    """An Exec value split as the Desktop Entry spec says: string escapes (\\\\ is \\),
    then arguments, where a quoted one takes \\ before " ` $ and \\ as an escape."""
    value = value.replace("\\\\", "\\").replace("%%", "%")
    args, i = [], 0
    while i < len(value):
        if value[i] == " ":
            i += 1
            continue
        word = ""
        if value[i] == '"':
            i += 1
            while value[i] != '"':
                if value[i] == "\\" and value[i + 1] in '"`$\\':
                    i += 1
                word += value[i]
                i += 1
            i += 1
        else:
            while i < len(value) and value[i] != " ":
                word += value[i]
                i += 1
        args.append(word)
    return args


def order(tmp_path: Path, system: str) -> LauncherOrder:
    root = tmp_path / "Mi práctica $HOME"  # a space, an accent and a dollar sign
    root.mkdir(exist_ok=True)
    (tmp_path / "home" / "Desktop").mkdir(parents=True, exist_ok=True)
    return LauncherOrder(root=root, python=Path(sys.executable), system=system,
                         home=tmp_path / "home")


def test_macos_gets_a_command_file_on_the_desktop(tmp_path: Path) -> None:
    made = make_launcher(order(tmp_path, "darwin"))
    assert made == [tmp_path / "home" / "Desktop" / "Handout desk.command"]
    text = made[0].read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n") and os.access(made[0], os.X_OK)
    run = text.splitlines()[-1].split(" && exec ", 1)[1]
    assert shlex.split(run) == command(order(tmp_path, "darwin"))


def test_windows_gets_a_cmd_file_on_the_desktop(tmp_path: Path) -> None:
    (made,) = make_launcher(order(tmp_path, "win32"))
    assert made.name == "Handout desk.cmd" and made.parent == tmp_path / "home" / "Desktop"
    data = made.read_bytes()
    assert data.startswith(b"@echo off\r\n") and b"\r\n" in data and b"\n\n" not in data
    assert f'"{sys.executable}"'.encode() in data and b"serve" in data


def test_linux_exec_line_survives_spaces_and_dollar_signs(tmp_path: Path) -> None:
    wanted = command(order(tmp_path, "linux"))
    line = exec_line(order(tmp_path, "linux"))
    assert desktop_exec_args(line) == wanted
    assert wanted[-3:] == ["serve", "--port", "0"] and "--no-browser" not in wanted


def test_linux_without_a_desktop_only_gets_the_menu_entry(tmp_path: Path) -> None:
    o = order(tmp_path, "linux")
    (o.home / "Desktop").rmdir()
    (made,) = make_launcher(o)
    assert made.parent == o.home / ".local" / "share" / "applications"
    assert made.suffix == ".desktop" and "Terminal=false" in made.read_text(encoding="utf-8")
