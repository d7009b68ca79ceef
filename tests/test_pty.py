"""End to end: the installed `coach`, in a pseudo-terminal, used as a person would."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import invoke
from tests.terminal import COACH, CTRL_C, CTRL_D, ESC_ENTER, Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed"),
]

QUESTION = "video-recommendations"
TRADEOFF = "The main trade-off is freshness against the latency of rebuilding the candidate index."


def coach(home: Path, *args: str) -> Any:
    """A later command on the history the terminal session left: in-process, since what
    it checks is what was saved, not how a terminal shows it (a `coach` process costs
    0.4-0.7 s more)."""
    result = invoke(*args, home=home)
    assert result.exit_code == 0, result.output
    return result


def session_id(text: str) -> str:
    found = re.search(r"coach (?:resume|export) ([0-9a-f]{8})", text)
    assert found, text
    return found.group(1)


def test_a_drill_from_start_to_report(tmp_path: Path) -> None:
    term = Terminal("drill", "wrapup", QUESTION, home=tmp_path)
    term.wait_for("Your answer")
    term.type(TRADEOFF + ESC_ENTER)
    term.wait_for("Score")
    assert term.finish() == 0
    assert "✓ Explicit trade-offs" in term.text
    sid = session_id(term.text)
    history = json.loads(coach(tmp_path, "history", "--format", "json").stdout)
    assert [(h["id"], h["status"], h["playbook"]) for h in history] == [(sid, "finished", "drill")]


def test_the_toolbar_clock_runs_while_the_candidate_is_idle(tmp_path: Path) -> None:
    term = Terminal("drill", "data", QUESTION, home=tmp_path)
    term.wait_for("Your answer")
    term.wait_for(" / 10 min")
    first = term.toolbar_seconds()
    assert first is not None
    # The candidate thinks; nobody presses a key, and the clock still counts on: two
    # ticks, so no single redraw (the cursor-position reply, say) can pass for it.
    term.wait_until(lambda: (term.toolbar_seconds() or 0) >= first + 2, f"{first} + 2 s")
    assert "Data engineering" in term.display.splitlines()[-1]
    term.type(CTRL_C)
    assert term.finish() == 130


def test_ctrl_c_mid_phase_then_resume_to_the_end(tmp_path: Path) -> None:
    term = Terminal("mock", QUESTION, home=tmp_path)
    term.wait_for("Your answer")
    term.type("The goal is long-term watch time for each user")
    term.type(CTRL_C)
    term.wait_for("Resume with: coach resume")
    assert term.finish() == 130
    sid = session_id(term.text)
    assert (
        json.loads(coach(tmp_path, "history", "--format", "json").stdout)[0]["status"]
        == "interrupted"
    )

    again = Terminal("resume", home=tmp_path)
    again.wait_for("The goal is long-term watch time for each user")  # the draft is back
    again.type(" and we rank videos by predicted watch time." + ESC_ENTER)
    for _ in range(12):  # skip every remaining prompt (phases and follow-ups) until the report
        again.pump(0.5)
        if "Report" in again.text:
            break
        again.type(CTRL_D)
    again.wait_for("Score")
    assert again.finish() == 0
    export = coach(tmp_path, "export", sid).stdout
    assert "The goal is long-term watch time for each user and we rank videos" in export
    assert "finished" in export


def test_kill_9_loses_no_submitted_answer(tmp_path: Path) -> None:
    term = Terminal("mock", QUESTION, home=tmp_path)
    term.wait_for("Your answer")
    clarify = "We optimise long-term watch time; ranking with 800M daily users at 200 ms p99."
    term.type(clarify + ESC_ENTER)
    term.wait_for("Answer the follow-up")
    term.type(ESC_ENTER)  # skip the follow-up with an empty answer
    term.wait_for("2/5")
    data = "Labels come from watch events longer than 30 seconds, split by time to avoid leakage."
    term.type(data + ESC_ENTER)
    term.wait_for("Data engineering & exploration:")  # graded: it was saved before that
    term.type("half a thought that was never submitted")
    os.kill(term.child.pid, signal.SIGKILL)
    term.finish()

    history = json.loads(coach(tmp_path, "history", "--format", "json").stdout)
    assert len(history) == 1 and history[0]["status"] == "active"
    exported = json.loads(coach(tmp_path, "export", history[0]["id"], "--format", "json").stdout)
    answers = [e["text"] for e in exported["transcript"] if e["kind"] == "answer"]
    assert answers == [clarify, data]
    markdown = coach(tmp_path, "export", "--last").stdout
    assert clarify in markdown and data in markdown


def test_with_stdout_redirected_prompts_stay_on_screen_and_the_report_goes_to_the_file(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report.txt"
    term = Terminal("drill", "wrapup", QUESTION, home=tmp_path, redirect=report)
    term.wait_for("Your answer")  # the prompt reached the terminal through stderr
    term.type(TRADEOFF + ESC_ENTER)
    assert term.finish() == 0
    written = report.read_text()
    assert "Score" in written and "Explicit trade-offs" in written
    assert "Your answer" not in written


def test_a_concept_quiz_in_a_real_terminal(tmp_path: Path) -> None:
    # seed 5 puts bagging-vs-boosting first among the new ensembles concepts
    term = Terminal("quiz", "--topic", "ensembles", "--count", "1", "--seed", "5", home=tmp_path)
    term.wait_for("1/1 · ensembles")
    term.wait_for("bagging and boosting")
    term.wait_for("Concept 1/1 ·")  # the timer toolbar of the answer box
    answer = (
        "Bagging trains models in parallel on bootstrap samples and averages them, which "
        "reduces variance. Boosting trains weak learners one after another, each fixing the "
        "errors of the previous ones, which reduces bias. I'd use bagging for noisy data with "
        "deep trees, while boosting usually gives better accuracy but needs careful tuning "
        "because it can overfit noise."
    )
    term.type(answer + ESC_ENTER)
    term.wait_for("How well did you know it?")
    term.type("\r")  # keep the suggested rating
    term.wait_for("Quiz done")
    assert term.finish() == 0
    assert "Quiz done: 1 concept(s), 3/3 key points." in term.text
    assert "suggested rating: easy" in term.text
    exported = json.loads(coach(tmp_path, "export", "--all", "--format", "json").stdout)
    (review,) = exported["reviews"]
    assert review["card_id"].startswith("concept:") and review["source"] == "quiz"
    assert review["note"]["answer"] == answer


def fake_editor(tmp_path: Path, script: str = f"printf '%s\\n' '{TRADEOFF}' >> \"$1\"") -> str:
    """A stand-in for $EDITOR, run with the file to edit as $1; by default it appends a
    paragraph to the file, as a person would."""
    editor = tmp_path / "fake-editor"
    editor.write_text(f"#!/bin/sh\n{script}\n")
    editor.chmod(0o755)
    return str(editor)


def test_a_long_answer_written_in_the_editor(tmp_path: Path) -> None:
    term = Terminal("drill", "wrapup", QUESTION, home=tmp_path, editor=fake_editor(tmp_path))
    term.wait_for("Your answer")
    term.type("Draft typed in the box first.\n:e" + ESC_ENTER)
    term.wait_for("Score")
    assert term.finish() == 0
    exported = coach(tmp_path, "export", "--last").stdout
    assert "Draft typed in the box first." in exported  # what was typed went to the editor
    assert TRADEOFF in exported  # and what the editor added came back
    assert ":e" not in exported
    assert "✓ Explicit trade-offs" in term.text


def test_ctrl_e_edits_the_answer_box_in_the_editor(tmp_path: Path) -> None:
    term = Terminal("drill", "wrapup", QUESTION, home=tmp_path, editor=fake_editor(tmp_path))
    term.wait_for("Your answer")
    term.type("Typed first.")
    term.type("\x05")  # Ctrl-E: the buffer goes to $EDITOR and comes back edited
    term.wait_for("freshness against the latency")  # back in the box, not yet submitted
    assert "Score" not in term.text
    term.type(ESC_ENTER)
    term.wait_for("Score")
    assert term.finish() == 0
    exported = coach(tmp_path, "export", "--last").stdout
    assert "Typed first." in exported and TRADEOFF in exported


def test_when_the_editor_fails_the_typed_answer_is_kept(tmp_path: Path) -> None:
    latin1 = fake_editor(tmp_path, "printf 'caf\\351 au lait\\n' >> \"$1\"")
    term = Terminal("drill", "wrapup", QUESTION, home=tmp_path, editor=latin1)
    term.wait_for("Your answer")
    term.type("Before editor.\n:e" + ESC_ENTER)
    term.wait_for("error: the editor's file is not UTF-8 text; keeping what you typed")
    term.type(TRADEOFF)  # back in the box, below what was typed
    term.wait_for("freshness against the latency")
    term.type(ESC_ENTER)
    term.wait_for("Score")
    assert term.finish() == 0
    assert "Traceback" not in term.text
    exported = coach(tmp_path, "export", "--last", "--format", "json").stdout
    answers = [e["text"] for e in json.loads(exported)["transcript"] if e["kind"] == "answer"]
    assert answers == [f"Before editor.\n{TRADEOFF}"]


def test_ctrl_e_with_a_failing_editor_is_one_line_and_the_box_keeps_working(
    tmp_path: Path,
) -> None:
    term = Terminal("drill", "wrapup", QUESTION, home=tmp_path, editor='vim "')
    term.wait_for("Your answer")
    term.type("Typed first.")
    term.type("\x05")  # Ctrl-E
    term.wait_for("error: could not run editor 'vim \"': No closing quotation")
    term.type(" " + TRADEOFF)  # keys typed after the error reach the box
    term.wait_for("freshness against the latency")
    assert "Unhandled exception" not in term.text and "Press ENTER" not in term.text
    term.type(ESC_ENTER)
    term.wait_for("Score")
    assert term.finish() == 0
    assert f"Typed first. {TRADEOFF}" in coach(tmp_path, "export", "--last").stdout


def test_what_was_typed_is_saved_before_the_editor_opens(tmp_path: Path) -> None:
    slow = fake_editor(tmp_path, "echo EDITING; sleep 30")
    term = Terminal("drill", "clarify", QUESTION, home=tmp_path, editor=slow)
    term.wait_for("Your answer")
    term.type("Before editor.\n:e" + ESC_ENTER)
    term.wait_for("EDITING")
    os.kill(term.child.pid, signal.SIGKILL)  # coach dies while the editor is open
    term.finish()
    exported = json.loads(coach(tmp_path, "export", "--last", "--format", "json").stdout)
    assert [e["text"] for e in exported["transcript"] if e["kind"] == "draft"] == [
        "Before editor.\n"
    ]


def test_sigterm_saves_what_was_typed(tmp_path: Path) -> None:
    term = Terminal("mock", QUESTION, home=tmp_path)
    term.wait_for("Your answer")
    term.type("The goal is long-term watch time")
    term.wait_for("long-term watch time")
    os.kill(term.child.pid, signal.SIGTERM)
    term.wait_for("Resume with: coach resume")
    assert term.finish() == 130
    assert "Traceback" not in term.text
    exported = json.loads(coach(tmp_path, "export", "--last", "--format", "json").stdout)
    assert exported["status"] == "interrupted"
    assert [(e["kind"], e["text"]) for e in exported["transcript"]] == [
        ("draft", "The goal is long-term watch time")
    ]


def test_closing_the_terminal_saves_what_was_typed(tmp_path: Path) -> None:
    term = Terminal("mock", QUESTION, home=tmp_path)
    term.wait_for("Your answer")
    term.type("The goal is long-term watch time")
    term.wait_for("long-term watch time")  # on screen: the box has it
    term.child.ptyproc.fileobj.close()  # the window closes: the kernel sends SIGHUP
    deadline = time.monotonic() + 15
    while term.child.isalive() and time.monotonic() < deadline:
        time.sleep(0.1)
    exported = json.loads(coach(tmp_path, "export", "--last", "--format", "json").stdout)
    assert exported["status"] == "interrupted"
    assert [(e["kind"], e["text"]) for e in exported["transcript"]] == [
        ("draft", "The goal is long-term watch time")
    ]


def recovery_text(home: Path) -> str:
    files = list((home / "recovery").glob("*.md")) if (home / "recovery").is_dir() else []
    return files[0].read_text(encoding="utf-8") if files else ""


def test_kill_9_loses_nothing_the_autosave_reached_and_resume_offers_it(tmp_path: Path) -> None:
    term = Terminal("drill", "clarify", QUESTION, home=tmp_path)
    term.wait_for("Your answer")
    typed = "The goal is long-term watch time — not clicks"
    term.type(typed)
    deadline = time.monotonic() + 5  # the autosave interval is 1 s; allow for a slow machine
    while recovery_text(tmp_path) != typed and time.monotonic() < deadline:
        time.sleep(0.1)
    assert recovery_text(tmp_path) == typed
    os.kill(term.child.pid, signal.SIGKILL)
    term.finish()

    again = Terminal("resume", home=tmp_path)
    again.wait_for("Your answer")
    assert "Recovered what you were typing" in again.text and typed in again.display
    again.type(ESC_ENTER)
    again.wait_for("Answer the follow-up")
    again.type(ESC_ENTER)
    assert again.finish() == 0
    exported = json.loads(coach(tmp_path, "export", "--last", "--format", "json").stdout)
    assert [e["text"] for e in exported["transcript"] if e["kind"] == "answer"] == [typed]
    assert recovery_text(tmp_path) == ""  # the history has it: the file is gone


def test_an_answer_typed_in_a_c_locale_is_saved_as_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PYTHONCOERCECLOCALE", "0")
    term = Terminal("drill", "clarify", "customer-churn-prediction", home=tmp_path)
    term.wait_for("Your answer")
    term.type("churn — 5%" + ESC_ENTER)
    term.wait_for("Answer the follow-up")
    term.type(ESC_ENTER)
    assert term.finish() == 0
    assert "Traceback" not in term.text
    exported = json.loads(coach(tmp_path, "export", "--last", "--format", "json").stdout)
    assert [e["text"] for e in exported["transcript"] if e["kind"] == "answer"] == ["churn — 5%"]


def test_ctrl_c_at_a_follow_up_then_resume_returns_to_the_follow_up(tmp_path: Path) -> None:
    """Issue 14's repro, as a person types it."""
    term = Terminal("drill", "clarify", "customer-churn-prediction", home=tmp_path)
    term.wait_for("Your answer")
    term.type("We want to keep subscribers who would cancel next month." + ESC_ENTER)
    term.wait_for("Answer the follow-up")
    term.type("For offline I would use PR-AUC because")
    term.type(CTRL_C)
    term.wait_for("Resume with: coach resume")
    assert term.finish() == 130

    again = Terminal("resume", home=tmp_path)
    again.wait_for("Answer the follow-up")
    # the phase so far is on screen, and the half-typed follow-up is back in its own box
    again.wait_for("For offline I would use PR-AUC because")
    assert "We want to keep subscribers who would cancel next month." in again.text
    again.type(" churners are rare." + ESC_ENTER)
    again.wait_for("Score")
    assert again.finish() == 0
    exported = json.loads(coach(tmp_path, "export", "--last", "--format", "json").stdout)
    by_kind = {e["kind"]: e["text"] for e in exported["transcript"]}
    assert by_kind["answer"] == "We want to keep subscribers who would cancel next month."
    assert by_kind["probe_answer"] == "For offline I would use PR-AUC because churners are rare."


def test_plain_coach_shows_the_question_and_offers_another_before_the_clock_starts(
    tmp_path: Path,
) -> None:
    term = Terminal(home=tmp_path)
    term.wait_for("Practise this question?")
    first = re.findall(r"\(([a-z0-9-]+)\)", term.text)
    assert first and "Start the mock (50 min)" in term.text and "Your answer" not in term.text
    term.type("\x1b[B\r")  # down to "Another question", Enter
    term.wait_until(lambda: term.text.count("Practise this question?") >= 2, "a second offer")
    term.type("\r")  # "Start the mock"
    term.wait_for("Your answer")
    term.type(CTRL_C)
    term.wait_for("Resume with: coach resume")
    assert term.finish() == 130
    started = json.loads(coach(tmp_path, "history", "--format", "json").stdout)
    assert len(started) == 1 and started[0]["question"] != first[0]
