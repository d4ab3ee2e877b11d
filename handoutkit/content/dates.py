"""Dates: the build's own day for reproducible builds."""

from __future__ import annotations

import datetime as _dt
import os


def source_date() -> _dt.date | None:
    """The date from SOURCE_DATE_EPOCH, when set (reproducible builds)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return _dt.datetime.fromtimestamp(int(raw), tz=_dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return None
