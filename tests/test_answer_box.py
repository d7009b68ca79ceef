"""The answer box wraps typed text at words and its label above it (coach.ui.wrap,
coach.ui.answer_box): pure functions, and the input processor prompt_toolkit draws with."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from prompt_toolkit.document import Document
from prompt_toolkit.layout.processors import TransformationInput

from coach.ui.answer_box import _cell, label_fragments, word_wrap_processor
from coach.ui.wrap import soft_wrap, wrap_rows

TYPED = (
    "The daily batch job retrains the model every night using fresh labels from "
    "yesterday, and we monitor drift with PSI on the top twenty features."
)


def rows_of(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap_rows(text, width)]


@pytest.mark.parametrize("width", [20, 40, 60, 80, 120])
def test_rows_break_between_words_and_keep_every_word_whole(width: int) -> None:
    rows = rows_of(TYPED, width)
    assert all(len(row) <= width for row in rows)
    assert " ".join(" ".join(row.split()) for row in rows) == TYPED  # no word cut in two
    for row, after in pairwise(rows):
        # greedy: the next row's first word would not have fitted on this one
        assert len(row.rstrip() + " " + after.split()[0]) > width


def test_the_issue_s_words_are_not_cut() -> None:
    # "dail / y batch" in the 20 columns the old box left at 80 wide
    assert rows_of("Retrain the model as a daily batch job", 20) == [
        "Retrain the model as",
        "a daily batch job",
    ]
    assert rows_of("We run a daily batch job", 10) == ["We run a ", "daily ", "batch job"]


def test_a_word_longer_than_a_row_is_cut_where_rows_end() -> None:
    url = "https://example.com/" + "x" * 30
    assert rows_of(f"see {url} now", 20) == ["see " + url[:16], url[16:36], url[36:] + " now"]


def test_spaces_that_do_not_fit_are_hidden_and_the_next_word_starts_the_row() -> None:
    text = "abcd     efgh"  # five spaces after a word that fills 4 of 6 columns
    assert wrap_rows(text, 6) == [(0, 6), (9, 13)]
    layout = soft_wrap(text, 6)
    assert layout.shown == [0, 1, 2, 3, 4, 5, 9, 10, 11, 12]
    assert [layout.to_display[i] for i in (6, 7, 8)] == [6, 6, 6]  # at the next row's start
    assert layout.to_display[len(text)] == len(layout.shown)
    # typing at the end of a full row: the cursor is at the start of the next one
    assert soft_wrap("abcdef ", 6).to_display[7] == 6


def test_rows_are_padded_so_a_window_that_cuts_at_the_width_cuts_there() -> None:
    layout = soft_wrap("We run a daily batch job", 10)
    drawn = "".join(" " if i is None else "We run a daily batch job"[i] for i in layout.shown)
    assert [drawn[n : n + 10] for n in range(0, len(drawn), 10)] == [
        "We run a  ",
        "daily     ",
        "batch job",
    ]
    for source, display in enumerate(layout.to_display):
        assert layout.to_source[display] == source


def test_wide_characters_count_two_columns() -> None:
    text = "数据 漂移 监控 模型"  # each word four columns wide
    rows = [text[s:e] for s, e in wrap_rows(text, 10, _cell)]
    assert rows == ["数据 漂移 ", "监控 模型"]
    assert sum(_cell(c) for c in rows[0]) == 10


def test_random_lines_at_random_widths_keep_every_character_in_order() -> None:
    pick = random.Random(14)
    words = ["a", "of", "the", "drift", "precision", "x" * 25, "数据", "  ", "PR-AUC"]
    for _ in range(500):
        text = " ".join(pick.choice(words) for _ in range(pick.randint(0, 30)))
        width = pick.randint(1, 70)
        rows = wrap_rows(text, width, _cell)
        assert rows[0][0] == 0 and rows[-1][1] == len(text)
        for (_, end), (start, _) in pairwise(rows):
            assert text[end:start].strip(" ") == ""  # only spaces are ever hidden
        for start, end in rows:
            cells = sum(_cell(c) for c in text[start:end])
            assert cells <= width or end - start == 1
        if all(sum(map(_cell, word)) <= width for word in text.split()):
            shown = " ".join(word for s, e in rows for word in text[s:e].split())
            assert shown == " ".join(text.split())  # no word cut in two
        layout = soft_wrap(text, width, _cell)
        assert layout.to_display == sorted(layout.to_display)


def test_the_label_wraps_at_words_on_lines_of_its_own() -> None:
    label = "Your answer (end a line with ? to ask the interviewer)"
    text = "".join(part for _, part in label_fragments(label, 40))
    assert text == "› Your answer (end a line with ? to ask\n  the interviewer)\n"
    assert "".join(part for _, part in label_fragments(label, 120)).count("\n") == 1


def test_the_processor_pads_rows_and_maps_the_cursor() -> None:
    text = "We run a daily batch job"
    processor = word_wrap_processor()
    ti = TransformationInput(
        buffer_control=None,  # type: ignore[arg-type]
        document=Document(text),
        lineno=0,
        source_to_display=lambda i: i,
        fragments=[("class:answer", text)],
        width=10,
        height=5,
    )
    out = processor.apply_transformation(ti)
    assert "".join(f[1] for f in out.fragments) == "We run a  daily     batch job"
    assert out.source_to_display(text.index("daily")) == 10
    assert out.source_to_display(len(text)) == 29
    assert out.display_to_source(10) == text.index("daily")
    short = processor.apply_transformation(
        TransformationInput(None, Document("short"), 0, lambda i: i, [("", "short")], 10, 5)  # type: ignore[arg-type]
    )
    assert short.fragments == [("", "short")] and short.source_to_display(3) == 3
