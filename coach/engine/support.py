"""How many content words a sentence has beyond the terms that matched in it."""

from __future__ import annotations

from coach.engine.patterns import Hit
from coach.engine.text import Sentence
from coach.engine.tokens import Token
from coach.engine.words import RELATION_WORDS, STOPWORDS

__all__ = ["SupportWords"]

_MEMO_LIMIT = 200_000  # word forms remembered


class SupportWords:
    """Content words outside the matched terms, less the padding: what makes a
    sentence a statement.

    Whether a word form counts is decided once per form, so a sentence's count
    is one C-level pass (sum over a map) and a look at its matched words.
    """

    def __init__(self, filler: frozenset[str]) -> None:
        self.filler = filler
        self.forms: dict[str, int] = {}  # word form -> 1 content, 0 nothing, -1 padding

    def outside(self, sentence: Sentence, hits: list[Hit]) -> int:
        counts = self.forms
        try:
            total = sum(map(counts.__getitem__, sentence.forms))
        except KeyError:
            if len(counts) > _MEMO_LIMIT:  # bounded: start over rather than grow
                counts.clear()
            for form, tok in zip(sentence.forms, sentence.tokens, strict=True):
                counts[form] = self._counts(tok)
            total = sum(map(counts.__getitem__, sentence.forms))
        matched: set[int] = set()
        for hit in hits:
            matched.update(range(hit.start, hit.end))
        inside = sum(counts[sentence.forms[i]] for i in matched)
        return total - inside + (1 if sentence.quantities else 0)

    def _counts(self, tok: Token) -> int:
        """1 for a content word, 0 for a function word, -1 for padding: each word
        like "leverage" or "state-of-the-art" takes back one word of content."""
        if tok.stem in self.filler:
            return -1
        return int(
            (tok.lower in RELATION_WORDS or tok.lower not in STOPWORDS)
            and not tok.lower.isdigit()
            and len(tok.lower) > 1
        )
