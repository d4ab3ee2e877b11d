"""The desk's web page (a Jinja2 template; the page's script and styles are static files)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..app import editing, gallery
from ..app.handing import client_limits
from .engine import DeskDep

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch",
                  "pt": "Português", "vi": "Tiếng Việt", "zh": "中文"}

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page(request: Request, desk: DeskDep) -> HTMLResponse:
    """The desk: gallery, the client panel, history and the editor."""
    root = desk.settings.root
    langs = gallery.languages(root)
    name_max, note_max = client_limits()
    return templates.TemplateResponse(request, "desk.html", {
        "practice": gallery.practice(root) or "Handouts",
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in langs],
        "categories": editing.categories(),
        "blocks": editing.block_types(),
        "today": _dt.date.today().isoformat(),
        "name_max": name_max, "note_max": note_max,
    }, headers={"cache-control": "no-store"})


def _fields(schema: dict[str, Any], spec: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """A body's fields: (name, type in words, required), its $ref followed."""
    ref = schema.get("$ref", "")
    if ref:
        schema = spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    required = set(schema.get("required", []))

    def kind(s: dict[str, Any]) -> str:
        if "$ref" in s:
            return s["$ref"].rsplit("/", 1)[-1]
        if "anyOf" in s:
            return " or ".join(kind(x) for x in s["anyOf"])
        if s.get("type") == "array":
            return f"list of {kind(s.get('items', {}))}"
        return str(s.get("format") or s.get("type") or "any")

    return [(n, kind(s), n in required) for n, s in schema.get("properties", {}).items()]


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """The API described from its OpenAPI document (/openapi.json), drawn here: no script
    from elsewhere."""
    spec = request.app.openapi()
    routes = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            routes.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [(p["name"], p["in"], p.get("required", False))
                               for p in op.get("parameters", [])],
                "body": _fields(body.get("schema", {}), spec) if body else [],
                "responses": [(code, r.get("description", ""), sorted(r.get("content", {})))
                              for code, r in op.get("responses", {}).items()]})
    return templates.TemplateResponse(request, "api.html", {
        "title": spec.get("info", {}).get("title", "API"),
        "description": spec.get("info", {}).get("description", ""), "routes": routes})
