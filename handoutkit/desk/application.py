"""The desk put together: FastAPI with its routes, static files and error answers, inside
the guard that every request passes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import api_blocks, api_deliver, api_edit, api_handouts, api_images, api_versions, pages, problems
from .api_mail import router as mail_router  # the Practice view's Email section (issue 18)
from .api_practice import router as practice_router  # the Practice view (issue 18)
from .api_program import router as program_routes  # home programs
from .engine import Desk, Engine, warm_up
from .guard import Guard
from .pages import HERE
from .settings import Settings


def create_app(settings: Settings, *, warm: bool = True) -> Any:
    """The desk as an ASGI application (FastAPI inside the guard). With *warm*, every
    plain handout and thumbnail is built in the background once it starts."""
    engine = Engine()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(warm_up(engine, settings)) if warm else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            engine.close()

    app = FastAPI(title="Handout desk", version="1", lifespan=lifespan, docs_url=None,
                  redoc_url=None,
                  description="The handout desk's JSON API: every request sends the token as "
                              "`Authorization: Bearer TOKEN`; every error answers "
                              '`{"problems": [{"file", "line", "message"}]}`.')
    app.state.desk = Desk(settings, engine)
    problems.install(app)
    app.include_router(pages.router)
    app.include_router(api_handouts.router)
    app.include_router(api_deliver.router)
    app.include_router(api_edit.router)
    app.include_router(program_routes)  # home programs: the library, a client's own page
    app.include_router(api_images.router)  # pictures and versions (issue 19)
    app.include_router(api_versions.router)
    app.include_router(api_blocks.router)
    # -- the Practice view and email setup (issue 18) --
    app.include_router(practice_router)
    app.include_router(mail_router)
    # -- end of the Practice view --
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return Guard(app, settings)
