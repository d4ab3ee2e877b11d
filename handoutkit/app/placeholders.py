"""The warning line `build`, `booklet`, `print` and `email` give while the practice's details
are still placeholders. Light on purpose: it reads brand.yaml with the safe YAML loader only,
so a build with nothing to do stays quick."""

from __future__ import annotations

from pathlib import Path


def placeholder_warning(root: Path) -> str | None:
    """The line naming what is still a placeholder in the brand (None when nothing is, or
    when the brand cannot be read: the command has said so already)."""
    from ..content.placeholders import placeholders_in, warning
    from ..content.yamlload import load_yaml_file
    from ..errors import ContentError

    try:
        loaded = load_yaml_file(root / "layouts" / "brand.yaml", "layouts/brand.yaml")
    except (ContentError, OSError):
        return None
    return warning(placeholders_in(loaded.data))
