"""The rubric compiled once per process: every phrase of every item and rule."""

from __future__ import annotations

from dataclasses import dataclass

from coach.content.library import Library
from coach.content.schema import ChecklistItem, Condition, Rule
from coach.engine.patterns import Phrase, PhraseIndex, compile_phrase

__all__ = ["AnyKey", "CompiledRubric", "MentionKey", "NearKey", "compiled_for", "use_compiled"]


@dataclass(frozen=True, slots=True)
class AnyKey:
    item: str
    signal: int


@dataclass(frozen=True, slots=True)
class NearKey:
    item: str
    signal: int


@dataclass(frozen=True, slots=True)
class MentionKey:
    rule: str
    part: str  # trigger | require | unless


class CompiledRubric:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.index = PhraseIndex()
        self.items: dict[str, ChecklistItem] = {}
        self.filler: frozenset[str] = frozenset()
        for item in library.items.values():
            self._add_item(item)
        for question in library.questions.values():
            for item in question.items:
                self._add_item(item)
        for rule in library.rubric.rules:
            for part in ("trigger", "require", "unless"):
                cond: Condition | None = getattr(rule, part)
                if cond is not None:
                    self.index.add_all(_phrases(cond.mentions), MentionKey(rule.code, part))
        from coach.engine.text import stem

        grading = library.rubric.grading
        self.filler = frozenset(stem(w) for w in grading.filler_words)

    def _add_item(self, item: ChecklistItem) -> None:
        self.items[item.id] = item
        for n, signal in enumerate(item.match):
            self.index.add_all(_phrases(signal.any), AnyKey(item.id, n))
            self.index.add_all(_phrases(signal.near), NearKey(item.id, n))

    def __getstate__(self) -> dict[str, object]:
        # The library is not part of the compiled state: whoever loads a pickled
        # CompiledRubric attaches the library it belongs to (use_compiled).
        return {"index": self.index, "items": self.items, "filler": self.filler}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def rule(self, code: str) -> Rule:
        for rule in self.library.rubric.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)


def _phrases(sources: tuple[str, ...]) -> list[Phrase]:
    return [compile_phrase(source) for source in sources]


_compiled: dict[int, tuple[Library, CompiledRubric]] = {}


def use_compiled(library: Library, compiled: CompiledRubric) -> None:
    """Adopt a compiled rubric made earlier for this same library (e.g. from a cache)."""
    compiled.library = library
    _compiled[id(library)] = (library, compiled)


def compiled_for(library: Library) -> CompiledRubric:
    """Compile a library once; later calls with the same library are free."""
    entry = _compiled.get(id(library))
    if entry is None or entry[0] is not library:
        entry = (library, CompiledRubric(library))
        _compiled[id(library)] = entry
    return entry[1]
