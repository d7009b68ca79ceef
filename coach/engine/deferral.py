"""Which words of a sentence are put off to later ("with more time I'd add monitoring")
or left out ("didn't get to: how fraudsters adapt").

An idea deferred or left out is not part of the design being graded: like a
negated one it earns no checklist point and triggers no rule. A marker covers the rest of its
sentence up to a contrast ("but", "however") or a semicolon; a marker that ends
its clause ("... and alerting down the road.") covers the clause before it.
"In the future" defers only when it opens the sentence: elsewhere it is as
likely to be what a forecast predicts. "Later" defers the clause it ends ("add
monitoring later", "later, once it is stable"), not "evaluate on later weeks". A heading that defers ("With more time
I would:", "Future work") defers the section under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coach.engine.tokens import TOKEN, Token, form_set, gap_before

__all__ = ["DEFERRING_FORMS", "deferral_markers", "deferred_tokens", "defers_section"]

_MARKERS = tuple(
    tuple(marker.split())
    for marker in (
        "with more time",
        "given more time",
        "with extra time",
        "if i had more time",
        "if we had more time",
        "if i had time",
        "if time permits",
        "if time allows",
        "time permitting",
        "future work",
        "down the road",
        "in a later phase",
        "in a later version",
        "in a later iteration",
        "in later iterations",
        "in a future version",
        "in a future iteration",
        "in a future phase",
        "figure out later",
        "figure it out later",
        "figure that out later",
        "worry about later",
        "worry about that later",
        "deal with later",
        "deal with that later",
        "think about later",
        "revisit later",
        # Left out: answers often close with what they did not reach.
        "didn't get to",
        "didn’t get to",
        "did not get to",
        "didn't have time",
        "didn’t have time",
        "did not have time",
        "ran out of time",
        "run out of time",
        "running out of time",
        "no time for",
        "no time to",
        "i skipped",
        "we skipped",
        "i am skipping",
        "i left out",
        "we left out",
    )
)
# Only as the first words: elsewhere "in the future" is as likely to be what a
# forecast predicts, and "not covered by the rules" is a plain negation.
_OPENING_MARKERS = tuple(
    tuple(marker.split())
    for marker in ("in the future", "in future", "not covered", "not addressed")
)
_LATER_HEADINGS = frozenset(
    [("future", word) for word in ("work", "improvements", "directions", "ideas", "extensions")]
    + [("out", "of"), ("left", "out"), ("not", "covered")]
)
# Every marker holds one of these words: a sentence without any has no deferral.
_ANCHORS = frozenset({"time", "future", "road", "later", "get", "skipped", "skipping", "out"})
_LATER_HEADING_WORDS = frozenset({"later", "skipped", "omitted"})  # a heading's only or first word
# "later" that ends its clause puts off what comes before it: at the sentence's end,
# or before one of these ("later, once the first version is stable").
_LATER_UNTIL = frozenset({"once", "when", "after", "if", "as", "maybe", "perhaps"})
_CONTRAST = frozenset({"but", "however", "although", "though", "whereas", "yet"})

# anchor word -> (marker, where the anchor sits in it), to look only around anchors
_BY_ANCHOR: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _marker in _MARKERS:
    _at = next(n for n, word in enumerate(_marker) if word in _ANCHORS)
    _BY_ANCHOR.setdefault(_marker[_at], []).append((_marker, _at))

# A sentence with none of these words has no marker.
_NEEDED = _ANCHORS | {opening[-1] for opening in _OPENING_MARKERS}
DEFERRING_FORMS = form_set(lambda token: token.lower in _NEEDED)


def deferral_markers(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """(start, end) token indexes of each deferral marker in the sentence."""
    return list(_markers([token.lower for token in tokens]))


def deferred_tokens(
    tokens: Sequence[Token],
    spans: Sequence[tuple[int, int]],
    text: str,
    markers: Iterable[tuple[int, int]] | None = None,
) -> frozenset[int]:
    """Indexes of the tokens deferred, markers included.

    `spans` are the tokens' offsets in `text`, to see a semicolon between them;
    `markers` what deferral_markers(tokens) found, when the caller has it.
    """
    words = [token.lower for token in tokens]
    out: set[int] = set()
    for start, end in _markers(words) if markers is None else markers:
        out.update(range(start, end))
        after = _scope_end(words, spans, text, end)
        if after > end and words[start:end] != ["later"]:
            out.update(range(end, after))
        else:  # the marker closes its clause: what it defers comes before it
            out.update(range(_clause_start(words, spans, text, start), start))
    return frozenset(out)


def defers_section(heading: str) -> bool:
    """Whether a heading puts what follows it off to later."""
    words = [word.lower() for word in TOKEN.findall(heading)]
    return bool(words) and (
        words[0] in _LATER_HEADING_WORDS
        or tuple(words[:2]) in _LATER_HEADINGS
        or any(True for _ in _markers(words))
    )


def _markers(words: list[str]) -> Iterable[tuple[int, int]]:
    for opening in _OPENING_MARKERS:
        if tuple(words[: len(opening)]) == opening:
            yield 0, len(opening)
    for i, word in enumerate(words):
        # "We can add monitoring later." / "set up an experiment later, once it is stable"
        if word == "later" and (i == len(words) - 1 or words[i + 1] in _LATER_UNTIL):
            yield i, i + 1
    for i, word in enumerate(words):
        for marker, at in _BY_ANCHOR.get(word, ()):
            start = i - at
            if start >= 0 and tuple(words[start : start + len(marker)]) == marker:
                yield start, start + len(marker)


def _scope_end(words: list[str], spans: Sequence[tuple[int, int]], text: str, j: int) -> int:
    """Where a forward scope that starts at token j ends (exclusive)."""
    k = j
    while (
        k < len(words)
        and words[k] not in _CONTRAST
        and not (k > j and ";" in gap_before(spans, text, k))
    ):
        k += 1
    return k


def _clause_start(words: list[str], spans: Sequence[tuple[int, int]], text: str, j: int) -> int:
    """The first token of the clause that ends just before token j."""
    while (
        j > 0 and words[j - 1] not in _CONTRAST and not {",", ";"} & set(gap_before(spans, text, j))
    ):
        j -= 1
    return j
