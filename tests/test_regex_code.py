"""Rubric regexes revived from saved code match exactly as compiled ones do."""

from __future__ import annotations

import pickle
import re

import pytest

from coach.common import regex_store
from coach.common.sre_code import revive, save
from coach.engine import regex_code
from coach.engine.patterns import PhraseIndex, compile_phrase
from tests.test_engine_fast_paths import _rubric_regexes

SAMPLES = [
    "We serve 200M daily active users at p99 under 150 ms, about 20k QPS at peak.",
    "Retrain the ranker weekly on 30 days of logs; recall@500 and NDCG@10 offline.",
    "A/B test on 5% of traffic for two weeks, guardrail on the not-interested rate.",
    "no numbers at all here, just words",
]


def test_every_rubric_pattern_revives_to_the_same_matches() -> None:
    for compiled in _rubric_regexes():
        saved = save(compiled.pattern, re.IGNORECASE)
        assert saved is not None, compiled.pattern
        revived = revive(pickle.loads(pickle.dumps(saved)), compiled.pattern, re.IGNORECASE)
        assert revived.flags == compiled.flags and revived.groupindex == compiled.groupindex
        for text in SAMPLES:
            found = [m.span() for m in revived.finditer(text)]
            assert found == [m.span() for m in compiled.finditer(text)], compiled.pattern


def test_code_from_another_python_or_pattern_is_compiled_instead() -> None:
    saved = save(r"\d+ ms", re.IGNORECASE)
    assert saved is not None
    other_python = (("cpython", (2, 7), 0), *saved[1:])
    assert revive(other_python, r"\d+ ms", re.IGNORECASE).search("in 200 MS")
    # saved for another pattern: never used for this one
    assert revive(saved, r"\d+ s", re.IGNORECASE).pattern == r"\d+ s"


def test_damaged_code_is_compiled_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    saved = save(r"\d+ ms", re.IGNORECASE)
    assert saved is not None
    broken = (*saved[:3], [999999, 1, 2], *saved[4:])  # code the SRE engine refuses
    assert revive(broken, r"\d+ ms", re.IGNORECASE).search("200 ms")


def test_a_cached_index_revives_its_regexes_without_compiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = PhraseIndex()
    index.add(compile_phrase(r"re:\b\d+\s?(?:ms|milliseconds?)\b"), "latency")
    back: PhraseIndex = pickle.loads(pickle.dumps(index))
    regex_store._write()  # what the process that built the index does as it ends
    # as in a new process: nothing compiled, the store not read yet
    monkeypatch.setattr(regex_store, "_saved", None)
    monkeypatch.setattr(regex_store, "_fresh", {})
    regex_code.compiled_pattern.cache_clear()

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled instead of revived")

    monkeypatch.setattr(re, "compile", no_compiling)
    from coach.engine.text import parse_document

    sentences = parse_document("The budget is 150 ms end to end.").sentences
    hits = back.regex_hits(sentences)
    assert [h.key for found in hits.values() for h in found] == ["latency"]
