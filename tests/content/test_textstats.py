"""Word counts and the Flesch-Kincaid grade used by `check`."""

from __future__ import annotations

from handoutkit.content.model import Bullets, Heading, TextBlock
from handoutkit.content.textstats import grade, syllables, word_count


def test_syllable_estimate() -> None:
    assert [syllables(w) for w in ("back", "spine", "lumbar", "vertebrae", "massage")] == [1, 1, 2, 3, 2]


def test_grade_of_a_plain_sentence_matches_the_formula() -> None:
    block = TextBlock(type="text", text="Your lumbar spine is the part of your spine in your low back.")
    # 13 words, 1 sentence, 14 syllables: 0.39*13 + 11.8*14/13 - 15.59
    assert grade([block]) == round(0.39 * 13 + 11.8 * 14 / 13 - 15.59, 1)


def test_dense_clinical_prose_reads_above_grade_eight() -> None:
    block = TextBlock(type="text", text=(
        "Degenerative intervertebral disc pathology frequently precipitates radiculopathy "
        "through posterolateral herniation compressing adjacent neurological structures."))
    assert grade([block]) > 8


def test_headings_and_labels_are_not_counted_as_sentences() -> None:
    prose = TextBlock(type="text", text="Your lumbar spine is the part of your spine in your low back.")
    assert grade([Heading(type="heading", text="Five bones"), prose]) == grade([prose])


def test_word_count_reads_every_text_field() -> None:
    blocks = [Heading(type="heading", text="Two words"),
              Bullets(type="bullets", items=["one", "**two** words"])]
    assert word_count(blocks) == 5
