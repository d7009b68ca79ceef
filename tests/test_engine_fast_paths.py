"""Each shortcut the engine takes for speed agrees with the plain definition it skips.

The fast paths (benchmarks/engine.py) rule work out with cheap tests: a set
operation instead of a walk over the words, a substring search instead of a
regex, a bound instead of a split. Each must only ever skip work whose answer
is known; these tests hold each one against the slow definition.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.content.library import Library, load_library
from coach.engine import blocks, deferral, grade_text, negation, quantities, termlists, text, tokens
from coach.engine import patterns as patterns_module
from coach.engine.compiled import compiled_for
from coach.engine.patterns import PhraseIndex, compile_phrase, compiled_regex, digit_first
from coach.engine.regexneeds import DIGIT, Candidates, needs_of
from coach.engine.report_json import report_to_dict
from coach.engine.text import parse_document
from coach.engine.tokens import tokens_of

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIBRARY: Library = load_library(include_user=False, use_cache=False)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text rich in what the scans look for: digits, signs, units, list separators,
# negating words, "and"/"or", and some non-ASCII letters with case quirks.
PIECES = st.sampled_from(
    [
        *"0123456789 ,;/|+&.$~<>≤≥%-",
        " and ",
        " or ",
        " AND ",
        "p99",
        "P50",
        "ms",
        "k",
        "M",
        "QPS",
        "users",
        "millions of ",
        "a few thousand",
        "tens of",
        "not ",
        "don't ",
        "rather than ",
        "instead of ",
        "out of scope",
        "unnecessary",
        "is not needed",
        "ſ",
        "K",
        "İ",
        "A/B",
    ]
)
scan_text = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)
# Sentences of words that steer negation: openers, what ends a clause, fillers.
NEGATION_WORDS = st.sampled_from(
    [
        *"no not never without don't won't isn't rather than instead of out scope".split(),
        *"unnecessary overkill needed required worth only just but which so".split(),
        *"we monitor drift retrain the model daily data users".split(),
        ",",
        ";",
        " -",
        "(",
    ]
)
negation_text = st.lists(NEGATION_WORDS, max_size=25).map(" ".join)


def learned_forms(sample: str) -> list[str]:
    forms = tokens.TOKEN.findall(sample)
    tokens_of(forms)  # the form sets the scans consult are filled as words are learned
    return forms


@SETTINGS
@given(scan_text)
def test_quantities_counted_from_their_starts_equal_a_full_scan(sample: str) -> None:
    forms = learned_forms(sample)
    if not quantities.DIGIT_FORMS.isdisjoint(forms):  # the only case that takes the shortcut
        full_scan = len(quantities._QUANTITY.findall(sample))
        assert quantities._count_from_starts(sample, forms) == full_scan


LIST_WORDS = st.sampled_from(["data", "model", "A/B", "don't", "x_y", "99", "and", "or", "p99"])
SEPARATORS = st.sampled_from([", ", "; ", " and ", " or ", " / ", " & ", " + ", " | ", ","])
phrase_of = st.lists(LIST_WORDS, min_size=0, max_size=5).map(" ".join)
# Lead-in, then parts between separators: real lists of terms, near misses and prose.
list_like = st.builds(
    lambda lead, parts, seps: (
        lead + "".join(sep + part for sep, part in zip(seps, parts, strict=False))
    ),
    phrase_of,
    st.lists(phrase_of, max_size=8),
    st.lists(SEPARATORS, min_size=8, max_size=8),
)


@SETTINGS
@given(st.one_of(list_like, scan_text))
def test_a_text_ruled_too_long_for_a_list_is_never_a_list(sample: str) -> None:
    forms = learned_forms(sample)
    if termlists._too_long_for_a_list(sample, tokens_of(forms)):
        assert not termlists._splits_into_terms(sample)


@SETTINGS
@given(st.one_of(negation_text, scan_text))
def test_negation_scanned_from_its_triggers_equals_a_scan_of_every_word(sample: str) -> None:
    forms = learned_forms(sample)
    words = tokens_of(forms)
    spans = tokens.token_spans(sample)
    triggers = [i for i, form in enumerate(forms) if form in negation.NEGATING_FORMS]
    assert negation.negated_tokens(words, spans, sample, triggers) == negation.negated_tokens(
        words, spans, sample
    )


def _rubric_regexes() -> list[re.Pattern[str]]:
    return [compiled_regex(p) for p in _written_patterns()]


def _written_patterns() -> list[str]:
    """Every `re:` pattern of the shipped rubric, as written."""
    sources = {
        phrase
        for item in LIBRARY.items.values()
        for signal in item.match
        for phrase in (*signal.any, *signal.near)
    }
    sources |= {
        m
        for rule in LIBRARY.rubric.rules
        for cond in (rule.trigger, rule.require, rule.unless)
        if cond is not None
        for m in cond.mentions
    }
    patterns = [compile_phrase(s).regex for s in sorted(sources) if s.startswith("re:")]
    return [p for p in patterns if p is not None]


REGEXES = _rubric_regexes()


@pytest.mark.parametrize("regex", REGEXES, ids=lambda r: r.pattern[:40])
def test_a_sentence_holding_a_match_is_always_a_candidate(regex: re.Pattern[str]) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.from_regex(regex), st.text(max_size=8), st.text(max_size=8))
    def check(match: str, before: str, after: str) -> None:
        sentence = f"{before} {match} {after}"
        if not regex.search(sentence):
            return  # the context changed what matches (a \b at the edge)
        has_digit = bool(re.search(r"\d", sentence))
        assert Candidates(["no match here", sentence], [False, has_digit]).matching(
            needs_of(regex)
        ) == [1]

    check()


DIGIT_FIRST = [p for p in (r.pattern for r in REGEXES) if p.startswith(r"\d(?<!")]


def test_the_rubric_has_patterns_that_start_with_a_digit() -> None:
    assert len(DIGIT_FIRST) >= 3  # else the test below checks nothing


@pytest.mark.parametrize("rewritten", DIGIT_FIRST, ids=lambda p: p[:40])
def test_digit_first_finds_what_the_pattern_as_written_finds(rewritten: str) -> None:
    written = re.compile(next(s for s in _written_patterns() if digit_first(s) == rewritten), re.I)
    fast = re.compile(rewritten, re.I)

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.from_regex(written), st.text(max_size=6), st.text(max_size=6))
    def check(match: str, before: str, after: str) -> None:
        for sentence in (f"{before}{match}{after}", f"{before} {match} {after}", match):
            assert [m.span() for m in written.finditer(sentence)] == [
                m.span() for m in fast.finditer(sentence)
            ]

    check()


@pytest.mark.parametrize(
    ("written", "rewritten"),
    [
        (r"\b\d+ms", r"\d(?<!\w\d)\d*ms"),
        (r"\b\d[\d,.]*", r"\d(?<!\w\d)[\d,.]*"),
        (r"\b\d*x", r"\b\d*x"),  # may match no digit at all: left as written
        (r"\b\d{2}", r"\b\d{2}"),
        (r"\bp99", r"\bp99"),
    ],
)
def test_digit_first_rewrites_only_a_leading_digit(written: str, rewritten: str) -> None:
    assert digit_first(written) == rewritten


def test_needs_are_read_in_full_from_the_parse_tree() -> None:
    ms = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|msec|milliseconds?)\b", re.I)
    assert needs_of(ms) == (DIGIT, frozenset({"ms", "msec", "millisecond"}))
    p99 = re.compile(r"\bp(?:50|90|95|99|999)\b", re.I)
    assert needs_of(p99)[0] == frozenset({"p50", "p90", "p95", "p99", "p999"})
    # a cased non-ASCII letter matches an ASCII one case-insensitively: no text need
    assert needs_of(re.compile("ſcale", re.I)) == ()
    assert needs_of(re.compile(r"≤\s?\d", re.I)) == (frozenset({"≤"}), DIGIT)
    assert needs_of(re.compile(r"(?:a|\w)z?")) == ()  # a branch with no text: no need


def test_candidates_keep_non_ascii_sentences_for_a_text_need() -> None:
    scale = re.compile(r"\bscale\b", re.I)
    texts = ["we ſcale out", "no", "SCALE it"]
    assert Candidates(texts, [False, False, False]).matching(needs_of(scale)) == [0, 2]
    assert [bool(scale.search(t)) for t in texts] == [True, False, True]


def test_near_keys_asked_one_by_one_equal_the_unnegated_hits() -> None:
    compiled = compiled_for(LIBRARY)
    for qid in ("video-recommendations", "realtime-payment-fraud"):
        matcher = compiled.matcher(LIBRARY.items_for(LIBRARY.questions[qid]))
        keys = {key for starts in _all_keys(matcher.near) for key in starts}
        for path in sorted((FIXTURES / "answers").glob("*.md")):
            for sentence in parse_document(path.read_text(encoding="utf-8")).sentences:
                expected = {
                    hit.key
                    for hit in matcher.near.hits(sentence)
                    if sentence.negated.isdisjoint(range(hit.start, hit.end))
                }
                assert matcher.near.keys_in(sentence, keys) == expected, sentence.text


def _all_keys(index: PhraseIndex) -> list[set[object]]:
    groups = [*index._exact.values(), *index._prefix.values(), index._short_prefix]
    return [{key for _, key in group} for group in groups]


def test_grading_is_the_same_when_the_word_memos_overflow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bounded memos start over when full; nothing they feed may change."""
    answers = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "answers").glob("*.md"))]
    question = LIBRARY.questions["video-recommendations"]

    def reports() -> list[dict[str, object]]:
        return [report_to_dict(grade_text(a, LIBRARY, question), None) for a in answers[:8]]

    expected = reports()
    monkeypatch.setattr(tokens, "_MEMO_LIMIT", 40)
    monkeypatch.setattr(patterns_module, "_MEMO_LIMIT", 40)
    assert reports() == expected


