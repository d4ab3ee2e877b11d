"""The command line: the only place that prints and picks exit codes.

Each command is a small module in handoutkit/commands/ (NAME, HELP, DESCRIPTION,
add_arguments, run); this file only assembles them. Commands import heavy modules
(ReportLab, pypdf) inside run(), so --help and quick commands start fast.

Exit status: 0 success, 1 content or build problems, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import pkgutil
import sys
from types import ModuleType
from typing import NoReturn

from ..errors import ContentError, HandoutError, UsageError, one_line
from . import commands
from . import options as _shared


def _command_modules() -> list[ModuleType]:
    mods = [importlib.import_module(f"{commands.__name__}.{info.name}")
            for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_")]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.NAME))


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    common = _shared.common_options()
    top = argparse.ArgumentParser(
        prog="make_handouts.py", parents=[common],
        description="Branded one-page client handouts and a booklet, from YAML files. "
                    "With no command: build every handout and the booklet into out/.")
    top.add_argument("--out", metavar="DIR", default=argparse.SUPPRESS,
                     help="output folder (default: out/ in the root)")
    _shared.force_option(top)
    from .commands import build

    top.set_defaults(func=build.run_all)
    sub = top.add_subparsers(title="commands", metavar="COMMAND")
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, parents=[common], help=mod.HELP,
                           description=getattr(mod, "DESCRIPTION", mod.HELP))
        mod.add_arguments(p)
        p.set_defaults(func=mod.run, placeholder_warning=getattr(mod, "WARNS_PLACEHOLDERS", False))
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = parser().parse_args(argv)
        if getattr(sys.modules.get(args.func.__module__), "KEEPS_RUNNING", False):
            gc.enable()  # the desk and watch run for hours: their cycles must be collected
        status = args.func(args)
        if getattr(args, "placeholder_warning", True):  # build, booklet, print, email
            _shared.warn_placeholders(args)
        return status
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"make_handouts.py: {exc}", file=sys.stderr)
        return 2
    except HandoutError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped; finished files were kept and no half-written file was left",
              file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, never a traceback (HANDOUTKIT_DEBUG=1 shows it)
        if os.environ.get("HANDOUTKIT_DEBUG"):
            raise
        print(f"make_handouts.py: unexpected error ({type(exc).__name__}: {one_line(str(exc))}); "
              "no file was harmed. Please report it (HANDOUTKIT_DEBUG=1 shows the details)",
              file=sys.stderr)
        return 1


def run() -> NoReturn:
    """Run the command line as a program and exit with its status.

    The exit skips the interpreter's tidying of every object a build made (a tenth of a
    second after a full build): by then every file is written, closed and renamed into
    place, so only the standard streams need flushing. For the same reason Python's cycle
    collector stays off in a command that does one thing and ends: what it would free is
    freed by the exit, and its rescans of every library's objects are a tenth of a build.
    A command that keeps running (KEEPS_RUNNING: serve, watch) turns it back on.
    """
    gc.disable()
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head)
            stream.flush()
    os._exit(status)


def console() -> NoReturn:
    """The `handouts` console command (pip installs it): `python make_handouts.py` for the
    project folder it is started in, or the one given with --root."""
    from pathlib import Path

    given = any(a == "--root" or a.startswith("--root=") for a in sys.argv[1:])
    here = Path.cwd()
    if not given and (here / "layouts" / "brand.yaml").is_file() and (here / "handouts").is_dir():
        sys.argv[1:1] = ["--root", str(here)]
    run()
