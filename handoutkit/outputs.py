"""Writing output files safely: a temporary file beside the target, then an atomic rename.

A failed or interrupted build never leaves a half-written PDF and never replaces a good one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: renames are still atomic; builds are not serialised
    fcntl = None  # type: ignore[assignment]

from .errors import OutputError


def inside(folder: Path, target: Path) -> Path:
    """*target* resolved, refusing anything that would land outside *folder*."""
    folder = folder.resolve()
    resolved = target.resolve()
    if not resolved.is_relative_to(folder):
        raise OutputError(f"{target}: refusing to write outside the output folder {folder}")
    return resolved


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock, so two builds at once write their sets one after the
    other instead of interleaved (each file is whole either way)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / ".handoutkit.lock", "a+b")  # noqa: SIM115 (held across the yield)
    except OSError as exc:
        raise OutputError(_explain(folder, exc)) from None
    try:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* so that readers see the old file or the new one, never a part."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(_explain(path, exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(_explain(path, exc)) from None
        raise


def _explain(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}: cannot write here (the folder is read-only or not yours); choose another with --out"
    if exc.errno == errno.ENOSPC:
        return f"{path}: the disk is full; free some space and build again"
    return f"{path}: cannot be written ({exc.strerror})"
