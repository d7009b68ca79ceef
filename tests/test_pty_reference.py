"""End to end: after a mock with gaps, the report shows what the reference answer says."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.terminal import COACH, ESC_ENTER, Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed"),
]

QUESTION = "customer-churn-prediction"
ANSWERS = {
    "Problem clarification": "The goal is to cut churn among subscribers.",
    "Data engineering": "We use the usage logs of each subscriber.",
    "Model architecture": "A gradient-boosted tree model predicts who will cancel.",
    "Evaluation": "We check it on recent months.",
    "Wrap-up": "It should work well.",
}


def wait_count(term: Terminal, needle: str, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        term.pump()
        if term.text.count(needle) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} seen {term.text.count(needle)} times, not {count}")


def test_a_mock_report_shows_the_reference_for_each_missed_point(tmp_path: Path) -> None:
    term = Terminal("mock", QUESTION, home=tmp_path, cols=120)
    for n, answer in enumerate(ANSWERS.values(), 1):
        wait_count(term, "Your answer", n)
        term.type(answer + ESC_ENTER)
        wait_count(term, "Answer the follow-up", n)
        term.type(ESC_ENTER)  # skip the follow-up
    term.wait_for("Score", timeout=30)
    assert term.finish() == 0
    report = term.text[term.text.rindex("Report") :]
    assert "✗ Labels (data.labels)" in report
    labels = report[report.index("✗ Labels (data.labels)") :]
    assert "reference:" in labels.split("✗", 2)[1], labels[:400]
