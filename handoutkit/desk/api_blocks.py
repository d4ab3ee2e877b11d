"""The API's block examples: what the editor inserts when a block type is clicked."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from ..app import editing
from .engine import DeskDep

router = APIRouter(prefix="/api")


@router.get("/blocks", summary="Every block type with a ready example")
async def blocks(desk: DeskDep) -> list[dict[str, Any]]:
    """Each block type, one line on what it is for, and an example of it as one item of a
    `blocks:` list written from column 0, with comments saying what to change."""
    found = await run_in_threadpool(editing.block_examples, desk.settings.root)
    return [{"type": name, "what": what, "example": text} for name, what, text in found]
