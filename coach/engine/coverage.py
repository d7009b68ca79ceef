"""Which checklist points a document makes, and where; which phrases it mentions.

A sentence earns an item when one of the item's signals matches it with
content (docs/content.md, "When a sentence counts"): not a heading or code,
not negated, the `near` and `needs` conditions met, and enough words beyond
the matched terms. Buzzword lists fail the last test: each extra concept in
the same sentence raises the bar by `support_per_extra_item`.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from coach.content.schema import ChecklistItem, Grading
from coach.engine.compiled import CompiledRubric, Matcher, MentionKey
from coach.engine.patterns import Hit, Phrase, compile_phrase
from coach.engine.text import Document, Sentence
from coach.engine.words import REASON_FORMS

__all__ = ["Analysis", "analyse"]

_SILENT_KINDS = ("heading", "code")
EVIDENCE_KEPT = 3  # sentences of evidence a report shows per item, the best first
CANDIDATES_KEPT = 4  # sentences weighed per item to find those, in document order


@dataclass
class Analysis:
    """What a document says: the sentences that earn each item (its first
    CANDIDATES_KEPT, in document order, each with how well it makes the point)
    and every sentence that mentions each rule condition's phrases."""

    evidence: dict[str, list[Sentence]] = field(default_factory=lambda: defaultdict(list))
    strength: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    substance: set[str] = field(default_factory=set)  # items made with a reason or a figure
    home_kept: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    away_kept: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mentions: dict[MentionKey, list[Sentence]] = field(default_factory=lambda: defaultdict(list))

    def covered(self, item_id: str) -> bool:
        return bool(self.evidence.get(item_id))

    def best(self, item_id: str) -> list[Sentence]:
        """The sentences that make the point best (a reason, a figure, more said),
        EVIDENCE_KEPT at most; ties keep document order."""
        found = self.evidence.get(item_id, [])
        ranked = sorted(range(len(found)), key=lambda i: -self.strength[item_id][i])
        return [found[i] for i in ranked[:EVIDENCE_KEPT]]

    def made_with_substance(self, item_id: str) -> bool:
        """More than a mention: said in two sentences or more, or with a reason or a figure."""
        return len(self.evidence.get(item_id, ())) >= 2 or item_id in self.substance


