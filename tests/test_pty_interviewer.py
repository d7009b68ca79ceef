"""End to end: `coach interviewer` in a pseudo-terminal, then its session in the history."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import invoke
from tests.terminal import COACH, CTRL_C, Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed"),
]

QUESTION = "video-recommendations"
ENTER = "\r"


def coach(home: Path, *args: str) -> Any:
    result = invoke(*args, home=home)
    assert result.exit_code == 0, result.output
    return result


def session_id(text: str) -> str:
    found = re.search(r"coach export ([0-9a-f]{8})", text)
    assert found, text
    return found.group(1)


def tick_phase(term: Terminal, name: str, keys: str, note: str) -> None:
    term.wait_for(f"Tick: {name}")
    term.type(keys)
    term.type(ENTER)
    term.wait_for(f"Note on {name}")
    term.type(note + ENTER)


def test_a_full_interview_with_ticks_shows_in_history_export_and_stats(tmp_path: Path) -> None:
    term = Terminal("interviewer", QUESTION, home=tmp_path)
    term.wait_for("Facts to reveal when asked")
    term.wait_for("Tick: Problem clarification")
    term.wait_for(" / 5–10 min")  # the phase timer in the bottom bar
    term.type("f")  # the facts, in the pane under the list, while the candidate asks
    term.wait_for("Facts to reveal when asked:")
    term.type("f")
    # 1: business goal made; 3 twice: scale made only in passing
    tick_phase(term, "Problem clarification", "133", "Asked about scale before anything else")
    tick_phase(term, "Data engineering", "12", "")
    tick_phase(term, "Model architecture", "1", "No funnel")
    tick_phase(term, "Evaluation", "", "")
    tick_phase(term, "Wrap-up", "1", "")
    term.wait_for("Your overall rating")
    term.type(ENTER)  # the verdict the ticks give
    term.wait_for("Saved as session")
    assert term.finish() == 0
    assert "scored by the interviewer" in term.text
    sid = session_id(term.text)

    history = json.loads(coach(tmp_path, "history", "--format", "json").stdout)
    assert [(h["id"], h["playbook"], h["status"]) for h in history] == [
        (sid, "interviewer", "finished")
    ]
    assert sid in coach(tmp_path, "history").stdout

    markdown = coach(tmp_path, "export", sid).stdout
    assert "scored by the interviewer" in markdown
    assert "- [x] Business goal (`clarify.goal`)" in markdown
    assert "- [x] Scale in numbers (`clarify.scale`) · in passing" in markdown
    assert "- [ ] Latency and real-time vs batch (`clarify.latency`)" in markdown
    assert "Note: Asked about scale before anything else" in markdown

    exported = json.loads(coach(tmp_path, "export", sid, "--format", "json").stdout)
    report = exported["report"]
    assert report["scored_by"] == "interviewer"
    assert exported["score"] == report["score"] == history[0]["score"]
    depth = {item["id"]: item["depth"] for item in report["items"]}
    assert depth["clarify.goal"] == "substance" and depth["clarify.scale"] == "mention"
    assert depth["clarify.latency"] == "none"
    notes = [e["text"] for e in exported["transcript"] if e["kind"] == "interviewer_note"]
    assert notes == ["Asked about scale before anything else", "No funnel"]

    stats = json.loads(coach(tmp_path, "stats", "--format", "json").stdout)
    assert stats["sessions"] == 1
    assert stats["scores"][0]["score"] == history[0]["score"]


def test_ctrl_c_ends_the_interview_scored_on_the_phases_reached(tmp_path: Path) -> None:
    term = Terminal("interviewer", QUESTION, home=tmp_path)
    tick_phase(term, "Problem clarification", "1", "")
    term.wait_for("Tick: Data engineering")
    term.type("1" + CTRL_C)
    term.wait_for("Saved as session")
    assert term.finish() == 0
    sid = session_id(term.text)
    exported = json.loads(coach(tmp_path, "export", sid, "--format", "json").stdout)
    assert {p["id"] for p in exported["report"]["phases"]} == {"clarify", "data"}
    assert exported["status"] == "finished"
