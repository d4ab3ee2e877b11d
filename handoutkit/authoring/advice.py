"""Advice `check` gives beside the errors: brand colours too pale to read, contact details
still placeholders, pictures without a caption or alt text, pictures nobody uses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..content.imagefiles import SUFFIXES
from ..content.model import Columns, Image, Steps
from ..content.project import Entry, Project
from ..content.settings import Brand
from ..content.words import LANGUAGE
from ..content.yamlload import Loaded, load_yaml_file
from ..errors import ContentError, Problem

CONTRAST_AA = 4.5  # WCAG 2 AA for normal-size text
WHITE = "#FFFFFF"
# (text colour, background colour, where the brand uses it); names are fields of Colours
TEXT_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("text", "white", "body text"),
    ("primary", "white", "titles and headings"),
    ("muted", "white", "captions, subtitles and the footer"),
    ("accent", "white", "'stop if' lines"),
    ("white", "primary", "the practice name in the header band and facts titles"),
    ("text", "tint", "text in tips, stories and facts rows"),
    ("primary", "tint", "titles in tips and stories"),
    ("text", "caution", "text in caution boxes"),
    ("accent", "caution", "titles of caution boxes"),
    ("text", "doctor", "text in see-your-doctor boxes"),
    ("accent", "doctor", "titles of see-your-doctor boxes"),
)


# -- brand ----------------------------------------------------------------------------------


def _brand_lines(root: Path) -> Loaded | None:
    try:
        return load_yaml_file(root / "layouts" / "brand.yaml", "layouts/brand.yaml")
    except ContentError:
        return None


def brand_warnings(root: Path, brand: Brand) -> list[Problem]:
    """Placeholders still unfilled, and brand colour pairs too faint to read comfortably."""
    loaded = _brand_lines(root)

    def line(*path: str) -> int | None:
        return loaded.line_of(path) if loaded else None

    from ..content.placeholders import placeholders

    out = [Problem("layouts/brand.yaml",
                   line(*name.split(".")) if name.startswith("smtp.") else line("practice", name),
                   f"'{name}' is still a placeholder; put in the practice's real details and "
                   "remove it from 'placeholders'") for name in placeholders(brand)]
    colours = {name: getattr(brand.colours, name) for name in type(brand.colours).model_fields}
    colours["white"] = WHITE
    for fg, bg, use in TEXT_PAIRS:
        ratio = contrast(colours[fg], colours[bg])
        if ratio < CONTRAST_AA - 1e-9:
            change = f"a darker '{fg}'" if bg == "white" else f"a darker '{bg}'" if fg == "white" \
                else f"a darker '{fg}' or a lighter '{bg}'"
            out.append(Problem("layouts/brand.yaml", line("colours", fg if fg != "white" else bg),
                               f"{fg} text on {bg} ({colours[fg]} on {colours[bg]}, used for {use}) "
                               f"has contrast {ratio:.2f}:1, below the {CONTRAST_AA}:1 that small "
                               f"print needs (WCAG AA); choose {change}"))
    return out


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour (0 black to 1 white)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours, from 1.0 to 21.0."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# -- pictures -------------------------------------------------------------------------------


def _blocks(blocks: list[Any], path: tuple[Any, ...]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    for i, block in enumerate(blocks):
        yield block, path + (i,)
        if isinstance(block, Columns):
            yield from _blocks(block.left, path + (i, "left"))
            yield from _blocks(block.right, path + (i, "right"))


def picture_warnings(entry: Entry) -> list[Problem]:
    """Pictures without a caption, and exercise pictures without alt text."""
    out = []
    for block, path in _blocks(entry.handout.blocks, ("blocks",)):
        where = entry.loaded.line_of(path)
        if isinstance(block, Image):
            if not block.alt.strip() or block.alt.strip() == block.file:
                out.append(Problem(entry.file, where, f"picture '{block.file}' has no real alt "
                                   "text; say in 'alt:' what it shows, for people who cannot see it"))
            if not (block.caption or "").strip():
                out.append(Problem(entry.file, where, f"picture '{block.file}' has no caption; "
                                   "add 'caption:' with one short sentence saying what to notice"))
        elif isinstance(block, Steps) and block.image and not (block.alt or "").strip():
            out.append(Problem(entry.file, where, f"the picture of '{block.name}' has no alt text; "
                               "add 'alt:' saying what it shows, for people who cannot see it"))
    return out


def described(entry: Entry) -> tuple[int, int]:
    """How many pictures the handout has, and how many have real alt text (not empty, not
    just the file's name): what a screen reader says for each (the tagged PDF's /Alt)."""
    pictures = [(block.image if isinstance(block, Steps) else block.file, block.alt or "")
                for block, _ in _blocks(entry.handout.blocks, ("blocks",))
                if isinstance(block, Image) or (isinstance(block, Steps) and block.image)]
    return len(pictures), sum(1 for name, alt in pictures if alt.strip() and alt.strip() != name)


def _named_images(node: Any) -> Iterator[str]:
    """Image names a handout's raw data refers to (also for files that did not validate)."""
    if isinstance(node, list):
        for item in node:
            yield from _named_images(item)
    elif isinstance(node, dict):
        key = {"image": "file", "steps": "image"}.get(node.get("type"))  # type: ignore[arg-type]
        if key and isinstance(node.get(key), str):
            yield node[key]
        for name in ("blocks", "left", "right"):
            yield from _named_images(node.get(name))


def unused_images(project: Project) -> list[Problem]:
    """Pictures in images/ that no handout and not the brand's logo use (a language's copy
    in images/<code>/ counts as used when its picture is)."""
    folder = project.root / "images"
    if not folder.is_dir():
        return []
    used = {Path(project.brand.logo).as_posix()}
    for e in project.entries:
        used.update(Path(n).as_posix() for n in _named_images(e.loaded.data))
    for slug in project.broken:  # a file with a mistake still uses its pictures
        for path in (project.root / "handouts").glob(f"{slug}.y*ml"):
            try:
                data = load_yaml_file(path, path.name).data
            except ContentError:
                return []  # cannot tell what it uses: better no warning than a wrong one
            used.update(Path(n).as_posix() for n in _named_images(data))
    out = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        first, _, rest = name.partition("/")
        if LANGUAGE.match(first) and rest in used:
            continue  # a language's own copy of a picture the handouts use
        if path.is_file() and path.suffix.lower() in SUFFIXES and name not in used:
            out.append(Problem(f"images/{name}", None, "not used by any handout; use it in "
                               "one, or move it out of images/ if it is not needed"))
    return out
