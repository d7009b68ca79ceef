"""Properties of the engine on arbitrary and on markdown-like text (hypothesis).

Whatever the text: grading never raises, is deterministic, every evidence
position points at the start of its sentence in the text, every finding is on
a line that exists and the score stays within 0..100.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coach.content.library import Library, load_library
from coach.content.schema import Question
from coach.engine import grade_text
from coach.engine.report_json import report_to_dict

# Loaded once at import: hypothesis runs many examples per test, and the
# function-scoped COACH_HOME fixture must not be mixed with a module fixture.
LIBRARY: Library = load_library(include_user=False, use_cache=False)
QUESTIONS = [None, *(LIBRARY.questions[q] for q in sorted(LIBRARY.questions)[:8])]
for _qid in ("video-recommendations", "retail-demand-forecasting"):
    if _qid in LIBRARY.questions:
        QUESTIONS.append(LIBRARY.questions[_qid])

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- strategies --------------------------------------------------------------

MARKUP = st.sampled_from(
    [*"\n\n\n#`|-*_>:.?!,;()[]0123456789 \t\r", "```", "~~~", "    ", "## ", "- ", "1. ", "e.g. "]
)
# Any unicode text, with the characters markdown cares about mixed in generously.
raw_text = st.lists(
    st.one_of(st.text(max_size=12), MARKUP, st.sampled_from(["ms", "k QPS", "%", "p99", "not "])),
    max_size=60,
).map("".join)


def _plain_terms() -> list[str]:
    """Rubric phrases that read as plain words (no regex, wildcard or gap syntax)."""
    terms: set[str] = set()
    for item in LIBRARY.items.values():
        for signal in item.match:
            for phrase in (*signal.any, *signal.near):
                if not phrase.startswith("re:") and not re.search(r"[*|]|\.\.", phrase):
                    terms.add(phrase)
    for rule in LIBRARY.rubric.rules:
        for cond in (rule.trigger, rule.require, rule.unless):
            if cond is not None:
                terms.update(m for m in cond.mentions if not re.search(r"[*|]|\.\.", m))
    return sorted(terms)


TERMS = _plain_terms()
HEADING_WORDS = [
    *sorted({w for phase in LIBRARY.framework.phases for w in phase.headings}),
    "Appendix",
    "Notes",
    "Data & features",
]
FILLER = (
    "we the a model users data because then first so it is on for with and of to daily "
    "weekly every in production our team would can will against baseline"
).split()
NEGATORS = ["not", "no", "never", "don't", "won't", "without", "instead of", "rather than"]
QUANTITIES = ["200 ms", "100M DAU", "10k QPS", "5%", "p99", "millions of users", "version 2", "3"]

word = st.one_of(
    st.sampled_from(TERMS),
    st.sampled_from(FILLER),
    st.sampled_from(NEGATORS),
    st.sampled_from(QUANTITIES),
)
sentence = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(word, min_size=1, max_size=14),
    st.sampled_from([".", ".", ".", "?", "!", "", ", e.g. Spark."]),
)
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
heading = st.one_of(
    st.builds(
        lambda n, h: "#" * n + " " + h.capitalize(),
        st.integers(1, 4),
        st.sampled_from(HEADING_WORDS),
    ),
    st.builds(lambda h: f"**{h.capitalize()}**", st.sampled_from(HEADING_WORDS)),
    st.builds(lambda h: f"{h.capitalize()}:", st.sampled_from(HEADING_WORDS)),
    st.builds(
        lambda h, u: f"{h.capitalize()}\n{u * 5}",
        st.sampled_from(HEADING_WORDS),
        st.sampled_from("=-"),
    ),
)
bullets = st.lists(
    st.builds(lambda m, s: f"{m} {s}", st.sampled_from(["-", "*", "1.", "2)", "  -"]), sentence),
    min_size=1,
    max_size=5,
).map("\n".join)
code = st.one_of(
    st.builds(lambda s: f"```\n{s}\n```", paragraph),
    st.builds(lambda s: f"~~~python\n{s}\n~~~", paragraph),
    st.builds(lambda s: f"    {s}", sentence),
    st.builds(lambda s: f"```\n{s}", paragraph),  # never closed
)
table = st.builds(
    lambda rows, indent: "\n".join(indent + row for row in [rows[0], "|---|---|", *rows[1:]]),
    st.lists(st.builds(lambda a, b: f"| {a} | {b} |", sentence, sentence), min_size=1, max_size=3),
    st.sampled_from(["", "", " ", "   "]),
)
block = st.one_of(heading, paragraph, paragraph, bullets, code, table)
markdown = st.builds(
    lambda blocks, sep: sep.join(blocks),
    st.lists(block, min_size=0, max_size=12),
    st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]),
)
question = st.sampled_from(QUESTIONS)

# --- checks -----------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """Lines as the engine counts them (CRLF and lone CR are line breaks)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def check_report(text: str, q: Question | None) -> None:
    report = grade_text(text, LIBRARY, q)
    again = grade_text(text, LIBRARY, q)
    first = report_to_dict(report, "answer.md")
    assert first == report_to_dict(again, "answer.md")
    json.dumps(first)  # the JSON contract holds for any input

    if report.score is None:  # not graded: only an answer in another language
        assert report.warning is not None and "English" in report.warning
        assert report.verdict == "not graded"
    else:
        assert 0 <= report.score <= 100
        assert isinstance(report.score, int)
        assert report.verdict in {v.name for v in LIBRARY.rubric.grading.verdicts}

    lines = _lines(text)
    for result in report.items:
        assert result.covered == bool(result.evidence)
        for ev in result.evidence:
            assert 1 <= ev.line <= len(lines), ev
            line = lines[ev.line - 1]
            assert 1 <= ev.col <= len(line), ev
            first_word = ev.text.split()[0]
            at = line[ev.col - 1 : ev.col - 1 + len(first_word)]
            assert at.lower() == first_word.lower(), (ev, line)
    n_lines = len(lines) if text else 1
    for finding in report.findings:
        assert 1 <= finding.line <= n_lines, finding
        assert finding.col >= 1