def analyse(doc: Document, compiled: CompiledRubric, items: Collection[ChecklistItem]) -> Analysis:
    grading = compiled.library.rubric.grading
    question_phases = grading.question_phases
    matcher = compiled.matcher(items)
    content = [s for s in doc.sentences if s.kind not in _SILENT_KINDS]
    regex_hits = matcher.terms.regex_hits(content)
    near_regex_hits: dict[int, list[Hit]] | None = None  # computed when first needed
    result = Analysis()
    saturated: set[str] = set()  # items with all the evidence kept
    # In notes, a label or heading says what a short line is about; in a bare
    # outline of topics, it does not make the line a statement, and a line must
    # say one word more than elsewhere ("- metrics: NDCG, CTR" names two topics).
    labels_count = not doc.is_outline(grading.outline_share)
    extra_support = 0 if labels_count else 1
    named = [i.id for i in items if i.label_suffices] if labels_count else []
    for sentence in content:
        if named and sentence.kind in _NOTE_KINDS:
            _credit_by_label(sentence, named, compiled, matcher, grading, result)
        hits = matcher.terms.hits(sentence)
        hits.extend(regex_hits.get(sentence.index, ()))
        if sentence.negated:
            hits = [h for h in hits if not _negated(h, sentence)]
        if not hits:
            continue
        terms: list[Hit] = []
        for hit in hits:
            if type(hit.key) is MentionKey:
                result.mentions[hit.key].append(sentence)
            else:
                terms.append(hit)
        if saturated.issuperset([h.key.item for h in terms]):
            continue  # whatever the sentence earns, its items have all the evidence kept
        if sentence.is_agenda():
            continue  # an agenda mentions things (rules see it): no point
        terms = _conditions_met(terms, sentence, question_phases)
        listed = bool(terms) and sentence.lists_terms()
        if (
            listed
            and len({h.key.item for h in terms if not h.key.near}) > 1
            and not (labels_count and _any_labelled(terms, sentence, compiled))
        ):
            continue  # a list of many points that no label speaks for: nothing to weigh
        needs_near = {h.key for h in terms if h.key.near}
        if needs_near:
            if near_regex_hits is None:
                near_regex_hits = matcher.near.regex_hits(content)
            near = matcher.near.keys_in(sentence, needs_near)
            near.update(_unnegated_keys(near_regex_hits.get(sentence.index, ()), sentence))
            terms = [h for h in terms if not h.key.near or h.key in near]
        if not terms:
            continue
        # Only terms whose conditions hold count as concepts and are set aside from
        # the support: "user" in a sentence without a number is just a word.
        concepts = _concepts(terms, grading.joint_phases)
        support = matcher.support.outside(sentence, terms)
        needed = grading.min_support + extra_support
        needed += grading.support_per_extra_item * (concepts - 1)
        if (listed and not _one_point_listed(terms, compiled)) or support < needed:
            # A list of terms or a bare line says nothing by itself, unless its label
            # or heading says what it is about ("Offline metrics:" above "NDCG, MRR").
            # Even then, a list that spans many points is a dump of buzzwords.
            if not labels_count:
                continue
            terms = _labelled(terms, sentence, compiled)
            if not terms or len({h.key.item for h in terms}) >= grading.dump_items:
                continue
        reasoned = sentence.numbers > 0 or _gives_reason(sentence)
        strength = 2.0 * reasoned + min(support, 8) / 4 - 1.0 * (concepts - 1)
        strength += 0.5 if sentence.kind == "prose" else 0.0
        for hit in terms:
            item = hit.key.item
            evidence = result.evidence[item]
            if evidence and evidence[-1] is sentence:
                continue
            # Candidates come in two halves: sentences in the point's own section (or
            # in an answer without sections) and sentences elsewhere, so that passing
            # mentions early in an answer cannot crowd out the section that makes it.
            home = sentence.phase is None or sentence.phase == hit.key.phase
            side = result.home_kept if home else result.away_kept
            if side[item] >= CANDIDATES_KEPT // 2:
                continue
            side[item] += 1
            evidence.append(sentence)
            # A sentence in the point's own section, or that opens with it ("The
            # baseline is..."), is about the point rather than touching it in passing.
            about = 1.5 * (sentence.phase == hit.key.phase) + 1.0 * (hit.start <= 2)
            result.strength[item].append(strength + about)
            if reasoned:
                result.substance.add(item)
            if len(evidence) == CANDIDATES_KEPT:
                saturated.add(item)
    for item in items:
        if item.stages and not result.covered(item.id):
            _credit_stages(doc, item, result)
    return result


STAGE_OPENING = 3  # a step is named in the first words of its line ("C --> D[Crop ...")
STAGE_WINDOW = 6  # lines from one step to the next: the notes of a step sit between
_STEP_KINDS = ("bullet", "heading")


def _credit_stages(doc: Document, item: ChecklistItem, result: Analysis) -> None:
    """Steps laid out line by line (list lines, sub-headings, diagram lines) make the
    point no line makes alone: "- find candidates", "- fetch features", "- scoring"."""
    steps = [s for s in doc.sentences if s.kind in _STEP_KINDS]
    for sequence in item.stages:
        first, then = _any_of(sequence.first), _any_of(sequence.then)
        for at, line in enumerate(steps):
            if not _opens_with(line, first):
                continue
            for later in steps[at + 1 :]:
                if later.index > line.index + STAGE_WINDOW:
                    break
                if _opens_with(later, then):
                    shown = _said_under(doc, line)
                    if shown is None:
                        break  # headings alone, nothing written under them: no point made
                    result.evidence[item.id].append(shown)
                    result.strength[item.id].append(0.0)
                    return


def _said_under(doc: Document, line: Sentence) -> Sentence | None:
    """The line itself, or for a sub-heading the first thing written under it: evidence
    is always something the candidate wrote, never a heading."""
    if line.kind != "heading":
        return line
    for sentence in doc.sentences[line.index + 1 :]:
        if sentence.kind not in ("heading", "code"):
            return sentence
    return None


@functools.cache
def _any_of(words: tuple[str, ...]) -> Phrase:
    """One phrase position taking any of the words (the rubric's own word syntax)."""
    return compile_phrase("|".join(words))


def _opens_with(sentence: Sentence, phrase: Phrase) -> bool:
    return any(
        position not in sentence.negated and phrase.match_at(sentence.tokens, position) is not None
        for position in sentence.opening(STAGE_OPENING)
    )


_NOTE_KINDS = ("bullet",)


