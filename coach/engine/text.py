"""Answer text → blocks → sentences → tokens, with positions computed once.

A markdown answer is read line by line: fenced code, headings (ATX, setext,
a bold-only line, a short "Label:" line), table rows, list items and
paragraphs. Each block is cut into sentences; each sentence keeps its offset,
its line and column, its tokens (lower-cased, stemmed) and which tokens sit
under a negation ("we don't monitor drift yet").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

__all__ = [
    "Document",
    "Sentence",
    "Token",
    "count_tokens",
    "parse_document",
    "stem",
    "tokenize",
    "tokens_of",
]

BlockKind = Literal["prose", "bullet", "table", "heading", "code"]

# --- tokens ----------------------------------------------------------------

_TOKEN = re.compile(r"a\s?/\s?b(?![^\W_])|[^\W_]+(?:['’](?:t|s|ll|re|ve|d)\b)?", re.IGNORECASE)
_BRITISH = re.compile(r"^(\w{3,})is(ation|ations|e|ed|es|ing)$")
_stem_memo: dict[str, str] = {}
_stemmer: Callable[[str], str] | None = None


def stem(word: str) -> str:
    """Lower-cased Snowball stem, memoised for the process ("labelled" → "label")."""
    cached = _stem_memo.get(word)
    if cached is not None:
        return cached
    global _stemmer
    if _stemmer is None:
        import snowballstemmer

        _stemmer = snowballstemmer.stemmer("english").stemWord
    lowered = word.lower().replace("’", "'")
    if lowered.startswith("a") and "/" in lowered:
        result = "a/b"
    elif "'" in lowered:
        result = lowered  # contractions stay whole: "don't", "won't"
    else:
        result = _stemmer(_BRITISH.sub(r"\1iz\2", lowered))
    if len(_stem_memo) < 200_000:
        _stem_memo[word] = result
    return result


class Token(NamedTuple):
    """One word form, shared by all its occurrences (no offsets: see token_spans)."""

    stem: str
    lower: str


def count_tokens(text: str) -> int:
    """len(tokenize(text)), without building the tokens."""
    return len(_TOKEN.findall(text))


# Word form as written -> its Token, for the process. Alongside, the forms with
# a part to play in a scan (a negating word, a digit, "millions", "and"), so a
# sentence without any is cleared by one set operation instead of a walk.
_forms: dict[str, Token] = {}
_NEGATING_FORMS: set[str] = set()
_DIGIT_FORMS: set[str] = set()
_QUANTITY_WORD_FORMS: set[str] = set()
_CONJUNCTION_FORMS: set[str] = set()  # "and", "or": what may separate listed terms
_FORM_SETS = (_NEGATING_FORMS, _DIGIT_FORMS, _QUANTITY_WORD_FORMS, _CONJUNCTION_FORMS)
_MEMO_LIMIT = 200_000


def _learn(word: str) -> Token:
    token = _forms[word] = Token(stem(word), word.lower())
    if _starts_negation(token.lower):
        _NEGATING_FORMS.add(word)
    if _NUMBER.search(word):
        _DIGIT_FORMS.add(word)
    if token.lower in _QUANTITY_WORDS:
        _QUANTITY_WORD_FORMS.add(word)
    if token.lower in ("and", "or"):
        _CONJUNCTION_FORMS.add(word)
    return token


def tokens_of(words: Sequence[str]) -> tuple[Token, ...]:
    """The Token of each word form (as found by _TOKEN), in order."""
    try:
        return tuple(map(_forms.__getitem__, words))
    except KeyError:  # a form not seen before in this process
        if len(_forms) + len(words) > _MEMO_LIMIT:  # bounded: start over rather than grow
            _forms.clear()
            for form_set in _FORM_SETS:
                form_set.clear()
        return tuple(_forms.get(word) or _learn(word) for word in words)


def tokenize(text: str) -> list[Token]:
    return list(tokens_of(_TOKEN.findall(text)))


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of each token of text[start:end], in text's coordinates."""
    return [m.span() for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


# --- negation --------------------------------------------------------------

_NEGATORS = frozenset(
    "no not never without neither nor none cannot lack lacks lacking skip skipping".split()
)
_NEG_SUFFIX = ("n't", "n’t")
_NEG_PHRASES = (("rather", "than"), ("instead", "of"))
_NEG_EXCEPTIONS = frozenset({"only", "just", "doubt", "matter", "longer"})
# "monitoring is not needed": the negation reaches back to the clause start.
_BACKWARD_AFTER = frozenset(
    "need needed necessary required requirement scope worth important priority planned".split()
)
_BACKWARD_WORDS = frozenset({"unnecessary", "overkill", "unneeded"})
_CLAUSE_BREAK = frozenset(
    "but however although though yet whereas while instead so because since which where then unless except whereby".split()
)
_SCOPE = 12  # words; a clause break or punctuation ends the scope sooner


def _starts_negation(lower: str) -> bool:
    """Whether a word can open a negation scope (see negated_tokens)."""
    return (
        lower in _NEGATORS
        or lower.endswith(_NEG_SUFFIX)
        or lower in _BACKWARD_WORDS
        or lower in ("out", "rather", "instead")
    )


def negated_tokens(
    tokens: Sequence[Token],
    spans: Sequence[tuple[int, int]],
    text: str,
    triggers: Iterable[int] | None = None,
) -> frozenset[int]:
    """Indexes of tokens under a negation, within their clause.

    `spans` are the tokens' offsets in `text`, to see punctuation between them;
    `triggers` the indexes of the tokens that may open a negation (default: all).
    """
    if triggers is None:
        triggers = range(len(tokens))
    out: set[int] = set()
    n = len(tokens)

    def punct_between(j: int) -> bool:  # between tokens j-1 and j
        gap = text[spans[j - 1][1] : spans[j][0]]
        return any(ch in ",;:()[]—–" for ch in gap) or " - " in gap

    def clause_end(i: int) -> int:
        j = i + 1
        while j < n and j <= i + _SCOPE:
            if tokens[j].lower in _CLAUSE_BREAK or punct_between(j):
                break
            j += 1
        return j

    def clause_start(i: int) -> int:
        j = i
        while j > 0 and not punct_between(j):
            if tokens[j - 1].lower in _CLAUSE_BREAK:
                break
            j -= 1
        return j

    for i in triggers:
        word = tokens[i].lower
        is_neg = word in _NEGATORS or word.endswith(_NEG_SUFFIX)
        if is_neg and i + 1 < n and tokens[i + 1].lower in _NEG_EXCEPTIONS:
            continue
        if not is_neg and i + 1 < n and (word, tokens[i + 1].lower) in _NEG_PHRASES:
            out.update(range(i + 2, clause_end(i + 1)))
            continue
        if word in _BACKWARD_WORDS or (
            word == "out" and _next_words(tokens, i, 2) == ["of", "scope"]
        ):
            out.update(range(clause_start(i), i))
            continue
        if not is_neg:
            continue
        following = _next_words(tokens, i, 3)
        if any(stem(w) in _BACKWARD_AFTER or w in _BACKWARD_AFTER for w in following):
            out.update(range(clause_start(i), i))
        out.update(range(i + 1, clause_end(i)))
    return frozenset(out)


def _next_words(tokens: Sequence[Token], i: int, count: int) -> list[str]:
    return [t.lower for t in tokens[i + 1 : i + 1 + count]]


# --- quantities ------------------------------------------------------------

_QUANTITY = re.compile(
    r"(?<![\w.])(?:~|≈|<|>|≤|≥)?\$?\d[\d,]*(?:\.\d+)?\s?"
    r"(?:%|percent|k\b|m\b|mm\b|b\b|bn\b|x\b|thousands?|millions?|billions?|trillions?|"
    r"[kmgtp]i?b\b|bytes?|ms\b|milliseconds?|µs|us\b|s\b|secs?|seconds?|min\b|mins|minutes?|"
    r"h\b|hrs?|hours?|days?|weeks?|months?|years?|qps|rps|tps|requests?|queries|users?|"
    r"dau|mau|items?|videos?|events?|transactions?|docs?|documents?|products?|images?|"
    r"rows?|records?|ads?|clicks?|impressions?|gpus?|nodes?|servers?|cores?|tokens?|"
    r"posts?|messages?|listings?|songs?|tracks?|accounts?|sessions?|calls?|orders?|"
    r"[a-z]+\s?(?:per|/)\s?(?:s|sec|second|day|minute|hour))"
    r"|\b(?:hundreds|thousands|millions|billions|tens)\s+of\b"
    r"|\b(?:a|one|a few|several)\s+(?:thousand|million|billion|trillion)\b"
    r"|\bp(?:50|90|95|99|999)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
# Words that make a quantity without a digit ("millions of users", "a few thousand").
_QUANTITY_WORDS = frozenset(
    "hundreds thousands millions billions tens thousand million billion trillion".split()
)
# Where a quantity without such a word can start: a sign, a "$", a digit, "p99".
_QUANTITY_START = re.compile(r"[~≈<>≤≥$\d]|p(?=\d)", re.IGNORECASE)


def _count_quantities(text: str, forms: Sequence[str]) -> int:
    """len(_QUANTITY.findall(text)), trying the full pattern only where one can start.

    The pattern scans slowly (four alternatives at every character); without a
    quantity word, a match can only start at a _QUANTITY_START, so the scan
    jumps between those. Non-ASCII text takes the full scan: case-insensitive
    matching has special cases there ("ſ" matches "s").
    """
    if not _QUANTITY_WORD_FORMS.isdisjoint(forms) or not text.isascii():
        return len(_QUANTITY.findall(text))
    count = end = 0
    for start in _QUANTITY_START.finditer(text):
        if start.start() >= end:
            found = _QUANTITY.match(text, start.start())
            if found:
                count += 1
                end = found.end()
    return count


# --- lists of terms ----------------------------------------------------------

_LIST_SEPARATOR = re.compile(r"[,;/|+]|\s(?:and|or|&)\s", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")


def _too_long_for_a_list(text: str, forms: Sequence[str]) -> bool:
    """A cheap sure "no" for _is_term_list, without splitting the text.

    A list of k parts holds at most 2k + 3 words (lead-in 4, middle parts 2,
    last 3) and k is at most one more than the separators. The words of the
    parts are at least the tokens less the "and"/"or" used as separators.
    """
    conjunctions = sum(map(_CONJUNCTION_FORMS.__contains__, forms))
    separators = sum(map(text.count, ",;/|+&")) + conjunctions
    return len(forms) - conjunctions > 2 * (separators + 1) + 3


def _is_term_list(text: str, forms: Sequence[str]) -> bool:
    """Three or more parts, each one or two words, after at most a short lead-in.

    "Bagging, boosting, variance, errors." and "We'll use BERT, GNNs, A/B testing"
    are lists; "The error decomposes into bias, variance and noise." is a statement.
    `forms` are the text's tokens as written.
    """
    return not _too_long_for_a_list(text, forms) and _splits_into_terms(text)


def _splits_into_terms(text: str) -> bool:
    """The definition of a list of terms, on the parts between separators."""
    counts = [n for n in map(len, map(_WORD.findall, _LIST_SEPARATOR.split(text))) if n]
    if len(counts) < 3:
        return False
    lead, rest = counts[0], counts[1:]
    return lead <= 4 and all(n <= 2 for n in rest[:-1]) and rest[-1] <= 3


# --- sentences -------------------------------------------------------------

_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "incl.", "cf.", "resp.", "a.k.a.")
# As written, capitalised ("E.g. XGBoost") and in capitals, for one str.endswith.
_ABBREVIATION_FORMS = tuple(
    sorted({f(a) for a in _ABBREVIATIONS for f in (str, str.capitalize, str.upper)})
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9*_`-])")


@dataclass(frozen=True, slots=True)
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
    negated: frozenset[int]
    quantities: int
    numbers: int
    is_question: bool
    is_term_list: bool = False  # "bagging, boosting, variance, errors": terms, no statement

    @property
    def words(self) -> int:
        return len(self.tokens)


@dataclass(frozen=True, slots=True)
class Section:
    """The text under one heading (or before any heading)."""

    phase: str | None
    heading: str
    line: int
    words: int


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    sentences: tuple[Sentence, ...]
    sections: tuple[Section, ...] = field(default=())

    @property
    def has_phase_headings(self) -> bool:
        return any(section.phase for section in self.sections)

    def words_in(self, phase: str | None) -> int:
        return sum(s.words for s in self.sections if phase is None or s.phase == phase)


PhaseOfHeading = Callable[[str], str | None]


def parse_document(text: str, phase_of_heading: PhaseOfHeading | None = None) -> Document:
    """Split an answer into sentences, mapping headings to phases when a mapper is given."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    builder = _Builder(text, line_starts)
    for kind, start, end, heading_text in _blocks(text, line_starts):
        if kind == "heading":
            phase = phase_of_heading(heading_text) if phase_of_heading else None
            builder.heading(heading_text, start, phase)
        builder.add_block(kind, start, end)
    return builder.build()


class _Builder:
    def __init__(self, text: str, line_starts: list[int]) -> None:
        self.text = text
        self.line_starts = line_starts
        self.sentences: list[Sentence] = []
        self.sections: list[tuple[str | None, str, int, int]] = [(None, "", 1, 0)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def heading(self, heading_text: str, start: int, phase: str | None) -> None:
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
        for s_start, s_end in _split_sentences(text, start, end, kind):
            forms = _TOKEN.findall(text, s_start, s_end)
            if not forms:
                continue
            tokens = tokens_of(forms)
            raw = text[s_start:s_end]
            if kind not in ("heading", "code"):
                p, h, ln, words = self.sections[-1]
                self.sections[-1] = (p, h, ln, words + len(tokens))
            line, col = self.position(s_start)
            negated: frozenset[int] = frozenset()
            if not _NEGATING_FORMS.isdisjoint(forms):
                triggers = [i for i, form in enumerate(forms) if form in _NEGATING_FORMS]
                negated = negated_tokens(tokens, token_spans(text, s_start, s_end), text, triggers)
            quantities = numbers = 0
            if not _DIGIT_FORMS.isdisjoint(forms):
                quantities = _count_quantities(raw, forms)
                numbers = len(_NUMBER.findall(raw))
            elif not _QUANTITY_WORD_FORMS.isdisjoint(forms):
                quantities = len(_QUANTITY.findall(raw))
            self.sentences.append(
                Sentence(
                    index=len(self.sentences),
                    kind=kind,
                    phase=phase,
                    text=" ".join(raw.split()),
                    start=s_start,
                    line=line,
                    col=col,
                    tokens=tokens,
                    forms=tuple(forms),
                    negated=negated,
                    quantities=quantities,
                    numbers=numbers,
                    is_question=raw.rstrip().rstrip("*_`\"')").endswith("?"),
                    is_term_list=_is_term_list(raw, forms),
                )
            )

    def build(self) -> Document:
        sections = tuple(
            Section(phase, heading, line, words)
            for phase, heading, line, words in self.sections
            if heading or words
        )
        return Document(self.text, tuple(self.sentences), sections)


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,80})(?:\*\*|__)\s*:?\s*$")
_LABEL_LINE = re.compile(r"^\s*(?:\d+[.)]\s*)?([A-Za-z][\w /&,'()-]{0,60}):\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•]|\d+[.)])\s+")
_TABLE = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")


