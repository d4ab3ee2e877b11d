"""The record of a running desk, as Jupyter keeps one: a small file under the output folder
(out/desk-running.json, readable only by its owner) with the desk's address, its process and
its token. A second start for the same project opens that desk instead of failing on a busy
port; an entry whose process is gone (or that no longer answers) is ignored and replaced."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

NAME = "desk-running.json"


@dataclass(frozen=True)
class Running:
    """A desk that runs: its address (with the token), process and project."""

    url: str
    pid: int
    token: str
    root: str


def record_path(out: Path) -> Path:
    """Where the record of the desk of output folder *out* lives."""
    return out / NAME


def write(out: Path, running: Running) -> None:
    """Record *running*, replacing any earlier entry; the file is the owner's alone (0600)
    and never half-written."""
    out.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{NAME}.", suffix=".tmp")  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(running.__dict__, fh)
        os.chmod(tmp, 0o600)
        os.replace(tmp, record_path(out))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def forget(out: Path, pid: int) -> None:
    """Remove the record when it is this process's own (a later desk's stays)."""
    found = _read(out)
    if found is not None and found.pid == pid:
        with contextlib.suppress(OSError):
            record_path(out).unlink()


def _read(out: Path) -> Running | None:
    try:
        data = json.loads(record_path(out).read_text(encoding="utf-8"))
        return Running(str(data["url"]), int(data["pid"]), str(data["token"]), str(data["root"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end a process on Windows: the address decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _answers(found: Running) -> bool:
    """Whether the desk at the recorded address answers to the recorded token."""
    parts = urlsplit(found.url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=3)
    try:
        conn.request("GET", "/static/icon.svg", headers={"Authorization": f"Bearer {found.token}"})
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def find(out: Path, root: Path) -> Running | None:
    """The desk already running for project *root* with output folder *out*, or None (no
    record, another project's, its process gone, or it does not answer)."""
    found = _read(out)
    if found is None or found.root != str(root) or not _alive(found.pid):
        return None
    return found if _answers(found) else None
