"""`check`: validate everything, lay every handout out, and report what a therapist should
know, collecting every problem rather than stopping at the first.

Errors (the file cannot be built) fail the check; warnings (reading level, placeholders,
pictures without captions, unused images, hard-to-read colours) do not.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..content.imagefiles import SUFFIXES
from ..content.model import Columns, Image, Steps
from ..content.project import Entry, Project, load
from ..content.settings import Brand
from ..content.textstats import grade, word_count
from ..content.yamlload import Loaded, load_yaml_file
from ..errors import ContentError, HandoutError, Problem
from ..layout.fitting import fit_all

GRADE_LIMIT = 8.0
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


@dataclass
class CheckItem:
    """Check results for one handout."""

    slug: str
    title: str
    words: int
    grade: float
    scale: float | None  # type scale it fits at; None when it does not fit
    fullness: float | None = None  # share of the text area used at the designed size

    @property
    def shrunk(self) -> bool:
        """True when the type had to be made smaller than designed to fit one page."""
        return self.scale is not None and self.scale < 0.999


@dataclass
class CheckReport:
    """Everything `check` found: per-handout facts, warnings and errors."""

    items: list[CheckItem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing stops a build (warnings are allowed)."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data for JSON (`check --json`)."""
        def problem(p: Problem) -> dict[str, Any]:
            return {"file": p.file, "line": p.line, "message": p.message, "text": str(p)}
        handouts = []
        for item in self.items:
            data = asdict(item)
            data["fits"] = item.scale is not None
            data["shrunk"] = item.shrunk
            if item.fullness is not None:
                data["fullness"] = round(item.fullness, 3)
            data["fullness_percent"] = None if item.fullness is None else round(item.fullness * 100)
            handouts.append(data)
        return {"ok": self.ok, "handouts": handouts,
                "warnings": [problem(p) for p in self.warnings],
                "errors": [problem(p) for p in self.errors]}


def check(root: Path) -> CheckReport:
    """Validate everything and lay every handout out, collecting all problems.

    How each handout fits is remembered in the output folder's build record with the key
    of its inputs, so checking again after editing one file lays out only that one (and an
    unchanged set loads no PDF library at all).
    """
    from ..build.cache import Inputs, Manifest

    report = CheckReport()
    try:
        project = load(root)
    except ContentError as exc:
        report.errors = exc.problems
        return report
    report.errors.extend(project.problems)
    report.warnings.extend(brand_warnings(project.root, project.brand))
    inputs, out = Inputs(project.root), project.root / "out"
    manifest = Manifest(out)
    learned: dict[str, tuple[str, dict[str, Any]]] = {}
    for e in project.entries:
        key = (inputs.handout(e.slug) or ("", 0))[0]
        known = manifest.known(f"check:{e.slug}", key) if key else None
        if known is not None:
            scale, full = known.scale, known.fullness
        else:
            scale, full = _measure(project, e, report)
            if key and scale is not None:
                learned[f"check:{e.slug}"] = (key, {"scale": scale, "fullness": full})
        g = grade(e.handout.blocks)
        report.items.append(CheckItem(e.slug, e.handout.title, word_count(e.handout.blocks), g,
                                      scale, full))
        if g > GRADE_LIMIT:
            report.warnings.append(Problem(e.file, None, f"reads at grade {g:.1f}; aim for 8 or "
                                           "lower with shorter sentences and everyday words"))
        report.warnings.extend(picture_warnings(e))
    report.warnings.extend(unused_images(project))
    if learned:
        _remember(out, learned)
    return report


def _remember(out: Path, learned: dict[str, tuple[str, dict[str, Any]]]) -> None:
    """Add check's measurements to the build record (a read-only folder just goes without)."""
    from ..build.cache import MANIFEST, Manifest
    from ..build.outputs import locked, write_atomic

    with contextlib.suppress(HandoutError), locked(out):
        manifest = Manifest(out)  # re-read under the lock, as a build does
        for request, (key, facts) in learned.items():
            manifest.remember(request, key, **facts)
        write_atomic(out / MANIFEST, manifest.data())


def _measure(project: Project, e: Entry, report: CheckReport) -> tuple[float | None, float | None]:
    """Fit one handout (one at a time, so one that does not fit hides no other) and measure
    how full its page is at the designed size."""
    from ..layout.measure import fullness
    from ..layout.render import Source

    scale: float | None = None
    full: float | None = None
    try:
        scale = fit_all(project, [e])[0].theme.scale
    except ContentError as exc:
        report.errors.extend(exc.problems)
    with contextlib.suppress(HandoutError):  # e.g. a missing glyph, reported by fitting
        full = fullness(Source(e.slug, e.file, e.handout, e.layout), project.brand,
                        project.root).fraction
    return scale, full


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

    out = [Problem("layouts/brand.yaml", line("placeholders"),
                   f"'{name}' is still a placeholder; put in the practice's real details and "
                   "remove it from 'placeholders'") for name in brand.placeholders]
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
    """Pictures in images/ that no handout and not the brand's logo use."""
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
        if path.is_file() and path.suffix.lower() in SUFFIXES and name not in used:
            out.append(Problem(f"images/{name}", None, "not used by any handout; use it in "
                               "one, or move it out of images/ if it is not needed"))
    return out