def _credit_by_label(
    sentence: Sentence,
    named: list[str],
    compiled: CompiledRubric,
    matcher: Matcher,
    grading: Grading,
    result: Analysis,
) -> None:
    """A list line under a short label that names a point makes it ("Features:" above
    "- History: withdrawals lagged 7 days"), if it says something and is not negated."""
    labels = sentence.labels_above()
    if not labels or sentence.negated:
        return
    for item in named:
        if not compiled.in_context(item, labels) or result.home_kept[item] >= CANDIDATES_KEPT // 2:
            continue
        if matcher.support.outside(sentence, []) < grading.min_support + 1:
            return
        result.evidence[item].append(sentence)
        result.home_kept[item] += 1
        result.strength[item].append(min(matcher.support.outside(sentence, []), 8) / 4)
        if sentence.numbers:
            result.substance.add(item)


def _gives_reason(sentence: Sentence) -> bool:
    """Whether the sentence says why, or weighs one thing against another."""
    return not REASON_FORMS.isdisjoint(sentence.forms)


def _one_point_listed(terms: list[Hit], compiled: CompiledRubric) -> bool:
    """A list that makes one point ("Preprocessing strips URLs, hashtags and emoji,
    lowercases and deduplicates"): the steps of one item, not a catalogue of its terms."""
    items = {h.key.item for h in terms}
    if len(items) != 1:
        return False
    (item,) = items
    limit = compiled.items[item].max_listed
    return not limit or len({(h.start, h.end) for h in terms}) <= limit


def _any_labelled(terms: list[Hit], sentence: Sentence, compiled: CompiledRubric) -> bool:
    context = sentence.context
    return bool(context) and any(compiled.in_context(h.key.item, context) for h in terms)


def _labelled(terms: list[Hit], sentence: Sentence, compiled: CompiledRubric) -> list[Hit]:
    """The terms whose item the line's label or heading names, unless the line lists
    more of an item's terms than it allows (a catalogue of models chooses none)."""
    kept = [h for h in terms if compiled.in_context(h.key.item, sentence.context)]
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for hit in kept:
        spans[hit.key.item].add((hit.start, hit.end))
    too_many = {
        item for item, found in spans.items() if 0 < compiled.items[item].max_listed < len(found)
    }
    return [h for h in kept if h.key.item not in too_many]


def _conditions_met(
    terms: list[Hit], sentence: Sentence, question_phases: Collection[str]
) -> list[Hit]:
    """The terms whose signal's own conditions hold here (`near` is checked apart).

    A question makes a point only in the phases that ask questions; a signal
    that `needs` a number or a quantity needs it in the same sentence.
    """
    if sentence.is_question:
        terms = [h for h in terms if h.key.phase in question_phases]
    if sentence.quantities and sentence.numbers:
        return terms
    lacking: tuple[str, ...] = ("quantity",) if not sentence.quantities else ()
    lacking += ("number",) if not sentence.numbers else ()
    return [h for h in terms if h.key.needs not in lacking]


def _negated(hit: Hit, sentence: Sentence) -> bool:
    return any(i in sentence.negated for i in range(hit.start, hit.end))


def _unnegated_keys(hits: Iterable[Hit], sentence: Sentence) -> set[object]:
    return {h.key for h in hits if not (sentence.negated and _negated(h, sentence))}


def _concepts(hits: list[Hit], joint_phases: Collection[str]) -> int:
    """How many separate points the sentence makes: distinct items, where matches
    that overlap ("A/B test" earns two items with one phrase) are one point, and
    so are the items of a joint phase: "The goal is to reduce fraud losses" states
    a requirement and its metric in one breath, while a sentence that names a
    model and a feature store at once must say more to be more than buzzwords.

    Lists of terms are caught before this (Sentence.lists_terms), so two
    mentions of one item ("Retraining: ... refreshed monthly") are one point.
    """
    if len({hit.key.item for hit in hits}) == 1:
        return 1
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.setdefault(item, item) != item:
            item = parent[item]
        return item

    reach, current = -1, ""
    of_phase: dict[str, str] = {}
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        item = hit.key.item
        if hit.start < reach:  # overlaps the span before: the same point
            parent[root(item)] = root(current)
        else:
            root(item)
            current = item
        reach = max(reach, hit.end)
        if hit.key.phase not in joint_phases:
            continue
        first = of_phase.setdefault(hit.key.phase, item)
        if root(first) != root(item):
            parent[root(item)] = root(first)
    return len({root(item) for item in parent})