# The sentence-end pattern as first written, with a look-behind for the mark.
_SENTENCE_END_LOOKBEHIND = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9*_`-])")


@SETTINGS
@given(st.lists(st.sampled_from([*".!?\"')] \n\tAa1*_`-([x", "e.g. ", "E.g. "]), max_size=30))
def test_sentence_ends_found_from_the_mark_equal_the_look_behind(parts: list[str]) -> None:
    sample = "".join(parts)
    expected = [(m.start(), m.end()) for m in _SENTENCE_END_LOOKBEHIND.finditer(sample)]
    assert [(m.start() + 1, m.end()) for m in text._SENTENCE_END.finditer(sample)] == expected


line_text = st.lists(
    st.sampled_from([*" \t#*_`~=-:|>1.)", "```", "~~~", "**", "__", "Data", "Model", "  "]),
    max_size=12,
).map("".join)


@SETTINGS
@given(line_text)
def test_a_line_skipped_by_a_first_character_test_never_matches_its_pattern(line: str) -> None:
    stripped = line.lstrip()
    if blocks._FENCE.match(line):
        assert stripped.startswith(("```", "~~~"))
    if blocks._ATX.match(line):
        assert stripped.startswith("#")
    if blocks._BOLD_LINE.match(line):
        assert stripped.startswith(("**", "__"))
    if blocks._LABEL_LINE.match(line):
        assert stripped.rstrip().endswith(":")
    if blocks._SETEXT.match(line):
        assert stripped.startswith(("=", "-"))


DEFERRAL_WORDS = st.sampled_from(
    "with given more extra time if i we had permits allows permitting in the future work "
    "down road a later phase version figure out it worry about deal think revisit but ; , "
    "monitor drift data".split()
)


@SETTINGS
@given(st.lists(DEFERRAL_WORDS, max_size=20).map(" ".join))
def test_a_sentence_without_a_deferral_anchor_has_no_deferral(sample: str) -> None:
    forms = learned_forms(sample)
    if deferral.DEFERRING_FORMS.isdisjoint(forms):
        spans = tokens.token_spans(sample)
        assert not deferral.deferred_tokens(tokens_of(forms), spans, sample)


def test_a_list_stays_a_list_when_the_word_memo_starts_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list test runs after parsing; it must not depend on what the memo still holds."""
    answer = "## Model\n\n- We use BERT and GNNs and XGBoost and CatBoost\n\n"
    answer += "## Notes\n\n" + " ".join(f"word{n}" for n in range(300)) + ".\n"
    expected = report_to_dict(grade_text(answer, LIBRARY), None)
    monkeypatch.setattr(tokens, "_MEMO_LIMIT", 100)
    assert report_to_dict(grade_text(answer, LIBRARY), None) == expected
    assert not any(item["covered"] for item in expected["items"] if item["id"] == "model.choice")


@given(
    st.text(alphabet="ab1' -%.,\u00e9", max_size=40),
    st.integers(min_value=0, max_value=45),
    st.integers(min_value=0, max_value=45),
)
def test_token_spans_found_by_bisection_equal_counting_from_the_start(
    raw: str, start: int, length: int
) -> None:
    """A regex match's token span, from the sentence's token bounds (found once),
    is the one that counting every token before it gives."""
    doc = parse_document(raw or "x")
    if not doc.sentences:
        return
    sentence = doc.sentences[0]
    start = min(start, len(sentence.text))
    end = min(start + length, len(sentence.text))
    bounds = patterns_module._TokenBounds(sentence.text)
    fast = patterns_module._token_span(sentence, start, end, bounds)
    assert fast == patterns_module._token_span(sentence, start, end)
