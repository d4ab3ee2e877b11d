"""A real CUPS for the printing tests: the system's scheduler with a cups-pdf printer, and
private, empty schedulers for the error cases (no printer, no default).

CI (.ci/run) installs cups and printer-driver-cups-pdf and starts cupsd; these helpers start
it too when it is not running (as root) and add the HandoutsPDF printer when it is missing,
so the tests also run on a developer's machine. Only where CUPS is not installed are the
tests skipped, and never when the CI environment variable is set.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

PRINTER = "HandoutsPDF"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
WAIT = 60.0  # seconds a printed file may take to arrive


def _cmd(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30, check=False,
                          env={**os.environ, "LC_ALL": "C", **(env or {})})


def skip_or_fail(reason: str) -> None:
    """Skip with *reason*, except in CI, where a missing print service is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must have a working CUPS: {reason}")
    pytest.skip(reason)


def require_cups_tools() -> None:
    """Skip (or fail in CI) when the CUPS programs are not installed."""
    missing = [t for t in ("lp", "lpstat", "lpadmin", "cupsd") if not _which(t)]
    if missing:
        skip_or_fail(f"CUPS is not installed here (no {', '.join(missing)})")


def _which(tool: str) -> str | None:
    return shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")


def _running(env: dict[str, str] | None = None) -> bool:
    return "scheduler is running" in _cmd("lpstat", "-r", env=env).stdout


def _wait_running(env: dict[str, str] | None = None, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _running(env):
            return True
        time.sleep(0.2)
    return False


def ensure_system_printer() -> Path:
    """The system's CUPS running with the HandoutsPDF printer; returns where it writes PDFs."""
    require_cups_tools()
    if not _running():
        if os.geteuid() != 0:
            skip_or_fail("cupsd is not running and only root can start it")
        subprocess.run([_which("cupsd") or "cupsd"], check=False, timeout=30,  # it daemonizes
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if not _wait_running():
            pytest.fail("cupsd was started but did not answer within 15 seconds")
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        skip_or_fail("the cups-pdf printer driver (printer-driver-cups-pdf) is not installed")
    if PRINTER not in _cmd("lpstat", "-e").stdout.split():
        models = _cmd(_which("lpinfo") or "lpinfo", "-m").stdout.splitlines()
        model = next((m.split()[0] for m in models if "CUPS-PDF_opt.ppd" in m),
                     next((m.split()[0] for m in models if "cups-pdf" in m.lower()), None))
        if model is None:
            pytest.fail("CUPS does not list the cups-pdf driver (lpinfo -m)")
        added = _cmd(_which("lpadmin") or "lpadmin", "-p", PRINTER, "-E", "-v", "cups-pdf:/",
                     "-m", model)
        assert added.returncode == 0, f"lpadmin failed: {added.stderr}"
    for tool in ("cupsenable", "cupsaccept"):  # a printer left paused would never print
        _cmd(_which(tool) or tool, PRINTER)
    return cups_pdf_folder()


def cups_pdf_folder() -> Path:
    """Where cups-pdf writes files printed by this user (the Out setting of cups-pdf.conf)."""
    user = pwd.getpwuid(os.geteuid())
    out = "/var/spool/cups-pdf/${USER}"
    with contextlib.suppress(OSError):
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"^\s*Out\s+(\S.*?)\s*$", line)
            if match:
                out = match.group(1)
    return Path(out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name))


def pdfs_in(folder: Path) -> set[Path]:
    """The PDF files in *folder* now."""
    return set(folder.glob("*.pdf")) if folder.is_dir() else set()


def wait_for_printed(folder: Path, before: set[Path], token: str, timeout: float = WAIT) -> Path:
    """The new PDF in *folder* whose text holds *token*, once cups-pdf has finished it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pdf in sorted(pdfs_in(folder) - before):
            with contextlib.suppress(Exception):  # still being written
                reader = PdfReader(pdf)
                if any(token in (page.extract_text() or "") for page in reader.pages):
                    return pdf
        time.sleep(0.5)
    log = Path("/var/log/cups/error_log")
    tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
    pytest.fail(f"no printed PDF holding {token!r} arrived in {folder} within {timeout:.0f} s; "
                f"CUPS error_log ends:\n{tail}")


@contextlib.contextmanager
def private_cupsd(printers: tuple[str, ...] = ()) -> Iterator[dict[str, str]]:
    """A throw-away scheduler on its own socket with the given raw printers (none by
    default); yields the environment (CUPS_SERVER) that points lp and lpstat at it."""
    require_cups_tools()
    if os.geteuid() != 0:
        skip_or_fail("a private cupsd for this test needs root")
    folder = Path(tempfile.mkdtemp(prefix="hk-cups-"))  # short: socket paths are limited
    os.chmod(folder, 0o755)
    conf = folder / "conf"
    for sub in ("conf", "spool", "cache", "state", "tmp", "log"):
        (folder / sub).mkdir()
    sock = folder / "cups.sock"
    (conf / "cupsd.conf").write_text(
        f"Listen {sock}\nLogLevel warn\nBrowsing No\n<Location />\n  Order allow,deny\n"
        "  Allow all\n</Location>\n")
    (conf / "cups-files.conf").write_text(
        f"ServerRoot {conf}\nRequestRoot {folder / 'spool'}\nCacheDir {folder / 'cache'}\n"
        f"StateDir {folder / 'state'}\nTempDir {folder / 'tmp'}\n"
        f"AccessLog {folder / 'log/access_log'}\nErrorLog {folder / 'log/error_log'}\n"
        f"PageLog {folder / 'log/page_log'}\n")
    proc = subprocess.Popen([_which("cupsd") or "cupsd", "-f", "-c", str(conf / "cupsd.conf"),
                             "-s", str(conf / "cups-files.conf")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    env = {"CUPS_SERVER": str(sock)}
    try:
        if not _wait_running(env):
            pytest.fail("a private cupsd did not start within 15 seconds")
        for name in printers:  # a raw queue to nowhere: it only has to exist
            added = _cmd(_which("lpadmin") or "lpadmin", "-p", name, "-E", "-v",
                         "ipp://127.0.0.1:9/ipp/print", env=env)
            assert added.returncode == 0, added.stderr
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
