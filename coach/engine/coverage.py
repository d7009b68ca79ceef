"""Which checklist points a document makes, and where; which phrases it mentions.

A sentence earns an item when one of the item's signals matches it with
content (docs/content.md, "When a sentence counts"): not a heading or code,
not negated, the `near` and `needs` conditions met, and enough words beyond
the matched terms. Buzzword lists fail the last test: each extra concept in
the same sentence raises the bar by `support_per_extra_item`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import cast

from coach.content.schema import ChecklistItem, Grading
from coach.engine.compiled import AnyKey, CompiledRubric, MentionKey, NearKey
from coach.engine.patterns import Hit
from coach.engine.text import Document, Sentence
from coach.engine.words import RELATION_WORDS, STOPWORDS

__all__ = ["Analysis", "analyse"]

_SILENT_KINDS = ("heading", "code")


@dataclass
class Analysis:
    """What a document says: evidence per item, first mention per rule condition."""

    evidence: dict[str, list[Sentence]] = field(default_factory=lambda: defaultdict(list))
    mentions: dict[MentionKey, list[Sentence]] = field(default_factory=lambda: defaultdict(list))

    def covered(self, item_id: str) -> bool:
        return bool(self.evidence.get(item_id))


def analyse(doc: Document, compiled: CompiledRubric, items: Collection[ChecklistItem]) -> Analysis:
    grading = compiled.library.rubric.grading
    wanted = {item.id: item for item in items}
    result = Analysis()
    regex_hits = compiled.index.regex_hits(doc.sentences)
    for sentence in doc.sentences:
        if sentence.kind in _SILENT_KINDS:
            continue
        hits = compiled.index.hits(sentence)
        hits.extend(regex_hits.get(sentence.index, ()))
        if sentence.negated:
            hits = [h for h in hits if not _negated(h, sentence)]
        if not hits:
            continue
        for hit in hits:
            if isinstance(hit.key, MentionKey):
                result.mentions[hit.key].append(sentence)
        if sentence.is_term_list:
            continue  # a list of terms mentions things (rules see it) but makes no point
        near = {(h.key.item, h.key.signal) for h in hits if isinstance(h.key, NearKey)}
        qualified = [h for h in hits if _qualifies(h, sentence, near, wanted, grading)]
        if not qualified:
            continue
        # Only terms whose conditions hold count as concepts and are set aside from
        # the support: "user" in a sentence without a number is just a word.
        support = _support(sentence, qualified, compiled.filler)
        concepts = _concepts(qualified)
        needed = grading.min_support + grading.support_per_extra_item * (concepts - 1)
        if support < needed:
            continue
        for hit in qualified:
            assert isinstance(hit.key, AnyKey)
            evidence = result.evidence[hit.key.item]
            if not evidence or evidence[-1] is not sentence:
                evidence.append(sentence)
    return result


def _negated(hit: Hit, sentence: Sentence) -> bool:
    return any(i in sentence.negated for i in range(hit.start, hit.end))


def _qualifies(
    hit: Hit,
    sentence: Sentence,
    near: set[tuple[str, int]],
    wanted: dict[str, ChecklistItem],
    grading: Grading,
) -> bool:
    """An item's term whose signal conditions (near, needs, questions) all hold."""
    key = hit.key
    if not isinstance(key, AnyKey) or key.item not in wanted:
        return False
    item = wanted[key.item]
    if sentence.is_question and item.phase not in grading.question_phases:
        return False
    signal = item.match[key.signal]
    if signal.near and (key.item, key.signal) not in near:
        return False
    if signal.needs == "number" and not sentence.numbers:
        return False
    return not (signal.needs == "quantity" and not sentence.quantities)


def _concepts(hits: list[Hit]) -> int:
    """How many separate points the sentence makes: distinct items, where matches
    that overlap ("A/B test" earns two items with one phrase) are one point.

    Lists of terms are caught before this (Sentence.is_term_list), so two
    mentions of one item ("Retraining: ... refreshed monthly") are one point.
    """
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.setdefault(item, item) != item:
            item = parent[item]
        return item

    reach, current = -1, ""
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        item = cast(AnyKey, hit.key).item
        if hit.start < reach:  # overlaps the span before: the same point
            parent[root(item)] = root(current)
        else:
            root(item)
            current = item
        reach = max(reach, hit.end)
    return len({root(item) for item in parent})


def _support(sentence: Sentence, hits: list[Hit], filler: frozenset[str]) -> int:
    """Content words outside the matched terms."""
    matched: set[int] = set()
    for hit in hits:
        matched.update(range(hit.start, hit.end))
    return sum(
        1
        for i, tok in enumerate(sentence.tokens)
        if i not in matched
        and (tok.lower in RELATION_WORDS or tok.lower not in STOPWORDS)
        and tok.stem not in filler
        and not tok.lower.isdigit()
        and len(tok.lower) > 1
    ) + (1 if sentence.quantities else 0)
