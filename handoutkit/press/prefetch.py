"""Converting the illustrations ahead, on a spare core, while the build starts up.

Converting SVG files with svglib is a third of laying the handouts out, and while the
build loads its libraries and checks the content, one process does all the work and the
other cores wait. So the build loads what converting needs (ReportLab, svglib, the
brand's fonts) and then starts a helper that converts the pictures the
handouts need and sends each drawing back (pickled, over a pipe: a hundredth of the time
it took to make). Whatever has arrived when the build is ready to lay pages out is used,
still pickled (a worker unpickles only the drawings of its own handouts); the helper is
then stopped, and anything it had not done yet is converted as before. (Waiting for the
helper instead was measured: the build's core then idles, and the whole is slower.)
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from pathlib import Path
from types import SimpleNamespace


class Prefetch:
    """A helper process converting *paths* (SVG files) for a brand with *fonts*."""

    def __init__(self, root: Path, fonts: dict[str, str], paths: list[Path], *,
                 jobs: int | None = None) -> None:
        self.process = self.pipe = None
        pictures = sys.modules.get("handoutkit.layout.pictures")  # a running process (watch) may
        if pictures is not None:  # have converted some already
            paths = [p for p in paths if not pictures.converted(p)]
        from .forking import can_fork

        if not paths or jobs == 1 or (os.cpu_count() or 1) < 2 or not can_fork():
            return
        from ..errors import ContentError
        from ..layout import fonts as brand_fonts
        from ..layout import pictures

        try:  # what converting needs, loaded once before forking: the helper, and the
            # workers forked later for any picture it has not done, share it
            brand_fonts.register(SimpleNamespace(**fonts), root)  # type: ignore[arg-type]
            pictures.load_converter()
        except ContentError:
            return  # the build reports it
        context = multiprocessing.get_context("fork")
        self.pipe, sending = context.Pipe(duplex=False)
        _widen(sending.fileno())
        self.process = context.Process(target=_convert, args=(sending, paths, os.getpid()),
                                       daemon=True)
        self.process.start()
        sending.close()

    def take(self) -> int:
        """Adopt every drawing converted so far, stop the helper; how many were taken."""
        if self.process is None or self.pipe is None:
            return 0
        from ..layout.pictures import adopt

        taken = 0
        try:
            while self.pipe.poll(0):
                key, name, pickled = pickle.loads(self.pipe.recv_bytes())
                adopt(key, name, pickled)  # unpickled where it is drawn
                taken += 1
        except (EOFError, OSError, pickle.UnpicklingError):
            pass  # the helper finished or failed: what it sent is what there is
        self.stop()
        return taken

    def stop(self) -> None:
        """End the helper (idempotent)."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None


def _widen(fd: int) -> None:
    """Let the pipe hold all the drawings (about 15 KB each): the build reads them only
    when it is ready, and a full pipe would stop the helper (which is harmless, just less
    help). Linux only; elsewhere the pipe keeps its size."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


def _convert(pipe: object, paths: list[Path], parent: int) -> None:
    """In the helper: each picture, checked, converted (its labels in the brand's fonts,
    registered before the helper started) and sent."""
    from .forking import die_with_parent

    die_with_parent(parent)  # and leaves Ctrl-C to the build
    try:
        from ..content.imagefiles import inspect
        from ..layout.pictures import cache_key, form_name, load_svg

        for path in paths:
            if inspect(path, path.name, None) is not None:
                continue  # the build itself reports a bad picture
            try:
                drawing = load_svg(path, path.name)
            except Exception:  # the build itself reports a bad picture
                continue
            # the drawing pickled on its own: the build unpickles it only where it is drawn
            drawn = pickle.dumps(drawing, protocol=pickle.HIGHEST_PROTOCOL)
            pipe.send_bytes(pickle.dumps((cache_key(path), form_name(drawing), drawn),  # type: ignore[attr-defined]
                                         protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # help only: the build does everything itself if need be
        pass
    finally:
        pipe.close()  # type: ignore[attr-defined]
