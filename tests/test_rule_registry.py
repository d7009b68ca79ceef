"""Meta-tests over the rule registry: codes, docs, and examples that are tests."""

from __future__ import annotations

import re

import pytest

from coach.content.library import Library, load_library
from coach.content.schema import Question, Rule
from coach.engine import grade_text

LIBRARY: Library = load_library(include_user=False, use_cache=False)
RULES = LIBRARY.rubric.rules


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"MSD\d{3}", c) for c in codes)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", n) for n in names)
    assert len(RULES) >= 15


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_docs_are_present(rule: Rule) -> None:
    for text in (rule.message, rule.docs.what, rule.docs.why, rule.docs.fix):
        assert len(text.split()) >= 4, rule.code


def _question_for(rule: Rule) -> Question | None:
    if not rule.categories:
        return None
    return next(q for q in LIBRARY.questions.values() if q.category == rule.categories[0])


def _fires(rule: Rule, text: str, minutes: dict[str, float]) -> bool:
    report = grade_text(text, LIBRARY, _question_for(rule), minutes=minutes or None)
    return any(f.code == rule.code for f in report.findings)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_bad_example_triggers_the_rule(rule: Rule) -> None:
    bad = rule.examples.bad
    assert _fires(rule, bad.text, bad.minutes), f"{rule.code} bad example does not fire"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_good_example_does_not(rule: Rule) -> None:
    good = rule.examples.good
    assert not _fires(rule, good.text, good.minutes), f"{rule.code} good example fires"
