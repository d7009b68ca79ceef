"""Answer text → blocks → sentences, with positions computed once.

A markdown answer is read line by line into blocks (blocks.py): fenced code, headings (ATX, setext,
a bold-only line, a short "Label:" line), table rows, list items and
paragraphs. Each block is cut into sentences; each sentence keeps its offset,
its line and column, its tokens (tokens.py), which of them sit under a
negation (negation.py), its quantities (quantities.py) and whether it is a
mere list of terms (termlists.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.common.frozen import frozen
from coach.common.regex_store import cached_regex
from coach.engine.blocks import BlockKind, read_blocks
from coach.engine.deferral import (
    DEFERRING_FORMS,
    deferral_markers,
    deferred_tokens,
    defers_section,
)
from coach.engine.long_sentences import split_long
from coach.engine.negation import NEGATING_FORMS, negated_tokens
from coach.engine.quantities import count_digits, count_quantities
from coach.engine.termlists import is_term_list
from coach.engine.tokens import TOKEN, Token, count_tokens, token_spans, tokens_of
from coach.engine.words import AGENDA_OPENINGS

__all__ = ["Document", "Sentence", "parse_document"]

OUTLINE_LINES = 6  # fewer content lines than this tell nothing about the answer's shape
_SILENT: tuple[BlockKind, ...] = ("heading", "code")  # blocks that never make a point

# --- sentences -------------------------------------------------------------

_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "incl.", "cf.", "resp.", "a.k.a.")
# As written, capitalised ("E.g. XGBoost") and in capitals, for one str.endswith.
_ABBREVIATION_FORMS = tuple(
    sorted({f(a) for a in _ABBREVIATIONS for f in (str, str.capitalize, str.upper)})
)
# The end mark, closing quotes or brackets, space, and a capital (or digit,
# or markup) next. The mark is matched, not looked behind at: a pattern that
# starts with a character class is searched for far faster.
_SENTENCE_END = cached_regex(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9*_`-])")


# Not frozen, though never changed after parsing: a frozen dataclass sets each
# field through object.__setattr__, 5 µs a sentence, a tenth of a long answer's
# parse. Identity equality: a sentence is the one at its place in its document.
@dataclass(slots=True, eq=False)
class Sentence:
    index: int
    kind: BlockKind
    phase: str | None
    text: str
    start: int
    line: int
    col: int
    tokens: tuple[Token, ...]
    forms: tuple[str, ...]  # the words as written, for set operations against word forms
    raw: str  # the sentence as written (`text` has its whitespace folded)
    # Read for prose, bullets and tables only: headings and code make no point.
    negated: frozenset[int] = frozenset()  # negated or deferred: not part of this design
    quantities: int = 0
    numbers: int = 0
    is_question: bool = False
    # The short bullet (or ":" lead-in) this line sits under and the heading above
    # it, as written; `context` reads them when a line needs them.
    above: tuple[str, str] = ("", "")
    _term_list: bool | None = field(default=None, repr=False)  # see lists_terms
    _context: str | None = field(default=None, repr=False)

    def labels_above(self) -> str:
        """The short labels this line sits under (the bullet or lead-in above it, the
        heading), three words or fewer: "Features", "Offline metrics"; lower-cased."""
        return " | ".join(
            label for label in map(_label_words, self.above) if label and label.count(" ") < 3
        )

    @property
    def context(self) -> str:
        """What the line is about when it does not say it: its own "Label:", the
        short bullet it is nested under and the heading above it, lower-cased.

        Few sentences need it (those that say too little alone), so it is worked
        out on first use."""
        if self._context is None:
            own = _OWN_LABEL.match(self.raw)
            parts = (own.group(1) if own else "", *self.above)
            self._context = " ".join(filter(None, map(_label_words, parts)))
        return self._context

    def opening(self, words: int) -> range:
        """Where the line's first words are (token indices): its own "Label:" if it has
        one ("Goal: detect fraud" opens with "Goal"), and in a diagram's line, the step
        the last arrow leads to ("A[Frame] --> B[Detect the plate]": "B Detect the")."""
        own = _OWN_LABEL.match(self.raw)
        if own:
            return range(min(words, count_tokens(own.group(1)), len(self.tokens)))
        arrow = self.raw.rfind("->")
        start = count_tokens(self.raw, 0, arrow) if arrow != -1 else 0
        return range(start, min(start + words, len(self.tokens)))

    def is_agenda(self) -> bool:
        """Whether the sentence only promises a topic ("Discuss A/B testing.")."""
        words = [token.lower for token in self.tokens[:2]]
        return (words[0],) in AGENDA_OPENINGS or tuple(words) in AGENDA_OPENINGS

    def lists_terms(self) -> bool:
        """Whether the sentence only lists terms ("bagging, boosting, variance").

        Asked only of sentences that earn something, so worked out on first use.
        """
        if self._term_list is None:
            self._term_list = is_term_list(self.raw, self.tokens)
        return self._term_list

    @property
    def words(self) -> int:
        return len(self.tokens)


@frozen
class Section:
    """The text under one heading (or before any heading)."""

    phase: str | None
    heading: str
    line: int
    words: int


@frozen
class Document:
    text: str
    sentences: tuple[Sentence, ...]
    sections: tuple[Section, ...] = field(default=())

    @property
    def has_phase_headings(self) -> bool:
        return any(section.phase for section in self.sections)

    def is_outline(self, share: float) -> bool:
        """Whether at least `share` of the content sentences have three words or fewer:
        a bare outline of topics ("- labels", "- A/B"), where a line names and says
        nothing. Too few lines to tell (under OUTLINE_LINES) are not an outline."""
        content = [s for s in self.sentences if s.kind not in _SILENT]
        short = sum(1 for s in content if len(s.tokens) <= 3)
        return len(content) >= OUTLINE_LINES and short >= share * len(content)

    def words_in(self, phase: str | None) -> int:
        return sum(s.words for s in self.sections if phase is None or s.phase == phase)


PhaseOfHeading = Callable[[str], str | None]


def parse_document(text: str, phase_of_heading: PhaseOfHeading | None = None) -> Document:
    """Split an answer into sentences, mapping headings to phases when a mapper is given."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    builder = _Builder(text, line_starts)
    blocks = read_blocks(text, line_starts)
    headings = {_outline_key(heading) for kind, _, _, heading in blocks if kind == "heading"}
    for kind, start, end, heading_text in blocks:
        if kind == "heading":
            phase = phase_of_heading(heading_text) if phase_of_heading else None
            builder.heading(heading_text, start, phase)
        elif kind == "bullet" and _outline_key(text[start:end]) in headings:
            kind = "heading"  # a table-of-contents line names a section, it makes no point
        builder.add_block(kind, start, end)
    return builder.build()


