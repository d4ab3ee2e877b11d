"""Printing through the system's print service, CUPS, with its own `lp` and `lpstat`.

Commands are run without a shell, with a time limit, in the C locale (so their messages can
be read). Every failure becomes one DeliveryError line that says what to do. The job title is
given explicitly and the file is sent on standard input, so a client's name in a file name
never reaches the print queue or CUPS's job records.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..content.validation import did_you_mean
from ..errors import DeliveryError, DeliveryRequestError

TIMEOUT = 30  # seconds for one lp or lpstat call
MAX_COPIES = 99
_NO_CUPS = ("printing needs CUPS (the 'lp' command), which is not installed here; install it "
            "(Debian/Ubuntu: sudo apt install cups) or open the PDFs in out/ and print them from a "
            "PDF viewer")
_NOT_RUNNING = ("the print service (CUPS) is not running; start it (for example: sudo systemctl "
                "start cups) and try again")
_REQUEST = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class Job:
    """One file sent to a printer."""

    file: Path
    title: str
    job_id: str


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run a CUPS command (with *data* on its standard input); raises DeliveryError when
    CUPS is missing or hangs."""
    exe = shutil.which(args[0])
    if exe is None:
        raise DeliveryError(_NO_CUPS)
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        done = subprocess.run([exe, *args[1:]], capture_output=True, env=env, timeout=TIMEOUT,
                              check=False, input=data if data is not None else b"")
        return subprocess.CompletedProcess(done.args, done.returncode,
                                           done.stdout.decode(errors="replace"),
                                           done.stderr.decode(errors="replace"))
    except subprocess.TimeoutExpired:
        raise DeliveryError(f"the print service did not answer within {TIMEOUT} seconds; "
                            "check that CUPS is running and try again") from None
    except OSError as exc:
        raise DeliveryError(f"could not run {args[0]} ({exc.strerror}); check the CUPS "
                            "installation") from None


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return re.sub(r"^(lp|lpstat): ", "", line)
    return "no reason given"


def _not_running(text: str) -> bool:
    low = text.lower()
    return "scheduler is not running" in low or "unable to connect" in low or \
        "connection refused" in low


def printers() -> list[str]:
    """The names of the printers CUPS knows, sorted (empty when none is set up)."""
    running = _run(["lpstat", "-r"])  # lpstat -e alone says nothing when CUPS is down
    if "scheduler is running" not in running.stdout.lower():
        raise DeliveryError(_NOT_RUNNING)
    done = _run(["lpstat", "-e"])
    out = done.stdout + done.stderr
    if done.returncode != 0 and "no destinations" not in out.lower():
        raise DeliveryError(f"could not list the printers: {_first_line(out)}")
    return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})


def default_printer() -> str | None:
    """The default printer (LPDEST, PRINTER, the user's or the system's), or None."""
    done = _run(["lpstat", "-d"])
    if _not_running(done.stdout + done.stderr):
        raise DeliveryError(_NOT_RUNNING)
    match = re.search(r"destination: (\S+)", done.stdout)
    return match.group(1) if match else None


def choose_printer(name: str | None) -> str:
    """The printer to use: *name* when it exists, else the default one.

    Raises DeliveryError, listing the printers there are, when no printer is set up, there
    is no default and none was named, or *name* is not one of them.
    """
    known = printers()
    if not known:
        raise DeliveryError("no printer is set up; add one in the system's printer settings "
                            "(or with lpadmin) and try again")
    listed = ", ".join(known)
    if name is None:
        name = default_printer()
        if name is None:
            raise DeliveryError(f"there is no default printer; choose one with --printer "
                                f"(printers: {listed})")
        if name not in known:
            raise DeliveryError(f"the default printer '{name}' does not exist; choose one with "
                                f"--printer (printers: {listed})")
        return name
    if name not in known:
        raise DeliveryRequestError(f"there is no printer '{name}'{did_you_mean(name, known)}; "
                            f"printers: {listed}")
    return name


def send(files: list[tuple[Path, str]], printer: str, copies: int = 1) -> list[Job]:
    """Send each (file, job title) to *printer*, *copies* times; returns the queued jobs.

    The job title is what the print queue shows, so pass one without a client's name.
    """
    if not 1 <= copies <= MAX_COPIES:
        raise DeliveryRequestError(f"--copies must be between 1 and {MAX_COPIES}")
    jobs: list[Job] = []
    for file, title in files:
        path = Path(file).resolve()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DeliveryError(f"{path}: cannot be read to print ({exc.strerror})") from None
        clean_title = re.sub(r"[\x00-\x1f\x7f]+", " ", title).strip() or "Handout"
        # The file goes on standard input: given as an argument, lp would tell CUPS its
        # name, which holds the client's name, and CUPS keeps it in its job records.
        done = _run(["lp", "-d", printer, "-n", str(copies), "-t", clean_title[:200]], data)
        out = done.stdout + done.stderr
        if done.returncode != 0:
            if _not_running(out):
                raise DeliveryError(_NOT_RUNNING)
            raise DeliveryError(f"printer '{printer}' did not take '{clean_title}': "
                                f"{_first_line(out)}")
        match = _REQUEST.search(done.stdout)
        jobs.append(Job(path, clean_title, match.group(1) if match else "?"))
    return jobs