def _blocks(text: str, line_starts: list[int]) -> list[tuple[BlockKind, int, int, str]]:
    """(kind, start, end, heading text) for each block, in order."""
    lines = text.split("\n")
    blocks: list[tuple[BlockKind, int, int, str]] = []
    para: list[int] = []  # line numbers (0-based) of the open paragraph/bullet
    para_kind: BlockKind = "prose"

    def close() -> None:
        nonlocal para
        if para:
            start = line_starts[para[0]] + _indent_and_marker(lines[para[0]])
            end = line_starts[para[-1]] + len(lines[para[-1]])
            blocks.append((para_kind, start, end, ""))
            para = []

    i = 0
    while i < len(lines):
        line = lines[i]
        start = line_starts[i]
        opening = _FENCE.match(line)
        if opening:
            close()
            fence = opening.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence):
                j += 1
            end = line_starts[min(j, len(lines) - 1)] + len(lines[min(j, len(lines) - 1)])
            blocks.append(("code", start, end, ""))
            i = j + 1
            continue
        if not line.strip():
            close()
            i += 1
            continue
        atx = _ATX.match(line)
        bold = _BOLD_LINE.match(line)
        label = _LABEL_LINE.match(line) if len(line.split()) <= 6 else None
        setext = (
            i + 1 < len(lines)
            and _SETEXT.match(lines[i + 1])
            and not para
            and line.strip()
            and not _BULLET.match(line)
        )
        if atx or bold or label or setext:
            close()
            marked = atx or bold or label
            heading = marked.group(1) if marked else line.strip()
            indent = len(line) - len(line.lstrip())  # "  ### Sub" starts at its "#"
            blocks.append(("heading", start + indent, start + len(line), heading.strip()))
            i += 2 if setext and not (atx or bold or label) else 1
            continue
        if _TABLE.match(line):
            close()
            if not _TABLE_RULE.match(line):
                indent = len(line) - len(line.lstrip())
                blocks.append(("table", start + indent, start + len(line), ""))
            i += 1
            continue
        if line.startswith(("    ", "\t")) and not para and not _BULLET.match(line):
            close()  # an indented code block
            blocks.append(("code", start, start + len(line), ""))
            i += 1
            continue
        if _BULLET.match(line):
            close()
            para_kind = "bullet"
            para = [i]
        elif para:
            para.append(i)
        else:
            para_kind = "prose"
            para = [i]
        i += 1
    close()
    return blocks


def _indent_and_marker(line: str) -> int:
    bullet = _BULLET.match(line)
    if bullet:
        return bullet.end()
    return len(line) - len(line.lstrip())


def _split_sentences(text: str, start: int, end: int, kind: BlockKind) -> list[tuple[int, int]]:
    if kind in ("heading", "code", "table"):
        return [(start, end)]
    chunk = text[start:end]
    spans = []
    cursor = 0
    for m in _SENTENCE_END.finditer(chunk):
        if chunk.endswith(_ABBREVIATION_FORMS, 0, m.start()):
            continue  # "e.g. Spark" goes on
        spans.append((start + cursor, start + m.start()))
        cursor = m.end()
    spans.append((start + cursor, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]