_LABEL_WORDS = 6  # a label is short: "Offline metrics", "Loss", "Training objective"
# "Loss: binary cross-entropy", "**Offline:** NDCG@10": the words before the colon.
_OWN_LABEL = cached_regex(r"^[\s*_`>|-]*([A-Za-z][\w /&()'-]{0,50}?)[\s*_`]*:[*_`]*\s+\S")


def _label_words(text: str) -> str:
    """A heading or label as context: its words, lower-cased, at most _LABEL_WORDS."""
    words = _WORDS.findall(text.lower())
    return " ".join(words[:_LABEL_WORDS])


_WORDS = cached_regex(r"[^\W_]+(?:[/-][^\W_]+)*")
_OUTLINE_NUMBER = cached_regex(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)])\s+", re.IGNORECASE)


def _outline_key(line: str) -> str:
    """A heading or list line as a table of contents would show it: "2. Data & labels:" and
    "data and labels" are the same entry."""
    line = _OUTLINE_NUMBER.sub("", line).replace("&", " and ")
    return " ".join(line.lower().split()).strip(" .:*_")


class _Builder:
    def __init__(self, text: str, line_starts: list[int]) -> None:
        self.text = text
        self.line_starts = line_starts
        self.sentences: list[Sentence] = []
        self.sections: list[tuple[str | None, str, int, int]] = [(None, "", 1, 0)]
        self.deferring = False  # under a heading that puts things off to later
        self.heading_text = ""  # the heading above, as context for short lines
        self.bullets: list[tuple[int, str]] = []  # open list items: (indent, short text or "")
        self.lead_in = ""  # a sentence ending in ":" just before a list or table

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def heading(self, heading_text: str, start: int, phase: str | None) -> None:
        self.deferring = defers_section(heading_text)
        self.heading_text = heading_text
        self.bullets = []
        self.lead_in = ""
        previous_phase = self.sections[-1][0]
        if phase is None:
            phase = previous_phase if heading_text and self._is_subheading(start) else None
        self.sections.append((phase, heading_text, self.position(start)[0], 0))

    def _is_subheading(self, start: int) -> bool:
        # "### Features" under "## Data" keeps the data phase; a top heading resets.
        return self.text.startswith("###", start)

    def add_block(self, kind: BlockKind, start: int, end: int) -> None:
        phase = self.sections[-1][0]
        text = self.text
        parent = self._parent_label(kind, start, end)
        for s_start, s_end in _split_sentences(text, start, end, kind):
            forms = TOKEN.findall(text, s_start, s_end)
            if not forms:
                continue
            tokens = tokens_of(forms)
            raw = text[s_start:s_end]
            if kind not in _SILENT:
                p, h, ln, words = self.sections[-1]
                self.sections[-1] = (p, h, ln, words + len(tokens))
            line, col = self.position(s_start)
            sentence = Sentence(
                index=len(self.sentences),
                kind=kind,
                phase=phase,
                text=" ".join(raw.split()),
                start=s_start,
                line=line,
                col=col,
                tokens=tokens,
                forms=tuple(forms),
                raw=raw,
            )
            if kind not in _SILENT:
                self._read_content(sentence, raw)
                sentence.above = (parent, self.heading_text)
                if self.deferring:  # under "With more time I would:", nothing counts
                    sentence.negated = frozenset(range(len(tokens)))
            self.sentences.append(sentence)

    def _parent_label(self, kind: BlockKind, start: int, end: int) -> str:
        """The short list item this one is nested under ("- offline" above "  - NDCG")."""
        if kind != "bullet":
            if kind in ("prose", "table"):
                self.bullets = []
                # "The preprocessing steps are:" says what the list after it is about.
                lead = self.text[start:end].rstrip()
                self.lead_in = lead if lead.endswith(":") else ""
            return self.lead_in if kind == "table" else ""
        line_start = self.line_starts[bisect.bisect_right(self.line_starts, start) - 1]
        line = self.text[line_start:start]
        indent = len(line) - len(line.lstrip())
        while self.bullets and self.bullets[-1][0] >= indent:
            self.bullets.pop()
        parent = self.bullets[-1][1] if self.bullets else self.lead_in
        own = self.text[start:end]
        short = len(own.split()) <= _LABEL_WORDS and "\n" not in own.strip()
        self.bullets.append((indent, own if short else ""))
        return parent

    def _read_content(self, sentence: Sentence, raw: str) -> None:
        """What only a sentence that can make a point needs: negation, numbers, a "?"."""
        forms = sentence.forms
        negating = not NEGATING_FORMS.isdisjoint(forms)
        markers = deferral_markers(sentence.tokens) if not DEFERRING_FORMS.isdisjoint(forms) else []
        if negating or markers:
            spans = token_spans(self.text, sentence.start, sentence.start + len(raw))
            left_out: frozenset[int] = frozenset()
            if negating:
                triggers = [i for i, form in enumerate(forms) if form in NEGATING_FORMS]
                left_out = negated_tokens(sentence.tokens, spans, self.text, triggers)
            if markers:
                left_out |= deferred_tokens(sentence.tokens, spans, self.text, markers)
            sentence.negated = left_out
        sentence.quantities = count_quantities(raw, forms)
        sentence.numbers = count_digits(raw, forms)
        sentence.is_question = raw.rstrip().rstrip("*_`\"')").endswith("?")

    def build(self) -> Document:
        sections = tuple(
            Section(phase, heading, line, words)
            for phase, heading, line, words in self.sections
            if heading or words
        )
        return Document(self.text, tuple(self.sentences), sections)


def _split_sentences(text: str, start: int, end: int, kind: BlockKind) -> list[tuple[int, int]]:
    if kind in ("heading", "code", "table"):
        return [(start, end)]
    chunk = text[start:end]
    spans = []
    cursor = 0
    for m in _SENTENCE_END.finditer(chunk):
        after_mark = m.start() + 1
        if chunk.endswith(_ABBREVIATION_FORMS, 0, after_mark):
            continue  # "e.g. Spark" goes on
        spans.append((start + cursor, start + after_mark))
        cursor = m.end()
    spans.append((start + cursor, end))
    # A sentence starts at its first visible character: a bullet whose text begins
    # on the next line ("- \n0 ms") must not point at the end of the marker's line.
    out = []
    for a, b in spans:
        piece = text[a:b]
        visible = piece.lstrip()
        if visible.strip():
            out.extend(split_long(text, a + len(piece) - len(visible), b))
    return out
