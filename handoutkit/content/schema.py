"""JSON Schemas for editors, generated from the same models the loader validates with."""

from __future__ import annotations

import json
from typing import Any

from .model import Handout
from .settings import Brand, Layout

FILES = {"handout.schema.json": Handout, "brand.schema.json": Brand, "layout.schema.json": Layout}


def schemas() -> dict[str, str]:
    """File name -> JSON text of each schema (stable, so the files can be compared)."""
    out: dict[str, str] = {}
    for name, model in FILES.items():
        schema: dict[str, Any] = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[name] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out
