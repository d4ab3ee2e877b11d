"""Writing output files safely: a temporary file beside the target, then an atomic rename.

A failed or interrupted build never leaves a half-written PDF and never replaces a good one.
Temporary files are named `.NAME.RANDOM.handoutkit.tmp` (hidden, never ending in .pdf); one
left behind by a build that was killed is removed by the next build that takes the lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: renames are still atomic; builds are not serialised
    fcntl = None  # type: ignore[assignment]

from ..errors import OutputError

TEMP_SUFFIX = ".handoutkit.tmp"
LOCK_NAME = ".handoutkit.lock"
_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}" + re.escape(TEMP_SUFFIX) + "$")


def inside(folder: Path, target: Path) -> Path:
    """*target* resolved, refusing anything that would land outside *folder*."""
    try:
        folder = folder.resolve()
        resolved = target.resolve()
    except (OSError, ValueError) as exc:  # a NUL byte, a name too long, a link loop
        reason = getattr(exc, "strerror", None) or "not a possible file name"
        raise OutputError(f"{target}: cannot be written ({reason}); choose another name "
                          "with --out") from None
    if not resolved.is_relative_to(folder):
        raise OutputError(f"{target}: refusing to write outside the output folder {folder}")
    return resolved


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock, so two builds at once write their sets one after the
    other instead of interleaved (each file is whole either way)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 (held across the yield)
    except (OSError, ValueError) as exc:
        raise OutputError(_explain(folder, exc)) from None
    try:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            clean_stale_temps(folder)  # with the lock held, no other build is writing here
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* so that readers see the old file or the new one, never a part."""
    # The temporary file's name is chosen before it exists, so a Ctrl-C at any moment,
    # even between creating it and learning its descriptor, knows what to remove.
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = open_new(tmp)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, (OSError, ValueError)):
            raise OutputError(_explain(path, exc)) from None
        raise


def open_new(path: Path) -> int:
    """Create *path*, which must not exist yet, readable only by us; its descriptor."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files that a killed build left in *folder* and in the output
    folders below it (handouts/, clients/NAME/); returns what was removed.

    Only call it while holding locked(folder): then no other build is writing there.
    """
    folders = [folder, folder / "handouts"]
    try:
        clients = folder / "clients"
        folders += sorted(p for p in clients.iterdir() if p.is_dir() and not p.is_symlink()) \
            if clients.is_dir() else []
    except OSError:
        pass
    removed = []
    for where in folders:
        try:
            names = [e.name for e in os.scandir(where) if e.is_file(follow_symlinks=False)]
        except OSError:
            continue
        for name in names:
            if _TEMP.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(where / name)
                    removed.append(where / name)
    return removed


def _sync_folder(folder: Path) -> None:
    """Make a rename in *folder* survive a power cut (where the system allows it)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _explain(path: Path, exc: OSError | ValueError) -> str:
    if isinstance(exc, ValueError):
        return f"{path}: cannot be written (not a possible file name); choose another with --out"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}: cannot write here (the folder is read-only or not yours); choose another with --out"
    if exc.errno == errno.ENOSPC:
        return f"{path}: the disk is full; free some space and build again"
    return f"{path}: cannot be written ({exc.strerror}); choose another place with --out"