@SETTINGS
@given(raw_text, question)
@example("- \n0MS", None)  # a bullet whose text starts on the next line
def test_any_text_grades_cleanly(text: str, q: Question | None) -> None:
    check_report(text, q)


@SETTINGS
@given(markdown, question)
def test_markdown_answers_grade_cleanly(text: str, q: Question | None) -> None:
    check_report(text, q)


@SETTINGS
@given(markdown)
def test_evidence_comes_from_prose_bullets_or_tables(text: str) -> None:
    """Headings and code never earn: no evidence text starts with markup of those."""
    report = grade_text(text, LIBRARY)
    for result in report.items:
        for ev in result.evidence:
            assert not ev.text.startswith(("#", "```", "~~~")), ev


@SETTINGS
@given(st.lists(sentence, min_size=1, max_size=6))
def test_adding_a_code_block_changes_nothing(sentences: list[str]) -> None:
    """Text inside a fenced block is invisible to coverage and rules."""
    base = "\n\n".join(sentences)
    fenced = base + "\n\n```\n" + "\n".join(sentences) + "\n```\n"
    a, b = grade_text(base, LIBRARY), grade_text(fenced, LIBRARY)
    assert [r.covered for r in a.items] == [r.covered for r in b.items]
    assert [(r.item.id, [(e.line, e.col) for e in r.evidence]) for r in a.items] == [
        (r.item.id, [(e.line, e.col) for e in r.evidence]) for r in b.items
    ]
    assert [(f.code, f.line, f.col, f.message) for f in a.findings] == [
        (f.code, f.line, f.col, f.message) for f in b.findings
    ]


_GRADE_FIXTURES = """
import json, sys
from pathlib import Path
from coach.content.library import load_library
from coach.engine import grade_text
from coach.engine.report_json import report_to_dict
lib = load_library(include_user=False, use_cache=False)
out = []
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    for qid in (None, "video-recommendations", "realtime-payment-fraud"):
        q = lib.questions.get(qid) if qid else None
        out.append(report_to_dict(grade_text(path.read_text(), lib, q), path.name))
print(json.dumps(out, sort_keys=True))
"""


def test_grading_does_not_depend_on_the_hash_seed() -> None:
    """Deterministic across processes too: no set or dict order leaks into a report."""
    answers = Path(__file__).resolve().parent / "fixtures" / "answers"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _GRADE_FIXTURES, str(answers)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) >= 3 * 20
