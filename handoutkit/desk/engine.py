"""The one thread every build and render runs on, and the warm-up that fills its caches.

ReportLab and the layout caches keep process-wide state, so the desk never lays out two
pages at once: every call that builds, draws or checks a handout goes through `Engine.run`,
which queues it on a single worker thread and waits without holding up the server. The
fonts, pictures and parsed files that thread loads stay in memory for the next request.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from ..app import gallery
from ..errors import HandoutError
from .settings import Settings

T = TypeVar("T")


class Engine:
    """A queue of renders, done one at a time on one thread."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="handout-render")

    async def run(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """Run fn(*args, **kwargs) on the render thread and return what it returns."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        """Stop taking work; what is queued and not started is dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class Desk:
    """One running desk: what it knows and the thread it renders on."""

    settings: Settings
    engine: Engine


def current(request: Request) -> Desk:
    """The desk a request came to (a FastAPI dependency)."""
    return request.app.state.desk  # type: ignore[no-any-return]


async def warm_up(engine: Engine, settings: Settings) -> None:
    """Build every plain handout and its thumbnail, one at a time, so the first visitor
    finds them ready; requests that arrive meanwhile take their turn between them."""
    root, out = settings.root, settings.out
    try:
        for lang in gallery.languages(root):
            items = await engine.run(gallery.catalogue, root, lang)
            for item in items:
                if not item.problems:
                    await engine.run(gallery.warm, root, out, item.slug, lang)
    except HandoutError as exc:  # the page will show it; the desk keeps going
        settings.say(f"desk: could not prepare the handouts yet: {str(exc).splitlines()[0]}")
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a bug must not stop the desk; say it in one line
        settings.say(f"desk: preparing the handouts stopped ({type(exc).__name__}: {exc}); "
                     "please report it")


DeskDep = Annotated[Desk, Depends(current)]  # a route's parameter: the desk it came to
