"""Run-on sentences are cut where the writer paused, and real sentences stay whole."""

from __future__ import annotations

from coach.engine.long_sentences import MAX_WORDS, split_long
from coach.engine.text import parse_document


def pieces(text: str) -> list[str]:
    return [text[a:b] for a, b in split_long(text, 0, len(text))]


def test_a_sentence_of_ordinary_length_is_one_piece() -> None:
    sentence = "We retrain the ranker daily on the last 30 days of impressions, " * 3
    assert pieces(sentence) == [sentence]


def test_a_run_on_is_cut_at_line_breaks_first() -> None:
    lines = [f"line {n} says something about the model and the data" for n in range(60)]
    text = "\n".join(lines)
    cut = pieces(text)
    assert len(cut) > 1
    assert all(len(p.split()) <= MAX_WORDS for p in cut)
    assert all(p.startswith("line ") for p in cut)  # each piece starts at a line's start
    assert " ".join(" ".join(cut).split()) == " ".join(text.split())  # no word lost


def test_without_pauses_it_is_cut_between_words() -> None:
    text = " ".join(f"w{n}" for n in range(5 * MAX_WORDS + 7))
    cut = pieces(text)
    assert [len(p.split()) for p in cut] == [MAX_WORDS] * 5 + [7]


def test_a_semicolon_is_preferred_to_a_comma() -> None:
    half = " ".join(["word"] * (MAX_WORDS * 3 // 4))
    text = f"{half}, more words here; {half} {half}"
    first = pieces(text)[0]
    assert first.endswith("here;")


def test_a_megabyte_without_punctuation_is_many_sentences() -> None:
    text = "\n".join(["the feed ranks videos by expected watch time for each user"] * 20_000)
    sentences = parse_document(text).sentences
    assert len(sentences) > 20_000 * 11 // MAX_WORDS - 5
    assert max(len(s.text.split()) for s in sentences) <= MAX_WORDS


def test_words_apart_by_tabs_or_no_break_spaces_are_cut_too() -> None:
    for gap in ("\t", "\u00a0"):
        text = gap.join(f"w{n}" for n in range(3 * MAX_WORDS))
        assert [len(p.split()) for p in pieces(text)] == [MAX_WORDS] * 3
