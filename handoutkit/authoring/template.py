"""The starting file `new` writes: commented, and already a handout that builds to one page."""

from __future__ import annotations

import json
from pathlib import Path

HEAD = """\
# yaml-language-server: $schema=../schema/handout.schema.json
# A new handout. Replace the example text with your own, then run
#   python make_handouts.py check              (mistakes, reading level, how full the page is)
#   python make_handouts.py preview {slug}{pad}(a picture of the page in out/preview/)
# Lines that start with # are notes for you; they never print. Every block type is
# described in docs/format.md.
title: {title}
# subtitle: A short line under the title   (remove the # at the start to use it)
category: {category}   # anatomy, condition, muscle, self-care, story or referral
order: {order}   # its place in the booklet: a whole number no other handout uses
reviewed: {reviewed}   # the day you last checked it; printed at the foot of the page
# layout: one-column   (or two-column, the default)
blocks:
  - type: heading
    text: What it is
  - type: text
    text: |
      Write two or three short sentences here. Use **bold** for a key word.

      A blank line starts a new paragraph.
  - type: heading
    text: What you can do
  - type: bullets
    items:
      - Put one short idea on each line.
      - Keep each one to a single sentence.
  # A picture from images/ (remove the # at the start of each line to use it):
  # - type: image
  #   file: psoas.svg
  #   alt: What the picture shows, for people who cannot see it.
  #   caption: One short sentence saying what to notice.
  #   width: 0.8
"""

STEPS = """\
  - type: steps
    name: Knee to chest
    steps:
      - Lie on your back with your knees bent.
      - Hug one knee toward your chest.
      - Lower it and switch sides.
    hold: 20--30 seconds
    repeat: 2--3 times each side
    how_often: once a day
    stop_if: pain increases or you feel numbness or tingling
"""

TAIL = """\
  - type: callout
    style: tip   # tip, caution or see-your-doctor
    text: A helpful tip goes in a tinted box like this one.
"""


def _commented(text: str) -> str:
    return "".join(f"  # {line[2:]}\n" for line in text.splitlines())


def handout_text(slug: str, title: str, category: str, order: int, reviewed: str) -> str:
    """The YAML of a new handout; a self-care handout starts with an exercise block."""
    steps = STEPS if category == "self-care" else \
        "  # An exercise with numbered steps (remove the # at the start of each line):\n" \
        + _commented(STEPS)
    pad = " " * max(2, 11 - len(slug))
    return HEAD.format(slug=slug, pad=pad, title=json.dumps(title, ensure_ascii=False),
                       category=category, order=order, reviewed=reviewed) + steps + TAIL


def name_problem(slug: str, title: str) -> str | None:
    """Why *slug* or *title* cannot start a handout, or None."""
    from ..content.project import SLUG

    if not SLUG.match(slug):
        return (f"'{slug}' cannot be a handout name; use only small letters, digits and "
                "hyphens, like 'hip-stretches'")
    title = title.strip()
    if not title or len(title) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in title):
        return "the --title must be one line of 1 to 200 characters"
    return None


def next_order(folder: Path) -> int:
    """One more than the highest 'order' in the handout files (the first free one if full)."""
    from ..content.yamlload import load_yaml_file
    from ..errors import ContentError

    used: set[int] = set()
    for path in sorted(folder.glob("*.y*ml")):
        try:
            data = load_yaml_file(path, path.name).data
        except ContentError:
            continue  # check will report that file; it cannot hold a usable order anyway
        order = data.get("order") if isinstance(data, dict) else None
        if isinstance(order, int) and not isinstance(order, bool):
            used.add(order)
    candidate = max(used, default=0) + 1
    if candidate <= 999:
        return candidate
    return next((n for n in range(1, 1000) if n not in used), 999)


def new_handout(root: Path, slug: str, title: str, category: str, language: str = "en") -> Path:
    """Write handouts/SLUG.yaml (for another *language*, handouts/<language>/SLUG.yaml) from
    the starting file and return its path. A bad name is a UsageError; a missing folder, an
    existing file or a failed write an OutputError. An existing file is never overwritten."""
    import datetime as _dt

    from ..content.dates import source_date
    from ..errors import OutputError, UsageError, show_path

    problem = name_problem(slug, title)
    if problem:
        raise UsageError(problem)
    folder = root / "handouts" if language == "en" else root / "handouts" / language
    if not folder.is_dir():
        raise OutputError(f"{show_path(folder)}: there is no handouts/ folder here; run the "
                          "command in the handouts project or use --root")
    taken = "already exists; choose another name, or edit that file"
    existing = [p for p in (folder / f"{slug}.yaml", folder / f"{slug}.yml") if p.exists()]
    if existing:
        raise OutputError(f"{show_path(existing[0])} {taken}")
    target = folder / f"{slug}.yaml"
    reviewed = (source_date() or _dt.date.today()).isoformat()
    text = handout_text(slug, title.strip(), category, next_order(folder), reviewed)
    if language != "en":  # one folder deeper: the editor's schema is one more step up
        text = text.replace("$schema=../schema/", "$schema=../../schema/", 1)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as fh:  # never overwrites
            fh.write(text)
    except FileExistsError:
        raise OutputError(f"{show_path(target)} {taken}") from None
    except OSError as exc:
        raise OutputError(f"{show_path(target)}: cannot be written ({exc.strerror})") from None
    return target
