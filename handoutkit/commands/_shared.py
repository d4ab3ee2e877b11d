"""Options and output helpers shared by the commands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

DEFAULT_ROOT = Path(__file__).resolve().parent.parent.parent


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name."""
    # SUPPRESS keeps a subcommand's unset option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="folder holding handouts/, layouts/ and images/ (default: this project)")
    return common


def root(args: argparse.Namespace) -> Path:
    """The project folder the command works on."""
    return Path(getattr(args, "root", DEFAULT_ROOT)).expanduser()


def out_dir(args: argparse.Namespace) -> Path:
    """The output folder: --out, or out/ in the root."""
    out = getattr(args, "out", None)
    return Path(out).expanduser() if out else root(args) / "out"


def show(path: Path) -> str:
    """A path as short as it can be shown."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def print_build(report: Any) -> None:
    """One line per file a build wrote."""
    for h in report.handouts:
        if h.path is None:
            continue
        note = f" (type made smaller, {h.scale:.0%}, to fit one page)" if h.shrunk else ""
        print(f"built {show(h.path)}{note}")
    if report.booklet:
        print(f"built {show(report.booklet)} ({report.booklet_pages} pages)")
