"""`check`: validate everything, lay every handout out, and report what a therapist should
know, collecting every problem rather than stopping at the first.

Errors (the file cannot be built) fail the check; warnings (reading level, placeholders,
pictures without captions, unused images, hard-to-read colours) do not.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..content.exercises import library
from ..content.project import Entry, Project, load
from ..content.textstats import ease, grade, word_count
from ..errors import ContentError, HandoutError, Problem
from ..layout.fitting import fit_all
from .advice import brand_warnings, described, picture_warnings, unused_images

GRADE_LIMIT = 8.0
EASE_LEAST = 70.0  # Fernández-Huerta: 70 or more reads "bastante fácil" (fairly easy)

@dataclass
class CheckItem:
    """Check results for one handout."""

    slug: str
    title: str
    words: int
    grade: float | None  # Flesch-Kincaid, for English
    scale: float | None  # type scale it fits at; None when it does not fit
    fullness: float | None = None  # share of the text area used at the designed size
    uneven: float | None = None  # how much longer one column is than the other (share of one)
    label: float | None = None  # the smallest picture label as printed, in points
    ease: float | None = None  # Fernández-Huerta reading ease, for Spanish
    pictures: int = 0  # pictures on the page (the logo aside)
    described: int = 0  # of them, those whose alt text says what they show (a screen
    # reader reads it; a picture with none is an error before this, in validation)

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


def check(root: Path, language: str = "en") -> CheckReport:
    """Validate everything and lay every handout in *language* out, collecting all problems;
    a translation is also compared with its English source.

    How each handout fits is remembered in the output folder's build record with the key
    of its inputs, so checking again after editing one file lays out only that one (and an
    unchanged set loads no PDF library at all).
    """
    from ..press.cache import Inputs, Manifest

    report = CheckReport()
    try:
        project = load(root, language)
    except ContentError as exc:
        report.errors = exc.problems
        return report
    report.errors.extend(project.problems)
    report.errors.extend(library(project).problems)  # two exercises with one id
    report.warnings.extend(brand_warnings(project.root, project.brand))
    if language != "en":
        _compare(project, report)
    inputs, out = Inputs(project.root, language), project.root / "out"
    manifest = Manifest(out)
    learned: dict[str, tuple[str, dict[str, Any]]] = {}
    prefix = "check:" if language == "en" else f"check:{language}:"
    for e in project.entries:
        key = (inputs.handout(e.slug) or ("", 0))[0]
        known = manifest.known(prefix + e.slug, key) if key else None
        if known is not None:
            scale, facts = known.scale, {"fullness": known.fullness, "uneven": known.uneven,
                                         "label": known.label}
        else:
            scale, facts = _measure(project, e, report)
            if key and scale is not None:
                learned[prefix + e.slug] = (key, {"scale": scale, **facts})
        item = _item(e, language, scale, facts, report)
        item.pictures, item.described = described(e)
        report.items.append(item)
        report.warnings.extend(picture_warnings(e))
    report.warnings.extend(unused_images(project))
    if learned:
        _remember(out, learned)
    return report


def _item(e: Entry, language: str, scale: float | None, facts: dict[str, Any],
          report: CheckReport) -> CheckItem:
    """The facts of one handout, and a warning when it reads harder than it should."""
    if language == "en":
        g = grade(e.handout.blocks)
        if g > GRADE_LIMIT:
            report.warnings.append(Problem(e.file, None, f"reads at grade {g:.1f}; aim for 8 or "
                                           "lower with shorter sentences and everyday words"))
        return CheckItem(e.slug, e.handout.title, word_count(e.handout.blocks), g, scale, **facts)
    score = ease(e.handout.blocks)
    if score < EASE_LEAST:
        report.warnings.append(Problem(e.file, None, f"reading ease {score:.0f} (Fernández-Huerta); "
                                       f"aim for {EASE_LEAST:.0f} or more ('bastante fácil') with "
                                       "shorter sentences and everyday words"))
    return CheckItem(e.slug, e.handout.title, word_count(e.handout.blocks), None, scale, **facts,
                     ease=score)


def _compare(project: Project, report: CheckReport) -> None:
    """Each translation against its English source (errors and warnings into *report*)."""
    from .translation import translation_report

    try:
        english = load(project.root)
    except ContentError as exc:
        report.errors.extend(exc.problems)
        return
    errors, warnings = translation_report(english, project)
    report.errors.extend(errors)
    report.warnings.extend(warnings)


def _remember(out: Path, learned: dict[str, tuple[str, dict[str, Any]]]) -> None:
    """Add check's measurements to the build record (a read-only folder just goes without)."""
    from ..press.cache import MANIFEST, Manifest
    from ..press.outputs import locked, write_atomic

    with contextlib.suppress(HandoutError), locked(out):
        manifest = Manifest(out)  # re-read under the lock, as a build does
        for request, (key, facts) in learned.items():
            manifest.remember(request, key, **facts)
        write_atomic(out / MANIFEST, manifest.data())


def _measure(project: Project, e: Entry,
             report: CheckReport) -> tuple[float | None, dict[str, float | None]]:
    """Fit one handout (one at a time, so one that does not fit hides no other); measure
    how full its page is at the designed size, how even its columns are as laid out, and
    its smallest picture label as printed."""
    from ..layout.labels import smallest_label
    from ..layout.measure import fullness
    from ..layout.render import Source, columns

    scale: float | None = None
    facts: dict[str, float | None] = {"fullness": None, "uneven": None, "label": None}
    try:
        fitted = fit_all(project, [e])[0]
        scale = fitted.theme.scale
        laid = columns(fitted)
        facts["uneven"] = round(laid.unevenness, 4) if len(laid.heights) > 1 else None
        facts["label"] = smallest_label(fitted)
    except ContentError as exc:
        report.errors.extend(exc.problems)
    with contextlib.suppress(HandoutError):  # e.g. a missing glyph, reported by fitting
        facts["fullness"] = fullness(Source(e.slug, e.file, e.handout, e.layout), project.brand,
                                     project.root).fraction
    return scale, facts
