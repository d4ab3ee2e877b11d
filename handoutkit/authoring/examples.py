"""A ready example of each block type, as the editor inserts it at the cursor.

Each example is valid YAML for one item of a `blocks:` list (or of a `columns` cell), written
from column 0; the editor indents it to where it goes. Lines starting with # say what to
change and never print. `{file}` in the image example is replaced with a picture of the
project. Short on purpose: a new handout with one of each still fits its page.
"""

from __future__ import annotations

EXAMPLES: dict[str, str] = {
    "heading": """\
- type: heading
  # The heading's words; level 2 makes a smaller heading.
  text: A new heading
  level: 2
""",
    "text": """\
- type: text
  # Your words below the 'text: |' line; an empty line starts a new paragraph.
  # **bold** and *italic* work, and {{ client.name }} prints the client's name.
  text: |
    Write a short paragraph here.
""",
    "bullets": """\
- type: bullets
  # One point per line, each starting with '- '.
  items:
    - A first point
    - A second point
""",
    "numbered": """\
- type: numbered
  # Steps in order, one per line; the numbers are added for you.
  items:
    - Do this first
    - Then this
""",
    "image": """\
- type: image
  # A picture from the Pictures view, with words for someone who cannot see it.
  # width is a share of the column, from 0.2 to 1.0.
  file: {file}
  alt: Describe what the picture shows
  width: 0.3
""",
    "callout": """\
- type: callout
  # style is tip, caution or see-your-doctor.
  style: tip
  text: A helpful tip in a tinted box.
""",
    "steps": """\
- type: steps
  # An exercise: its name, the steps in order, how long, how often, when to stop.
  name: Name of the stretch
  steps:
    - Get into position.
    - Move slowly and breathe.
  hold: 20 seconds
  how_often: once a day
  stop_if: it hurts, or you feel numbness or tingling
""",
    "facts": """\
- type: facts
  # One row per fact: a short label and its value.
  rows:
    - label: Where
      value: Deep in the hip
""",
    "story": """\
- type: story
  # A client's story: first name only, and with their permission.
  name: Sam
  text: Write the story in two or three sentences.
""",
    "columns": """\
- type: columns
  # Two columns side by side; each holds blocks like the others here.
  left:
    - type: text
      text: Words on the left.
  right:
    - type: text
      text: Words on the right.
""",
    "qr": """\
- type: qr
  # A web address printed as a QR code; this one is your booking page from brand.yaml.
  url: "{{ practice.booking_url }}"
  label: Book online
""",
}


def example(kind: str, picture: str = "logo.svg") -> str:
    """The example of block type *kind*, the image one showing *picture*."""
    text = EXAMPLES[kind]
    return text.replace("{file}", picture) if kind == "image" else text
