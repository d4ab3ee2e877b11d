"""Read a project folder (handouts/, layouts/, images/) into validated objects.

Everything is read and checked before anything is built, and every problem in every file
is collected, so one run reports them all.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import ContentError, Problem, shown
from .dates import source_date
from .imagefiles import inspect, resolve
from .model import Handout
from .settings import Brand, Layout
from .templating import Client, context, render_data
from .validation import did_you_mean, validate
from .yamlload import Loaded, load_yaml_file

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


@dataclass
class Entry:
    """A handout file, loaded and validated."""

    slug: str
    file: str
    loaded: Loaded
    handout: Handout
    layout: Layout


@dataclass
class Project:
    """Brand, layouts and handouts of one root folder."""

    root: Path
    brand: Brand
    layouts: dict[str, Layout]
    entries: list[Entry] = field(default_factory=list)
    language: str = "en"  # the handouts' language: handouts/ for English, else handouts/<code>/
    broken: dict[str, list[Problem]] = field(default_factory=dict)  # slug -> its problems
    all_slugs: set[str] = field(default_factory=set)  # every handout file, read or not

    @property
    def problems(self) -> list[Problem]:
        """Every problem in every handout file, in file and line order."""
        found = [p for problems in self.broken.values() for p in problems]
        return sorted(found, key=lambda p: (p.file, p.line or 0))

    def in_large_print(self) -> Project:
        """This project with every layout in large print."""
        return replace(self, layouts={k: v.for_large_print() for k, v in self.layouts.items()},
                       entries=[replace(e, layout=e.layout.for_large_print()) for e in self.entries])

    def select(self, slugs: list[str] | None) -> list[Entry]:
        """Entries for *slugs* (all when None), in booklet order.

        Raises ContentError for unknown slugs and for problems in the chosen files; a
        mistake in a handout that was not asked for does not stop the others.
        """
        if not slugs:
            if self.broken:
                raise ContentError(self.problems)
            return list(self.entries)
        by_slug = {e.slug: e for e in self.entries}
        known = set(by_slug) | set(self.broken) | self.all_slugs
        problems = [Problem(f"handouts/{shown(s)}.yaml", None,
                            f"there is no handout '{shown(s)}'{did_you_mean(s, sorted(known))}; "
                            "run 'make_handouts.py list' to see them")
                    for s in slugs if s not in known]
        problems += [p for s in dict.fromkeys(slugs) for p in self.broken.get(s, [])]
        if problems:
            raise ContentError(problems)
        return [by_slug[s] for s in dict.fromkeys(slugs)]


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _load(model: type[BaseModel], path: Path, root: Path, problems: list[Problem]) -> Any:
    try:
        loaded = load_yaml_file(path, _rel(root, path))
        return validate(model, loaded), loaded
    except ContentError as exc:
        problems.extend(exc.problems)
        return None, None


def load_project(root: Path, *, client: Client | None = None, day: _dt.date | None = None,
                 only: list[str] | None = None, language: str = "en") -> Project:
    """Load and validate everything under *root*, with the handouts in *language*.

    With *only*, just those handouts are read (a build of one handout need not check the
    other fourteen). Problems in the brand or layouts raise ContentError at once;
    problems in handout files are kept per file in Project.broken, for select() and check.
    """
    root = root.resolve()
    problems: list[Problem] = []
    for folder in ("handouts", "layouts"):
        if not (root / folder).is_dir():
            raise ContentError.single(str(root), None, f"there is no {folder}/ folder here; "
                                      "run the command in the handouts project or use --root")
    brand_path = root / "layouts" / "brand.yaml"
    if not brand_path.is_file():
        raise ContentError.single("layouts/brand.yaml", None, "the brand file is missing; "
                                  "copy it from the project's layouts/ folder")
    brand, _ = _load(Brand, brand_path, root, problems)
    layouts: dict[str, Layout] = {}
    for path in sorted((root / "layouts").glob("*.yaml")):
        if path.name == "brand.yaml":
            continue
        layout, _ = _load(Layout, path, root, problems)
        if layout is not None:
            layouts[path.stem] = layout
    if brand is None:
        raise ContentError(problems)
    if brand.default_layout not in layouts:
        problems.append(Problem("layouts/brand.yaml", None, f"default_layout "
                                f"'{brand.default_layout}' is not a file in layouts/"
                                f"{did_you_mean(brand.default_layout, list(layouts))}"))
    logo = resolve(root, brand.logo, "layouts/brand.yaml", None)
    if isinstance(logo, Problem):
        problems.append(logo)
    elif (bad := inspect(logo, "layouts/brand.yaml", None)) is not None:
        problems.append(bad)

    folder = handouts_folder(root, language)
    if language != "en" and not folder.is_dir():
        problems.append(Problem(f"handouts/{shown(language)}", None, f"there are no handouts in "
                                f"'{shown(language)}' yet; translate some into that folder"))
    if problems:  # brand and layouts concern every handout: nothing can be built
        raise ContentError(problems)
    project = Project(root, brand.in_language(language) if language != "en" else brand, layouts,
                      language=language)
    seen_orders: dict[int, str] = {}
    paths = sorted(folder.glob("*.y*ml"))
    stems = [p.stem for p in paths if p.suffix in (".yaml", ".yml")]
    project.all_slugs = set(stems)
    for path in paths:
        if only is not None and path.stem not in only:
            continue
        if path.suffix == ".yml" and stems.count(path.stem) > 1:
            project.broken[path.stem] = [Problem(_rel(root, path), None,
                f"'{path.stem}.yaml' and '{path.name}' are the same handout; keep one of them")]
            continue
        mine: list[Problem] = []
        entry = _load_handout(project, path, client, day, mine)
        if entry is not None:
            other = seen_orders.get(entry.handout.order)
            if other:
                mine.append(Problem(entry.file, entry.loaded.line_of(("order",)),
                                    f"order {entry.handout.order} is also used by {other}; "
                                    "give each handout its own number"))
            seen_orders.setdefault(entry.handout.order, entry.file)
        if mine:
            project.broken.setdefault(path.stem, []).extend(mine)
        elif entry is not None:
            project.entries.append(entry)
    if not project.entries and not project.broken and not (only and project.all_slugs):
        raise ContentError.single("handouts", None, "there are no handout files (*.yaml) here yet")
    project.entries.sort(key=lambda e: (e.handout.order, e.slug))
    return project


def _load_handout(project: Project, path: Path, client: Client | None, day: _dt.date | None,
                  problems: list[Problem]) -> Entry | None:
    file = _rel(project.root, path)
    if path.suffix not in (".yaml", ".yml"):
        return None
    if not SLUG.match(path.stem):
        problems.append(Problem(file, None, "file names of handouts use only small letters, "
                                "digits and hyphens, like 'psoas.yaml'; rename the file"))
        return None
    try:
        loaded = load_yaml_file(path, file)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    reviewed = loaded.data.get("reviewed") if isinstance(loaded.data, dict) else None
    when = day or (reviewed if isinstance(reviewed, _dt.date) else _dt.date(2000, 1, 1))
    data, template_problems = render_data(loaded, context(project.brand, when, client))
    problems.extend(template_problems)
    rendered = Loaded(data, loaded.file, loaded.lines, loaded.block_scalars, loaded.folded,
                      loaded.source, loaded.problems)
    _check_images(project, rendered, data, (), problems)  # even if other fields are wrong
    try:
        handout = validate(Handout, rendered)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    name = handout.layout or project.brand.default_layout
    layout = project.layouts.get(name)
    if layout is None:
        problems.append(Problem(file, loaded.line_of(("layout",)),
                                f"layout '{shown(name)}' is not a file in layouts/"
                                f"{did_you_mean(name, list(project.layouts))}; use one of: "
                                f"{', '.join(sorted(project.layouts))}, or leave 'layout:' out"))
        return None
    return Entry(path.stem, file, rendered, handout, layout)


def _check_images(project: Project, loaded: Loaded, node: Any, path: tuple[Any, ...],
                  problems: list[Problem]) -> None:
    """Check every picture a block names (the 'file' of an image, the 'image' of steps)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _check_images(project, loaded, item, path + (i,), problems)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    key = {"image": "file", "steps": "image"}.get(kind) if isinstance(kind, str) else None
    name = node.get(key) if key else None
    if isinstance(name, str):
        line = loaded.line_of(path + (key,))
        found = resolve(project.root, name, loaded.file, line, project.language)
        if isinstance(found, Problem):
            problems.append(found)
        elif (bad := inspect(found, loaded.file, line)) is not None:
            problems.append(bad)
    for field_name in ("blocks", "left", "right"):
        if field_name in node:
            _check_images(project, loaded, node[field_name], path + (field_name,), problems)


def load(root: Path, language: str = "en") -> Project:
    """The project under *root* with its handouts in *language*, validated (raises
    ContentError with every problem)."""
    return load_project(root, day=source_date(), language=language)


def handouts_folder(root: Path, language: str = "en") -> Path:
    """Where a language's handout files are: handouts/, or handouts/<code>/."""
    return root / "handouts" if language == "en" else root / "handouts" / language
