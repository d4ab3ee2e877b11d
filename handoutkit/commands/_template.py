"""The starting file `new` writes: commented, and already a handout that builds to one page."""

from __future__ import annotations

import json

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
